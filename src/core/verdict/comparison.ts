import type { VersionDiff } from '../versions/diffModels';
import { formatNumber, formatPercent } from '../render/numbers';
import { deltaText } from '../versions/verdict';
import { listWords, plural, type Verdict } from './types';

/**
 * The model-comparison verdict (panel, comparison check, `model-lens diff` exit code): fail when B is
 * significantly worse on the primary metric, warn when B is significantly worse on some slice, else pass.
 * The headline is the comparison's own plain-words verdict.
 */
export function comparisonVerdict(d: VersionDiff): Verdict {
  const worseSlices = d.slices.filter((s) => s.worse);
  const status: Verdict['status'] = d.verdict.worse ? 'fail' : worseSlices.length ? 'warn' : 'pass';
  const primary = d.metrics.find((m) => m.name === d.evaluation?.primaryMetric);
  const reasons = [
    ...d.metrics.filter((m) => m.significant).map((m) => `${deltaText(m.name, m.label, m.delta)}: B is significantly ${m.significant} (${m.better} is better).`),
    ...worseSlices.map((s) => `B is worse for ${s.column} = ${s.value} (${formatNumber(s.rows)} rows): ${s.metric} ${formatNumber(s.a)} → ${formatNumber(s.b)}.`),
  ];
  const numbers = [
    { label: primary ? `${primary.label} (B − A)` : 'Primary metric', value: primary ? deltaText(primary.name, primary.label, primary.delta).replace(`${primary.label} `, '') : '—', hint: 'Absolute change of the primary metric on the evaluation data, with a paired bootstrap interval.' },
    { label: 'Prediction agreement', value: d.predictions ? formatPercent(d.predictions.agreement) : '—', hint: 'Share of rows where A and B predict the same.' },
    { label: 'Slices where B is worse', value: d.slices.length ? `${worseSlices.length} of ${d.slices.length}` : '—', hint: worseSlices.length ? listWords(worseSlices.map((s) => `${s.column} = ${s.value}`)) : 'Significant after Benjamini–Hochberg.' },
  ];
  return { status, headline: d.verdict.text, reasons: reasons.length ? reasons : [`${plural(d.metrics.length, 'metric')} compared; none differs significantly.`], numbers };
}
