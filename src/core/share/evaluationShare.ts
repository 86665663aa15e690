import { basename } from 'node:path';
import { metricInfo } from '../evaluate/metricCatalog';
import type { EvaluationReport, MetricValue } from '../evaluate/types';
import { formatCount, formatInterval, formatNumber } from '../render/numbers';
import type { Verdict } from '../verdict/types';
import type { ShareDoc } from './sharePage';

const label = (id: string): string => metricInfo(id)?.label ?? id;
const valueOf = (ms: readonly MetricValue[] | null | undefined, id: string): MetricValue | undefined => ms?.find((m) => m.name === id);

/** The evaluation's verdict in the shared shape: its status and sentence, flagged windows as reasons, three numbers. */
export function evaluationShareVerdict(r: EvaluationReport): Verdict {
  const primary = valueOf(r.metrics, r.primaryMetric);
  const flagged = (r.windows ?? []).filter((w) => w.flagged);
  return {
    status: r.verdict.status,
    headline: r.verdict.text,
    reasons: flagged.slice(0, 5).map((w) => `${w.start.slice(0, 10)}: ${label(r.primaryMetric)} ${formatNumber(valueOf(w.metrics, r.primaryMetric)?.value ?? null)} is significantly worse than the reference.`),
    numbers: [
      { label: label(r.primaryMetric), value: formatNumber(primary?.value ?? null) },
      { label: 'labelled rows', value: formatCount(r.labeledRows) },
      ...(r.windows ? [{ label: 'windows worse than the reference', value: `${flagged.length} of ${r.windows.length}` }] : []),
    ],
  };
}

/** "Share…" on the Evaluate panel: the verdict, the primary metric per window as bars, and the overall metrics. */
export function evaluationShareDoc(r: EvaluationReport): ShareDoc {
  const primary = r.primaryMetric;
  const windows = r.windows ?? [];
  const bars = windows
    .map((w) => ({ w, v: valueOf(w.metrics, primary)?.value }))
    .filter((x): x is { w: typeof x.w; v: number } => typeof x.v === 'number' && Number.isFinite(x.v))
    .map(({ w, v }) => ({ label: w.start.slice(0, 10), value: Math.max(0, v), text: formatNumber(v), flagged: w.flagged }));
  const reference = valueOf(r.referenceMetrics, primary)?.value;
  const info = metricInfo(primary);
  return {
    title: `Model evaluation: ${basename(r.model ?? r.columns.score ?? r.columns.prediction ?? r.dataset)} on ${basename(r.dataset)}`,
    intro: 'An evaluation measures how good a model\'s predictions are on data whose true outcomes are known, overall and week by week, so a model that slowly gets worse is noticed before it costs money.',
    verdict: evaluationShareVerdict(r),
    ...(bars.length ? { chart: { title: `${label(primary)} per window`, bars, ...(typeof reference === 'number' ? { line: { value: reference, label: 'reference' } } : {}), ...(info?.proportion ? { max: 1 } : {}) } } : {}),
    tables: [{ title: 'Overall', head: ['Measure', 'Value', '95% interval', 'What it means'], rows: r.metrics.map((m) => [label(m.name), formatNumber(m.value), formatInterval(m.ci), metricInfo(m.name)?.definition ?? '']) }],
    notes: [
      `${formatCount(r.rows)} rows, ${formatCount(r.labeledRows)} with a known outcome.`,
      ...(r.windows ? ['Windows marked ⚠ are significantly and materially worse than the reference.'] : []),
      `Intervals: ${r.bootstrap.method}, ${formatCount(r.bootstrap.draws)} draws.`,
    ],
    generated: new Date().toISOString().slice(0, 10),
  };
}
