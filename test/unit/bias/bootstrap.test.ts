import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentileSorted } from '../../../src/core/stats/percentile';
import { confusionFromArrays } from '../../../src/core/bias/confusionFromArrays';
import { buildAttributeReports } from '../../../src/core/bias/report';

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bias/generated.json'), 'utf8')) as { data: Record<string, (string | number | null)[]> };
const d = fixture.data;
const table = confusionFromArrays({ attributes: { gender: d['gender'] ?? [], age: d['age'] ?? [] }, label: d['y'] ?? [], favorable: 1, prediction: d['pred'] ?? [] });
const opts = (seed: number) => ({ minGroupSize: 30, privileged: { gender: 'male' }, bootstrap: { draws: 300, seed } });

describe('stratified bootstrap confidence intervals', () => {
  const a = buildAttributeReports(table, opts(0));

  it('same seed → identical intervals; another seed → different ones', () => {
    assert.deepEqual(buildAttributeReports(table, opts(0)), a);
    assert.notDeepEqual(buildAttributeReports(table, opts(1)).map((r) => r.metricCi), a.map((r) => r.metricCi));
  });

  it('every group metric has an interval that contains its point estimate', () => {
    let checked = 0;
    for (const r of a) {
      for (const g of r.groups) {
        const ci = g['ci'] as Record<string, [number, number]>;
        for (const m of ['selectionRate', 'tpr', 'fpr', 'precision', 'accuracy']) {
          const v = g[m] as number | null;
          const c = ci[m];
          if (v === null || g.small) continue;
          assert.ok(c, `${r.attribute}=${g.group} ${m} has a CI`);
          assert.ok(c[0] <= v && v <= c[1], `${r.attribute}=${g.group} ${m}: ${v} outside [${c[0]}, ${c[1]}]`);
          assert.ok(c[1] - c[0] > 0, 'a non-degenerate interval');
          checked++;
        }
      }
    }
    assert.ok(checked > 50);
  });

  it('the overall metrics get intervals from the same draws, containing the estimate', () => {
    const r = a[0];
    assert.ok(r?.overallCi);
    for (const m of ['selectionRate', 'tpr', 'fpr', 'accuracy']) {
      const v = r.overall[m] ?? NaN;
      const c = r.overallCi[m];
      assert.ok(c && c[0] <= v && v <= c[1] && c[1] > c[0], `${m}: ${v} vs ${String(c)}`);
    }
    assert.deepEqual(a[1]?.overallCi, r.overallCi);
  });

  it('disparities with a real gap have intervals around the estimate (gender)', () => {
    const g = a.find((r) => r.attribute === 'gender');
    assert.ok(g?.metricCi);
    for (const k of ['demographicParityDifference', 'demographicParityRatio', 'disparateImpact', 'statisticalParityDifference']) {
      const v = g.metrics[k] ?? NaN;
      const c = g.metricCi[k];
      assert.ok(c && c[0] <= v && v <= c[1], `${k}: ${v} vs ${String(c)}`);
    }
  });

  it('the overall group size stays fixed in each draw (group sizes fixed): intervals of n-free rates only', () => {
    const g = a.find((r) => r.attribute === 'gender & age');
    assert.ok(g && g.groups.length === 12);
    assert.ok(g.groups.every((x) => x.n > 0));
  });

  it('percentile uses numpy linear interpolation', () => {
    // numpy.percentile([1, 2, 3, 4], [2.5, 97.5]) = [1.075, 3.925]
    assert.ok(Math.abs(percentileSorted([1, 2, 3, 4], 0.025) - 1.075) < 1e-12);
    assert.ok(Math.abs(percentileSorted([1, 2, 3, 4], 0.975) - 3.925) < 1e-12);
  });
});
