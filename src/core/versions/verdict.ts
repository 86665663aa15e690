import type { EvalMetric, Evaluation } from './evaluate';
import type { RecordedMetricDiff } from './types';

export interface Verdict {
  text: string;
  /** B is significantly worse than A on the primary metric (the CLI exits 1). */
  worse: boolean;
  better: boolean;
}

const sign = (v: number): string => (v > 0 ? '+' : v < 0 ? '−' : '±');
const num = (v: number, digits = 3): string => `${sign(v)}${Number(Math.abs(v).toPrecision(digits))}`;
const proportion = new Set(['auc', 'accuracy', 'precision', 'recall', 'f1']);

/**
 * A delta as a person reads it, always saying it is absolute (B − A): percentage points for proportions
 * ("AUC −0.7 points"; never "−0.7% AUC", which reads as a relative change), the metric's own unit for losses and
 * errors ("RMSE −0.012 absolute").
 */
export function deltaText(metric: string, label: string, delta: number): string {
  return proportion.has(metric) ? `${label} ${num(delta * 100, 2)} points` : `${label} ${num(delta)} absolute`;
}

export function ciText(metric: string, ci: [number, number] | null): string {
  if (!ci) return 'no CI';
  const f = (v: number) => (proportion.has(metric) ? num(v * 100, 2) : num(v));
  return `95% CI [${f(ci[0])}, ${f(ci[1])}]${proportion.has(metric) ? ' points' : ''}`;
}

/**
 * The plain-words verdict, e.g. "B is better overall (+1.8% AUC, CI [+0.9, +2.6]) but worse for
 * region=north (−4.1% accuracy)". Overall = the primary metric's paired-bootstrap interval; the slice
 * caveat names up to two slices where B is significantly worse after FDR control. Without an evaluation it
 * falls back to the recorded metrics, which carry no interval, so B is never called significantly worse.
 */
export function verdict(ev: Evaluation | null, recorded: RecordedMetricDiff[]): Verdict {
  if (!ev || !ev.primaryMetric) {
    const known = recorded.filter((r) => r.improved !== null);
    const prefix = ev ? `Predictions compared on ${ev.rows} rows (agreement ${(ev.predictions.agreement * 100).toFixed(1)}%); no label, so no metric deltas.` : 'No evaluation dataset: compared metadata only.';
    if (known.length === 0) return { text: `${prefix} Choose a dataset with a label to compare quality.`, worse: false, better: false };
    const parts = known.map((r) => `${r.name} ${r.improved ? 'improved' : 'got worse'} (${r.a} → ${r.b})`);
    return { text: `${prefix} Recorded metrics: ${parts.join('; ')}. Recorded metrics have no confidence interval.`, worse: false, better: false };
  }
  const m = ev.metrics.find((x) => x.name === ev.primaryMetric) as EvalMetric;
  const effect = `${deltaText(m.name, m.label, m.delta)}, ${ciText(m.name, m.ci)}`;
  const head = m.significant === 'better' ? `B is better overall (${effect})` : m.significant === 'worse' ? `B is worse overall (${effect})` : `No significant difference overall (${effect})`;
  const worseSlices = ev.slices.filter((s) => s.worse).slice(0, 2);
  const caveat = worseSlices.length ? ` ${m.significant === 'worse' ? 'and' : 'but'} worse for ${worseSlices.map((s) => `${s.column}=${s.value} (${deltaText(s.metric, ev.metrics.find((x) => x.name === s.metric)?.label ?? s.metric, s.delta)})`).join(' and ')}` : '';
  return { text: `${head}${caveat}.`, worse: m.significant === 'worse', better: m.significant === 'better' };
}
