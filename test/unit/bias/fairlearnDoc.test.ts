import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confusionFromArrays } from '../../../src/core/bias/confusionFromArrays';
import { differenceBetweenGroups, differenceToOverall, ratioBetweenGroups, ratioToOverall } from '../../../src/core/bias/disparity';
import { evaluate, type EvaluatedGroup } from '../../../src/core/bias/evaluate';
import type { BaseMetricId } from '../../../src/core/bias/metrics';

// fairlearn's user-guide doctest (perform_fairness_assessment / common_fairness_metrics):
// by_group tpr/fpr/sel, difference(), ratio(), difference('to_overall'), ratio('to_overall'),
// demographic_parity_difference = 0.25, _ratio = 0.666…, equalized_odds_difference = 1.0, _ratio = 0.0.
interface Doc {
  y_true: number[];
  y_pred: number[];
  sensitive: string[];
  expected: {
    overall: Record<string, number>;
    byGroup: Record<string, Record<string, number>>;
    difference: Record<string, number>;
    ratio: Record<string, number>;
    differenceToOverall: Record<string, number>;
    ratioToOverall: Record<string, number>;
    [k: string]: unknown;
  };
}
const doc = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bias/fairlearnDocExample.json'), 'utf8')) as Doc;

describe("fairlearn's documented user-guide example", () => {
  const table = confusionFromArrays({ attributes: { sf: doc.sensitive }, label: doc.y_true, favorable: 1, prediction: doc.y_pred });
  const [e] = evaluate(['sf'], table, { minGroupSize: 0, privileged: {} });
  assert.ok(e);

  it('by_group and overall tpr, fpr, selection rate', () => {
    for (const [g, want] of Object.entries(doc.expected.byGroup)) {
      const got: EvaluatedGroup | undefined = e.groups.find((x) => x.group === g);
      assert.ok(got);
      assert.equal(got.counts.n, want['n']);
      for (const m of ['tpr', 'fpr', 'selectionRate'] as const) assert.ok(Math.abs((got.metrics[m].value ?? NaN) - (want[m] ?? NaN)) < 1e-12, `${g} ${m}`);
    }
    for (const m of ['tpr', 'fpr', 'selectionRate'] as const) assert.ok(Math.abs((e.overall[m].value ?? NaN) - (doc.expected.overall[m] ?? NaN)) < 1e-12, m);
  });

  it('MetricFrame.difference / ratio, between groups and to overall', () => {
    for (const m of ['tpr', 'fpr', 'selectionRate'] as BaseMetricId[]) {
      const series = e.groups.map((g) => ({ group: g.group, small: false, value: g.metrics[m] }));
      const checks: [string, number | null, number | undefined][] = [
        ['difference', differenceBetweenGroups(series).value, doc.expected.difference[m]],
        ['ratio', ratioBetweenGroups(series).value, doc.expected.ratio[m]],
        ['differenceToOverall', differenceToOverall(series, e.overall[m]).value, doc.expected.differenceToOverall[m]],
        ['ratioToOverall', ratioToOverall(series, e.overall[m]).value, doc.expected.ratioToOverall[m]],
      ];
      for (const [what, got, want] of checks) assert.ok(got !== null && want !== undefined && Math.abs(got - want) < 1e-12, `${m} ${what}: ${got} vs ${want}`);
    }
  });

  it('demographic parity and equalized odds functions', () => {
    assert.ok(Math.abs((e.disparities['demographicParityDifference']?.value ?? NaN) - 0.25) < 1e-12);
    assert.ok(Math.abs((e.disparities['demographicParityRatio']?.value ?? NaN) - 2 / 3) < 1e-12);
    assert.equal(e.disparities['equalizedOddsDifference']?.value, 1);
    assert.equal(e.disparities['equalizedOddsRatio']?.value, 0);
    // printed as 0.194444 / 0.740741 in the docs
    assert.ok(Math.abs((e.disparities['demographicParityDifferenceToOverall']?.value ?? NaN) - 0.194444) < 5e-7);
    assert.ok(Math.abs((e.disparities['demographicParityRatioToOverall']?.value ?? NaN) - 0.740741) < 5e-7);
  });
});
