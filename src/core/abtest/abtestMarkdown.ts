import { abtestVerdict } from '../verdict/abtest';
import { STATUS_LABEL } from '../verdict/types';
import { formatNumber as f } from '../profile/formatNumber';
import type { AbtestReport, MetricComparison } from './types';
import type { RolloutPlan } from './plan';
import { escapeMarkdown as esc } from '../render/escape';
export const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}%`);
/** A p-value for people: below double precision (underflow to 0) reads '< 1e-300', never a bare 0. */
export const fp = (p: number) => (p < 1e-300 ? '< 1e-300' : f(p));
const ci = (c: [number, number] | null | undefined, fmt: (x: number) => string = f) => (c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : '—');

export const ACTION_LABEL: Record<AbtestReport['decision']['action'], string> = {
  ship: 'SHIP',
  'dont-ship': "DON'T SHIP",
  'keep-running': 'KEEP RUNNING',
  'investigate-srm': 'INVESTIGATE SRM',
};

function metricTable(rows: MetricComparison[], guard: boolean): string[] {
  const head = ['metric', 'variant', 'control', 'treatment', 'diff', '95% CI', 'relative lift', 'relative CI', 'p', 'p (Holm)', guard ? 'breached' : 'significant', 'sequential p', 'bootstrap CI'];
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const m of rows) {
    const flag = guard ? ((m as { breached?: boolean }).breached ? '**yes**' : 'no') : m.significant ? 'yes' : 'no';
    out.push(`| ${[esc(m.metric), esc(m.variant), f(m.control.mean), f(m.treatment.mean), f(m.diff), `${ci(m.ci)} (${m.ciMethod})`, pct(m.relativeLift), ci(m.relativeCi, pct), fp(m.pValue), fp(m.pAdjusted), flag, m.sequential ? fp(m.sequential.pValue) : '—', ci(m.bootstrapCi)].join(' | ')} |`);
  }
  return out;
}

export function abtestToMarkdown(r: AbtestReport): string {
  const v = abtestVerdict(r); // the one verdict: a breached guardrail fails the test even when a variant could ship
  const out = [`# A/B test: ${esc(r.dataset)}`, '', `**${STATUS_LABEL[v.status]}:** ${esc(v.headline)}`, '', `## Decision: ${ACTION_LABEL[r.decision.action]}${r.decision.variant ? ` (${esc(r.decision.variant)})` : ''}`, '', ...r.decision.reasons.map((x) => `- ${esc(x)}`), ''];
  out.push(`${r.rows} rows · variant column \`${r.variantColumn}\`, control \`${r.controlValue}\` · α = ${r.alpha}`, '');
  out.push('## Sample ratio', '', '| variant | units | share | expected |', '|---|---:|---:|---:|');
  const total = r.variants.reduce((s, v) => s + v.n, 0);
  for (const v of r.variants) out.push(`| ${esc(v.name)} | ${v.n} | ${(100 * v.n / total).toFixed(2)}% | ${(100 * v.expectedShare).toFixed(2)}% |`);
  out.push('', `χ² = ${f(r.srm.chi2)} (df ${r.srm.df}), p = ${fp(r.srm.pValue)}: ${r.srm.detected ? '**sample ratio mismatch detected** (p < 0.001)' : 'no mismatch'}.`, '');
  out.push('## Metrics', '', ...metricTable(r.metrics, false), '');
  if (r.guardrails.length) out.push('## Guardrails', '', ...metricTable(r.guardrails, true), '');
  for (const s of r.segments) {
    out.push(`## ${esc(s.metric)} by ${esc(s.segment)}: ${esc(s.variant)} vs control`, '');
    if (s.warning) out.push(`> **Warning:** ${esc(s.warning)}`, '');
    out.push('| level | n control | n treatment | control | treatment | diff | 95% CI | relative lift | p |', '|---|---:|---:|---:|---:|---:|---|---:|---:|');
    for (const x of s.rows) out.push(`| ${esc(x.level)}${x.disagrees ? ' ⚠' : ''} | ${x.nControl} | ${x.nTreatment} | ${f(x.control)} | ${f(x.treatment)} | ${f(x.diff)} | ${ci(x.ci)} | ${pct(x.relativeLift)} | ${fp(x.pValue)} |`);
    if (s.heterogeneity) out.push('', `Cochran's Q = ${f(s.heterogeneity.q)} (df ${s.heterogeneity.df}), p = ${fp(s.heterogeneity.pValue)}, I² = ${(100 * s.heterogeneity.i2).toFixed(0)}%.`);
    out.push('');
  }
  const seq = r.metrics.filter((m) => m.sequential && m.sequential.looks.length > 1);
  if (seq.length) {
    out.push('## Sequential (always-valid) results over time', '', 'mSPRT with a normal mixture (Johari et al. 2017); safe to peek at: stop when the always-valid p < α.', '');
    for (const m of seq) {
      out.push(`### ${esc(m.metric)}: ${esc(m.variant)} (mixing variance τ² = ${f(m.sequential!.mixingVariance)})`, '', '| look | n treatment | n control | diff | confidence sequence | always-valid p |', '|---|---:|---:|---:|---|---:|');
      for (const l of m.sequential!.looks) out.push(`| ${esc(l.at)} | ${l.nTreatment} | ${l.nControl} | ${f(l.diff)} | ${ci(l.ci)} | ${fp(l.pValue)} |`);
      out.push('');
    }
  }
  if (r.issues.length) out.push('## Data issues', '', ...r.issues.map((x) => `- ${esc(x)}`), '');
  out.push('Binary metrics: pooled two-proportion z test, Newcombe CI of the difference; continuous: Welch t test and CI, seeded percentile bootstrap CI. Relative lifts: delta method. Several treatments: Holm-adjusted p-values per metric. Guardrails are breached when significantly worse at α (unadjusted).');
  return `${out.join('\n')}\n`;
}

export function planToMarkdown(p: RolloutPlan): string {
  const unit = (x: number) => (p.metric === 'binary' ? `${(100 * x).toPrecision(3)}%` : f(x));
  const out = [
    '# Rollout plan',
    '',
    `Metric: ${p.metric === 'binary' ? `a rate, baseline ${unit(p.baseline)}` : `a mean, baseline ${f(p.baseline)} (sd ${f(p.sd ?? NaN)})`} · minimum detectable effect ${p.metric === 'binary' ? `${(100 * p.mdeAbsolute).toPrecision(3)} points` : f(p.mdeAbsolute)} (${(100 * p.mdeRelative).toPrecision(3)}% relative) · α = ${p.alpha} · power = ${p.power}`,
    '',
    `- **Sample size:** ${p.perArm.toLocaleString('en-US')} units per arm, ${p.total.toLocaleString('en-US')} in total (50/50).`,
    p.days !== null ? `- **Duration:** ${p.days} day(s) at ${p.dailyTraffic!.toLocaleString('en-US')} units a day${p.days < 7 ? '; run at least 7 days to cover a weekly cycle' : ''}.` : '- **Duration:** give the daily traffic to get the number of days.',
    '',
    '## Staged ramp',
    '',
    '| stage | share | units on the new model | days | sees a harm of | checks before the next gate |',
    '|---|---:|---:|---:|---:|---|',
    ...p.ramp.map((s, i) => `| ${i + 1} | ${Math.round(s.share * 100)}% | ${s.minUnits.toLocaleString('en-US')}${s.share === 1 ? ' (holdout, 5%)' : ''} | ${s.days ?? '—'} | ${s.share === 1 || !Number.isFinite(s.detectsHarmOf) ? '—' : `${s.detectsHarmOf.toPrecision(3)}× MDE`} | ${s.checks.map(esc).join('<br>')} |`),
    '',
    ...p.notes.map((n) => `- ${esc(n)}`),
  ];
  return `${out.join('\n')}\n`;
}
