import { formatNumber as f } from '../profile/formatNumber';
import { fp } from './abtestMarkdown';

const pIs = (p: number) => (p < 1e-300 ? 'p < 1e-300' : `p = ${fp(p)}`);
import type { Decision, GuardrailResult, MetricComparison, SegmentReport } from './types';
import type { SrmResult } from './srmTest';
import { proportionEffectSize, solveNobs1 } from './power';

const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}%`);

/**
 * The plain-language decision, in this order of precedence:
 * 1. SRM detected → investigate-srm: the split is broken, so no metric can be trusted.
 * 2. A guardrail breached by every treatment, or the primary metric significantly worse in every treatment
 *    → dont-ship.
 * 3. Some treatment improves the primary metric significantly (Holm-adjusted) with no breached guardrail
 *    → ship the one with the largest lift (heterogeneity warnings are listed as reasons to check).
 * 4. Otherwise → keep-running (say what is missing).
 * The primary metric is the first one given.
 */
export function decide(srm: SrmResult, metrics: MetricComparison[], guardrails: GuardrailResult[], segments: SegmentReport[], variants: string[], alpha: number): Decision {
  const reasons: string[] = [];
  if (srm.detected) {
    reasons.push(`Sample ratio mismatch: the unit counts ${srm.observed.join(' / ')} are unlikely under the expected split ${srm.expected.map((e) => `${Math.round(e * 1000) / 10}%`).join(' / ')} (χ² p = ${f(srm.pValue)} < ${srm.threshold}).`);
    reasons.push('Assignment or logging is broken (e.g. a bot filter, a redirect, a crash that drops one arm), so the metric comparisons are not trustworthy. Find the cause before reading any result.');
    return { action: 'investigate-srm', headline: 'Investigate the sample ratio mismatch first', reasons };
  }
  const primary = metrics[0]?.metric;
  const breached = new Map<string, GuardrailResult[]>();
  for (const g of guardrails.filter((x) => x.breached)) breached.set(g.variant, [...(breached.get(g.variant) ?? []), g]);
  for (const [v, gs] of breached) for (const g of gs) reasons.push(`${v}: guardrail '${g.metric}' breached: ${g.harm === 'increase' ? 'up' : 'down'} ${f(Math.abs(g.diff))} (${pct(g.relativeLift)}), ${pIs(g.pValue)}.`);
  const byVariant = variants.map((v) => ({ v, m: metrics.find((x) => x.metric === primary && x.variant === v) })).filter((x): x is { v: string; m: MetricComparison } => x.m !== undefined);
  const winners = byVariant.filter(({ v, m }) => m.significant && m.diff > 0 && !breached.has(v)).sort((a, b) => (b.m.relativeLift ?? b.m.diff) - (a.m.relativeLift ?? a.m.diff));
  const losers = byVariant.filter(({ m }) => m.significant && m.diff < 0);
  for (const { v, m } of losers) reasons.push(`${v}: '${m.metric}' is significantly worse: ${pct(m.relativeLift)} (95% CI ${pct(m.relativeCi?.[0] ?? null)} to ${pct(m.relativeCi?.[1] ?? null)}).`);
  const best = winners[0];
  if (best) {
    const m = best.m;
    reasons.unshift(`${best.v} improves '${m.metric}' by ${pct(m.relativeLift)} (95% CI ${pct(m.relativeCi?.[0] ?? null)} to ${pct(m.relativeCi?.[1] ?? null)}), ${pIs(m.pAdjusted)}${byVariant.length > 1 ? ' (Holm-adjusted)' : ''} < ${alpha}, and no guardrail of ${best.v} is breached.`);
    if (m.sequential && !m.sequential.significant) reasons.push(`The always-valid (sequential) p-value is ${f(m.sequential.pValue)}: if the results were peeked at before the planned sample size, let it run to plan.`);
    for (const s of segments.filter((x) => x.variant === best.v && x.warning)) reasons.push(s.warning!);
    for (const o of metrics.filter((x) => x.variant === best.v && x.metric !== primary && x.significant && x.diff < 0)) reasons.push(`But '${o.metric}' is significantly lower for ${best.v}: ${pct(o.relativeLift)}; make sure that trade-off is wanted.`);
    return { action: 'ship', variant: best.v, headline: `Ship ${best.v}`, reasons };
  }
  if (byVariant.length > 0 && byVariant.every(({ v, m }) => breached.has(v) || (m.significant && m.diff < 0))) {
    return { action: 'dont-ship', headline: breached.size ? 'Don\'t ship: a guardrail was breached' : 'Don\'t ship: the primary metric got worse', reasons };
  }
  for (const { v, m } of byVariant.filter(({ v: name, m: x }) => !breached.has(name) && !(x.significant && x.diff < 0))) {
    reasons.push(`${v}: no significant change in '${m.metric}' yet: ${pct(m.relativeLift)} (95% CI ${pct(m.relativeCi?.[0] ?? null)} to ${pct(m.relativeCi?.[1] ?? null)}), ${pIs(m.pAdjusted)}.`);
    const needed = unitsForObservedEffect(m, alpha);
    if (needed !== null && needed > Math.min(m.control.n, m.treatment.n)) reasons.push(`${v}: if the true effect is as large as observed, about ${needed.toLocaleString('en-US')} units per arm are needed for 80% power (now ${Math.min(m.control.n, m.treatment.n).toLocaleString('en-US')}).`);
  }
  reasons.push('Keep the test running until the planned sample size (see "Plan Rollout"); stop early only if the always-valid p-value falls below α.');
  return { action: 'keep-running', headline: 'Keep running', reasons };
}

/**
 * Units per arm for 80% power at the observed effect (two-sided, α): Cohen's h of the two rates for a binary metric,
 * d = diff / pooled sd for a continuous one, through solveNobs1 (statsmodels NormalIndPower). Null when the
 * observed effect is 0.
 */
export function unitsForObservedEffect(m: MetricComparison, alpha: number): number | null {
  let es: number;
  if (m.type === 'binary') es = proportionEffectSize(m.treatment.mean, m.control.mean);
  else {
    const pooled = Math.sqrt(((m.treatment.sd ?? 0) ** 2 + (m.control.sd ?? 0) ** 2) / 2);
    es = pooled > 0 ? m.diff / pooled : 0;
  }
  if (!Number.isFinite(es) || es === 0) return null;
  return Math.ceil(solveNobs1(Math.abs(es), alpha, 0.8));
}
