import type { AbtestReport, MetricComparison } from '../abtest/types';
import { formatChange, formatCount, formatNumber, pEquals } from '../render/numbers';
import { listWords, type Verdict } from './types';

/** "+10.2% relative (p = 0.028)" or the absolute difference when there is no relative lift. */
function effect(m: MetricComparison, p = m.pAdjusted): string {
  const change = m.relativeLift === null ? formatChange(m.diff, 'absolute') : formatChange(m.relativeLift, 'relative');
  return `${m.metric} ${change}, ${pEquals(p)}`;
}

/**
 * The A/B verdict (the same for the panel, the experiment check and `model-lens abtest`'s exit code): fail on a
 * sample-ratio mismatch or any breached guardrail, even when another variant could ship; warn when the
 * decision is not to ship yet; pass when a variant can ship with nothing breached.
 */
export function abtestVerdict(r: AbtestReport): Verdict {
  const breached = r.guardrails.filter((g) => g.breached);
  const ship = r.decision.action === 'ship' ? r.decision.variant : undefined;
  const primary = r.metrics.find((m) => m.variant === ship) ?? r.metrics[0];
  let status: Verdict['status'];
  let headline: string;
  if (r.srm.detected) {
    status = 'fail';
    headline = `Sample ratio mismatch (${pEquals(r.srm.pValue)}): the split is broken, so no result can be trusted until the cause is found.`;
  } else if (breached.length) {
    status = 'fail';
    const parts = breached.map((g) => `${g.variant} breaches the guardrail ${g.metric} (${formatChange(g.diff, 'absolute')}, ${pEquals(g.pValue)})`);
    headline = `${parts.join('; ')}${ship && !breached.some((g) => g.variant === ship) ? `. ${ship} could ship (${effect(primary!)})` : `. ${r.decision.headline}`}.`;
  } else if (ship) {
    status = 'pass';
    headline = `Ship ${ship}: ${effect(primary!)}, no guardrail breached.`;
  } else {
    status = 'warn';
    headline = `${r.decision.headline}: ${r.decision.action === 'keep-running' ? 'no variant is significantly better yet' : 'the primary metric got worse'}.`;
  }
  const reasons = [
    ...breached.map((g) => `Guardrail ${g.metric} breached by ${g.variant}: ${formatNumber(g.control.mean)} → ${formatNumber(g.treatment.mean)} (${formatChange(g.diff, 'absolute')}, ${pEquals(g.pValue)}).`),
    ...r.decision.reasons,
  ];
  const numbers = [
    { label: `Primary metric${primary ? ` (${primary.metric}, ${primary.variant})` : ''}`, value: primary?.relativeLift === null || !primary ? (primary ? formatChange(primary.diff, 'absolute') : '—') : formatChange(primary.relativeLift, 'relative'), hint: 'Change of the treatment against control.' },
    { label: 'Guardrails breached', value: breached.length ? listWords(breached.map((g) => `${g.metric} (${g.variant})`)) : 'none', hint: 'Significantly worse in the harmful direction (p < α).' },
    { label: 'Sample ratio', value: r.srm.detected ? `mismatch (${pEquals(r.srm.pValue)})` : `as expected (${formatCount(r.rows)} units)`, hint: 'χ² test of the observed split; fails when p < 0.001.' },
  ];
  return { status, headline, reasons, numbers };
}
