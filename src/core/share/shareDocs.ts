import { basename } from 'node:path';
import type { AbtestReport } from '../abtest/types';
import type { BiasReport } from '../bias/audit';
import type { CheckResult } from '../bias/checks';
import type { DriftReport } from '../drift/driftReport';
import type { ExplainDocument } from '../explain/explainDocument';
import type { HealthReport } from '../health/types';
import type { DatasetProfile } from '../profile/types';
import type { RulesReport } from '../rules/validate';
import type { VersionDiff } from '../versions/diffModels';
import { formatChange, formatCount, formatInterval, formatNumber, formatPercent, formatPValue } from '../render/numbers';
import { term } from '../render/vocabulary';
import { abtestVerdict } from '../verdict/abtest';
import { biasVerdict, worstAttribute } from '../verdict/bias';
import { comparisonVerdict } from '../verdict/comparison';
import { driftEvidence, driftSeverity, driftVerdict } from '../verdict/drift';
import { healthCheckVerdict, healthGroups } from '../verdict/health';
import { attention, profileVerdict, ATTENTION_LABEL } from '../verdict/profile';
import { rulesVerdict } from '../verdict/rules';
import { deltaText } from '../versions/verdict';
import type { ShareDoc } from './sharePage';
import { own } from '../dict';

const name = (p: string): string => basename(p);
const today = (): string => new Date().toISOString().slice(0, 10);

export function driftShareDoc(r: DriftReport): ShareDoc {
  const v = driftVerdict(r);
  const cols = [...r.columns].sort((a, b) => driftSeverity(b) - driftSeverity(a));
  return {
    title: `Data drift: ${name(r.current.path)} against ${name(r.reference.path)}`,
    intro: 'Data drift means the data the model sees now differs from the data it was built on. Each column is compared with a statistical test; many drifted columns mean the model may no longer be reliable.',
    verdict: v,
    chart: { title: 'How far each column is from its drift threshold (1 = at the threshold; longer = more drift)', bars: cols.slice(0, 25).map((c) => ({ label: c.column, value: Math.min(driftSeverity(c), 10), text: formatNumber(driftSeverity(c), 2), flagged: c.drifted })), line: { value: 1, label: 'threshold' } },
    tables: [{ title: 'Every tested column, most drifted first', head: ['Column', 'Drifted', 'Test and result', 'Missing before → now'], rows: cols.map((c) => [c.column, c.drifted ? 'yes' : 'no', driftEvidence(c), `${formatPercent(c.details.referenceMissingRate)} → ${formatPercent(c.details.currentMissingRate)}`]) }],
    notes: [`Reference: ${formatCount(r.reference.rows)} rows; current: ${formatCount(r.current.rows)} rows.`, `The dataset counts as drifted when at least ${formatPercent(r.dataset.driftShare)} of the columns drift.`, ...r.skipped.slice(0, 6).map((s) => `Not tested: ${s.column} (${s.reason.replace(/ \(--[a-z-]+\)|: use --[a-z-]+[^)]*|--[a-z-]+/g, '').trim()}).`)],
    generated: today(),
  };
}

export function biasShareDoc(r: BiasReport & { checks: CheckResult[] }): ShareDoc {
  const v = biasVerdict(r);
  const a = r.attributes[worstAttribute(r)];
  const ref = a?.groups.find((g) => g.group === a.reference.group);
  const refRate = typeof ref?.['selectionRate'] === 'number' ? (ref['selectionRate'] as number) : null;
  return {
    title: `Fairness audit: ${name(r.dataset)}`,
    intro: 'A fairness audit compares how often the model gives the favourable outcome to each group of people. The four-fifths rule flags a group selected at less than 80% of the rate of the most favoured group.',
    verdict: v,
    ...(a ? { chart: { title: `Selection rate by ${a.attribute}${refRate !== null ? ` (dashed: four-fifths of ${a.reference.group}'s rate)` : ''}`, bars: a.groups.filter((g) => !g.small).map((g) => ({ label: g.group, value: Number(g['selectionRate'] ?? 0), text: formatPercent(g['selectionRate'] as number), flagged: g['belowFourFifths'] === true })), ...(refRate !== null ? { line: { value: 0.8 * refRate, label: '4/5' } } : {}), max: 1 } } : {}),
    tables: r.attributes.slice(0, 8).map((x) => ({ title: `Fairness measures for ${x.attribute}`, head: ['Measure', 'Value', 'What it means'], rows: ['disparateImpact', 'demographicParityDifference', 'equalOpportunityDifference', 'equalizedOddsDifference'].map((k) => [term(k).name, formatNumber(own(x.metrics, k) ?? null), `${term(k).definition}${term(k).threshold ? ` ${term(k).threshold}.` : ''}`]) })),
    notes: [`${formatCount(r.rows)} rows; favourable outcome: ${r.label} = ${String(r.favorable)}.`, `Groups with fewer than ${formatCount(r.minGroupSize)} rows are listed but left out of comparisons.`],
    generated: today(),
  };
}

export function healthShareDoc(r: HealthReport): ShareDoc {
  const v = healthCheckVerdict(r);
  return {
    title: `Data pipeline health: ${name(r.dataset)}`,
    intro: 'Pipeline health compares today\'s data with a saved snapshot of known-good data: missing values, stale dates, new categories, values out of range. A broken pipeline rarely crashes; it quietly feeds the model bad data.',
    verdict: v,
    tables: healthGroups(r).map((g) => ({ title: `${g.title} (${g.results.length})`, head: ['Column', 'Status', 'What was found'], rows: g.results.map((x) => [x.column ?? '(dataset)', x.status === 'fail' ? 'failed' : 'needs attention', x.message]) })),
    notes: [`Baseline: ${name(r.baseline)}; checked as of ${r.now.slice(0, 10)}.`], // its file name: the page is forwarded, a local path means nothing there
    generated: today(),
  };
}

export function abtestShareDoc(r: AbtestReport): ShareDoc {
  const v = abtestVerdict(r);
  const rows = [...r.metrics, ...r.guardrails];
  return {
    title: `A/B test: ${name(r.dataset)}`,
    intro: 'An A/B test compares a new version (treatment) with the current one (control) on randomly split users. A change counts only when it is unlikely to be chance (p below α), and guardrails must not get worse.',
    verdict: v,
    tables: [{ title: 'Metrics and guardrails', head: ['Metric', 'Variant', 'Control', 'Treatment', 'Change', '95% interval (relative)', 'p-value'], rows: rows.map((m) => [`${m.metric}${r.guardrails.includes(m as never) ? ' (guardrail)' : ''}`, m.variant, formatNumber(m.control.mean), formatNumber(m.treatment.mean), m.relativeLift === null ? formatChange(m.diff, 'absolute') : formatChange(m.relativeLift, 'relative'), formatInterval(m.relativeCi, (x) => formatPercent(x)), formatPValue(m.pValue)]) }],
    notes: [`${formatCount(r.rows)} units; α = ${formatNumber(r.alpha)}.`, 'Relative changes are (treatment − control) / control.'],
    generated: today(),
  };
}

export function rulesShareDoc(r: RulesReport): ShareDoc {
  return {
    title: `Business rules: ${name(r.dataset)}`,
    intro: 'Business rules are conditions every model output must meet (e.g. a price is never negative). Each rule tolerates a share of violations; more than that fails it.',
    verdict: rulesVerdict(r),
    tables: [{ title: 'Rules, broken first', head: ['Rule', 'Condition', 'Severity', 'Violations', 'Rate', 'Tolerated'], rows: [...r.rules].sort((a, b) => Number(b.status === 'fail') - Number(a.status === 'fail')).map((x) => [x.id, x.expr, x.severity, formatCount(x.violations), formatPercent(x.rate), formatPercent(x.maxRate)]) }],
    notes: [],
    generated: today(),
  };
}

export function comparisonShareDoc(d: VersionDiff): ShareDoc {
  return {
    title: `Model comparison: ${d.a.label} → ${d.b.label}`,
    intro: 'Two versions of a model scored on the same data. Differences are B − A; intervals come from resampling the rows, so a difference whose interval excludes zero is unlikely to be chance.',
    verdict: comparisonVerdict(d),
    tables: [{ title: 'Quality on the evaluation data', head: ['Metric', 'A', 'B', 'Change (B − A)', 'Significant'], rows: d.metrics.map((m) => [m.label, formatNumber(m.a), formatNumber(m.b), deltaText(m.name, m.label, m.delta).replace(`${m.label} `, ''), m.significant ?? 'no']) }],
    notes: d.evaluation ? [`Evaluated on ${formatCount(d.evaluation.rows)} rows.`] : ['No evaluation dataset: only metadata was compared.'],
    generated: today(),
  };
}

export function profileShareDoc(p: DatasetProfile): ShareDoc {
  const items = attention(p);
  return {
    title: `Dataset profile: ${name(p.path)}`,
    intro: 'A profile summarises every column of a dataset: how much is missing, how many different values, the range of numbers. It is the first look before trusting data.',
    verdict: profileVerdict(p),
    tables: [
      ...(items.length ? [{ title: 'Needs attention', head: ['Column', 'Why'], rows: items.map((a) => [a.column, `${ATTENTION_LABEL[a.kind]}: ${a.text}`]) }] : []),
      { title: 'Columns', head: ['Column', 'Kind', 'Missing', 'Distinct', 'Min', 'Max', 'Mean'], rows: p.columns.slice(0, 200).map((c) => [c.name, c.kind, formatPercent(c.missingPct / 100), formatCount(c.distinct), formatNumber(c.numeric?.min ?? null), formatNumber(c.numeric?.max ?? null), formatNumber(c.numeric?.mean ?? null)]) },
    ],
    notes: p.columns.length > 200 ? [`The first 200 of ${formatCount(p.columns.length)} columns are listed.`] : [],
    generated: today(),
  };
}

export function explainShareDoc(doc: ExplainDocument): ShareDoc {
  const top = doc.global.slice(0, 15);
  return {
    title: `What drives ${doc.model} on ${doc.dataset}`,
    intro: "Each feature's SHAP value is how much it moved one prediction up or down from the average prediction. Averaged over rows (mean |SHAP|), it ranks the features the model relies on most.",
    verdict: { status: 'pass', headline: top.length ? `${top[0]!.feature} drives the model's output most${top[1] ? `, then ${top[1].feature}${top[2] ? ` and ${top[2].feature}` : ''}` : ''}.` : 'No feature contributions.', reasons: [], numbers: [{ label: 'Rows explained', value: formatCount(doc.rows.length) }, { label: 'Features', value: formatCount(doc.features.length) }] },
    chart: { title: `Average impact on the model's output (mean |SHAP|${doc.unit ? `, ${doc.unit}` : ''})`, bars: top.map((g) => ({ label: g.feature, value: g.meanAbs, text: formatNumber(g.meanAbs) })) },
    tables: doc.rows[0] ? [{ title: `One prediction explained (row ${doc.rows[0].index})`, head: ['Explanation'], rows: [[doc.rows[0].sentence]] }] : [],
    notes: [`Method: ${doc.method === 'tree' ? 'exact TreeSHAP' : doc.method}.`],
    generated: today(),
  };
}
