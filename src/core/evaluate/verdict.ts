import { failOnText } from './failOn';
import { metricInfo } from './metricCatalog';
import { countText, intervalText, sig3, windowName } from './present';
import type { EvaluationReport } from './types';

const label = (id: string) => metricInfo(id)?.label ?? id;

/**
 * One sentence that names what failed and where (the verdict card of issue 22), and the status:
 * fail when a --fail-on condition holds; warn when a window is significantly worse than the reference, CBPE
 * estimates and reality disagree or an estimate alerts, or a segment is weak; pass otherwise.
 */
export function evaluationVerdict(r: Omit<EvaluationReport, 'verdict'>, unit: string | null): { status: 'pass' | 'warn' | 'fail'; text: string } {
  const primary = r.metrics.find((m) => m.name === r.primaryMetric);
  const rows = `${countText(r.labeledRows)} labelled row${r.labeledRows === 1 ? '' : 's'}`;
  const headline = primary && primary.value !== null ? `${label(primary.name)} ${sig3(primary.value)}${primary.ci ? ` ${intervalText(primary.ci)}` : ''} on ${rows}` : `${label(r.primaryMetric)} is undefined on ${rows} (${primary?.note ?? 'no labels'})`;
  const failed = r.failOn.filter((f) => f.status === 'fail');
  if (failed.length) return { status: 'fail', text: `Fails ${failed.map(failOnText).join('; ')}. ${headline}.` };
  const flagged = r.windows?.filter((w) => w.flagged) ?? [];
  if (flagged.length && r.windows && r.referenceMetrics) {
    const last = flagged[flagged.length - 1]!;
    const m = last.metrics.find((x) => x.name === r.primaryMetric);
    const ref = r.referenceMetrics.find((x) => x.name === r.primaryMetric);
    return { status: 'warn', text: `${label(r.primaryMetric)} is significantly worse than the reference in ${flagged.length} of ${r.windows.length} windows (latest: ${windowName(last, unit)}, ${sig3(m?.value)} vs ${sig3(ref?.value)}).` };
  }
  if (r.estimated?.disagreements.length) return { status: 'warn', text: r.estimated.summary };
  if (r.estimated?.windows.some((w) => w.metrics.some((m) => m.alert && m.realized === null))) return { status: 'warn', text: r.estimated.summary };
  const weak = r.segments.filter((s) => s.weak);
  if (weak.length) {
    const s = weak[0]!;
    return { status: 'warn', text: `${headline}, but weaker where ${s.column} = ${s.value}: ${label(s.metric).toLowerCase()} ${sig3(s.inside)} vs ${sig3(s.outside)} elsewhere (${countText(s.rows)} rows)${weak.length > 1 ? ` and ${weak.length - 1} more segment${weak.length > 2 ? 's' : ''}` : ''}.` };
  }
  if (r.labeledRows === 0 && r.estimated) {
    const e = r.estimated.windows[r.estimated.windows.length - 1]?.metrics[0];
    if (e && e.value !== null) return { status: 'pass', text: `No labels yet: estimated ${label(e.name)} ${sig3(e.value)}${e.band ? ` ${intervalText(e.band)}` : ''} (CBPE, calibrated on ${countText(r.estimated.referenceRows)} reference rows).` };
  }
  if (!primary || primary.value === null) return { status: 'warn', text: `${headline}.` };
  const tail = r.windows ? ` No window is significantly worse than the reference.` : '';
  return { status: 'pass', text: `${headline}.${tail}` };
}
