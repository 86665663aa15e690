import { strict as assert } from 'node:assert';
import type { AbtestReport, MetricComparison } from '../../../src/core/abtest/types';
import { decisionTone, initialAbtestState, reduceAbtest, sequentialComparisons, srmStatus } from '../../../webview/abtest/state';

const look = (at: string) => ({ at, nTreatment: 10, nControl: 10, diff: 0.1, variance: 0.01, pValue: 0.5, ci: [-1, 1] as [number, number] });
const metric = (name: string, looks: number): MetricComparison => ({
  metric: name, type: 'binary', variant: 'B', control: { n: 10, mean: 0.1 }, treatment: { n: 10, mean: 0.2 }, diff: 0.1, ci: [0, 0.2], ciMethod: 'newcombe',
  relativeLift: 1, relativeCi: [0, 2], pValue: 0.01, pAdjusted: 0.01, significant: true, missing: { control: 0, treatment: 0 },
  sequential: { mixingVariance: 1e-4, pValue: 0.5, ci: [-1, 1], significant: false, looks: Array.from({ length: looks }, (_, i) => look(`d${i}`)) },
});
const report = (over: Partial<AbtestReport> = {}): AbtestReport => ({
  dataset: 'x.csv', rows: 20, variantColumn: 'v', controlValue: 'A', alpha: 0.05, variants: [{ name: 'A', n: 10, expectedShare: 0.5 }, { name: 'B', n: 10, expectedShare: 0.5 }],
  srm: { observed: [10, 10], expected: [0.5, 0.5], chi2: 0, df: 1, pValue: 1, detected: false, threshold: 0.001 },
  metrics: [metric('converted', 3), metric('revenue', 1)], guardrails: [{ ...metric('latency', 2), harm: 'increase', breached: false }], segments: [], issues: [],
  decision: { action: 'ship', variant: 'B', headline: 'Ship B', reasons: [] }, ...over,
});

describe('A/B test panel state', () => {
  it('snapshot → ready; the sequential picker lists comparisons with more than one look and stays in range', () => {
    let s = reduceAbtest(initialAbtestState, { type: 'snapshot', report: report() });
    assert.equal(s.status, 'ready');
    assert.deepEqual(sequentialComparisons(s.report!).map((m) => m.metric), ['converted', 'latency']);
    s = reduceAbtest(s, { type: 'sequential', index: 1 });
    assert.equal(s.sequential, 1);
    assert.equal(reduceAbtest(s, { type: 'sequential', index: 5 }).sequential, 1, 'out of range is ignored');
    const fewer = report({ guardrails: [] });
    assert.equal(reduceAbtest(s, { type: 'snapshot', report: fewer }).sequential, 0, 'reset when the new report has fewer');
    assert.equal(reduceAbtest(s, { type: 'failed', message: 'boom' }).error, 'boom');
  });
  it('decision tone and SRM wording', () => {
    assert.equal(decisionTone('ship'), 'good');
    assert.equal(decisionTone('keep-running'), 'wait');
    assert.equal(decisionTone('investigate-srm'), 'bad');
    assert.equal(decisionTone('dont-ship'), 'bad');
    assert.match(srmStatus(report()), /^No sample ratio mismatch \(χ² p = 1\)/);
    const bad = report({ srm: { observed: [10, 30], expected: [0.5, 0.5], chi2: 10, df: 1, pValue: 0.0000157, detected: true, threshold: 0.001 } });
    assert.match(srmStatus(bad), /mismatch detected \(χ² p < 0\.001, fails below 0\.001\)/);
  });
});
