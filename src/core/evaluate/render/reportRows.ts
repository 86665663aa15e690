import { metricInfo } from '../metricCatalog';
import { countText, intervalText, pValueText, sig3, windowName } from '../present';
import type { EvaluationReport, FailOnResult } from '../types';

/**
 * The report's tables as rows of plain text cells, shared by the text, Markdown and HTML renderers so the
 * three always say the same thing. Each renderer only escapes and lays out.
 */
export interface Table { title: string; head: string[]; rows: string[][]; note?: string }

export const metricLabel = (id: string): string => metricInfo(id)?.label ?? id;

export function unitOf(r: EvaluationReport): string | null {
  if (!r.windows?.length) return null;
  const w = r.windows[0]!;
  const days = (Date.parse(w.end) - Date.parse(w.start)) / 86400000;
  return days === 1 ? 'day' : days === 7 ? 'week' : days >= 28 && days <= 31 ? 'month' : 'chunk';
}

export function metricsTable(r: EvaluationReport): Table {
  const level = Math.round(r.bootstrap.level * 100);
  return {
    title: 'Metrics',
    head: ['metric', 'value', `${level}% interval`, 'what it means'],
    rows: r.metrics.map((m) => [metricLabel(m.name) + (m.name === r.primaryMetric ? ' (primary)' : ''), m.value === null ? `— (${m.note ?? 'undefined'})` : sig3(m.value), intervalText(m.ci), metricInfo(m.name)?.definition ?? '']),
    note: r.bootstrap.draws > 0 ? `Intervals: ${r.bootstrap.method}, ${r.bootstrap.draws} draws, seed ${r.bootstrap.seed}.` : 'No intervals (--bootstrap 0).',
  };
}

export function perClassTable(r: EvaluationReport): Table | null {
  if (!r.perClass) return null;
  const cell = (m: { value: number | null; ci: [number, number] | null; note?: string }) => (m.value === null ? `— (${m.note})` : `${sig3(m.value)} ${intervalText(m.ci)}`);
  return { title: 'Per class', head: ['class', 'rows', 'precision', 'recall', 'F1'], rows: r.perClass.map((c) => [c.class, countText(c.support), cell(c.precision), cell(c.recall), cell(c.f1)]) };
}

export function confusionTable(r: EvaluationReport): Table | null {
  if (!r.confusion) return null;
  const c = r.confusion;
  return {
    title: `Confusion matrix${c.threshold !== undefined ? ` at threshold ${sig3(c.threshold)}` : ''}`,
    head: ['label ↓ / predicted →', ...c.labels],
    rows: c.matrix.map((row, i) => [c.labels[i]!, ...row.map(countText)]),
  };
}

export function thresholdsTable(r: EvaluationReport): Table | null {
  const t = r.thresholds;
  if (!t || (!t.f1 && !t.youden)) return null;
  const rows: string[][] = [];
  if (t.f1) rows.push(['highest F1', sig3(t.f1.threshold), `F1 ${sig3(t.f1.f1)} (precision ${sig3(t.f1.precision)}, recall ${sig3(t.f1.recall)})`]);
  if (t.youden) rows.push(["highest Youden's J (TPR − FPR)", sig3(t.youden.threshold), `J ${sig3(t.youden.j)} (TPR ${sig3(t.youden.tpr)}, FPR ${sig3(t.youden.fpr)})`]);
  return { title: 'Thresholds', head: ['choice', 'threshold', 'at that threshold'], rows, note: 'Predicted positive when score ≥ threshold.' };
}

export function segmentsTable(r: EvaluationReport, all = false): Table | null {
  if (!r.segments.length) return null;
  const shown = all ? r.segments : r.segments.filter((s) => s.weak).concat(r.segments.filter((s) => !s.weak)).slice(0, Math.max(5, r.segments.filter((s) => s.weak).length));
  return {
    title: 'Weakest segments',
    head: ['segment', 'rows', `${metricLabel(r.segments[0]!.metric).toLowerCase()} inside`, 'elsewhere', 'difference', 'adjusted p', 'weak'],
    rows: shown.map((s) => [`${s.column} = ${s.value}`, countText(s.rows), sig3(s.inside), sig3(s.outside), `${sig3(s.delta)} ${intervalText(s.ci)}`, pValueText(s.adjustedP), s.weak ? 'yes' : '']),
    note: `${r.segments.filter((s) => s.weak).length} of ${r.segments.length} segments are significantly and materially worse than the other rows (Benjamini–Hochberg across segments).`,
  };
}

export function windowsTable(r: EvaluationReport): Table | null {
  if (!r.windows) return null;
  const unit = unitOf(r);
  const p = r.primaryMetric;
  const biz = r.columns.business;
  return {
    title: 'Performance over time',
    head: ['window', 'rows', 'labelled', `${metricLabel(p)}`, 'worse than reference', 'score drift', 'low confidence', ...(r.estimated ? [`estimated ${metricLabel(r.estimated.windows[0]?.metrics[0]?.name ?? 'rocAuc')}`] : []), ...biz.map((b) => `${b} (sum)`)],
    rows: r.windows.map((w) => {
      const m = w.metrics.find((x) => x.name === p);
      const e = r.estimated?.windows.find((x) => x.index === w.index)?.metrics[0];
      return [
        windowName(w, unit), countText(w.rows), countText(w.labeledRows),
        m ? (m.value === null ? `— (${m.note})` : `${sig3(m.value)} ${intervalText(m.ci)}`) : '—',
        w.flags.length ? w.flags.map((f) => `${metricLabel(f.metric)} ${sig3(f.delta)} (p ${pValueText(f.adjustedP)})`).join('; ') : '',
        w.scoreDrift ? `${w.scoreDrift.drifted ? 'drifted' : 'no'} (${w.scoreDrift.test} ${sig3(w.scoreDrift.score)})` : '—',
        w.lowConfidenceShare === null ? '—' : `${sig3(w.lowConfidenceShare * 100)}%`,
        ...(r.estimated ? [e?.value === null || !e ? '—' : `${sig3(e.value)} ${intervalText(e.band)}${e.disagrees ? ' ≠ realised' : ''}`] : []),
        ...w.business.map((b) => (b.sum === null ? '—' : `${sig3(b.sum)} ${intervalText(b.sumCi)}`)),
      ];
    }),
    note: r.referenceMetrics ? `Reference: ${r.reference ?? 'the first labelled window'}. A window is worse when the drop is significant (one-sided, Benjamini–Hochberg across windows) and at least 1% of the reference value.` : undefined,
  };
}

export function estimatedTable(r: EvaluationReport): Table | null {
  if (!r.estimated) return null;
  const unit = unitOf(r);
  const rows: string[][] = [];
  for (const w of r.estimated.windows) {
    for (const m of w.metrics) {
      rows.push([w.start ? windowName(w, unit) : 'all rows', metricLabel(m.name), sig3(m.value), intervalText(m.band), m.realized === null ? (w.labeledRows ? '—' : 'no labels yet') : sig3(m.realized), m.disagrees ? 'DISAGREE' : m.alert ? 'alert' : '']);
    }
  }
  return { title: 'Estimated performance (CBPE)', head: ['window', 'metric', 'estimate', 'band (±3 sampling errors)', 'realised', ''], rows, note: `${r.estimated.summary} Calibrated on ${r.estimated.reference} (${countText(r.estimated.referenceRows)} rows${r.estimated.calibrated ? ', isotonic calibration' : ', scores used as they are'}).` };
}

/** The counts a condition can test (failOn.ts), as a person names them. */
const COUNT_LABEL = new Map([['flaggedWindows', 'Windows worse than the reference'], ['weakSegments', 'Weak segments'], ['disagreements', 'Windows outside the estimated band'], ['driftedWindows', 'Windows with score drift']]);

/** What a scope prefix of a value condition (failOn.ts) adds after the metric's label. */
const SCOPE_LABEL = new Map([['latest', ' (latest window)'], ['estimated', ' (estimated, latest window)']]);

/**
 * A condition as a person reads it: its metric (`f.metric`, the id the condition tests) named by label, not id
 * ('ROC AUC dropped > 0.05 vs median of last 4 runs' for 'rocAuc dropped > …'; 'Accuracy (latest window) < 0.9' for
 * 'latest.accuracy<0.9'). The rest is the condition as written in modellens.yml or --fail-on, so it can still be
 * found there. A metric without a label, or a condition that does not start with it, is shown as written.
 */
export function conditionText(f: Pick<FailOnResult, 'condition' | 'metric'>): string {
  const label = metricInfo(f.metric)?.label ?? COUNT_LABEL.get(f.metric);
  const text = f.condition.trim();
  const dot = text.indexOf('.');
  const scope = dot > 0 ? text.slice(0, dot) : '';
  const body = SCOPE_LABEL.has(scope) && text.startsWith(f.metric, dot + 1) ? text.slice(dot + 1) : text;
  if (!label || !body.startsWith(f.metric) || /[\w.]/.test(body.charAt(f.metric.length))) return f.condition;
  const rest = body.slice(f.metric.length).trim().replace(/^(<=|>=|<|>)\s*/, '$1 ');
  return `${label}${body === text ? '' : SCOPE_LABEL.get(scope)!} ${rest}`.trim();
}

const CONDITION_STATUS = new Map<FailOnResult['status'], string>([['pass', 'passed'], ['fail', 'failed'], ['notEvaluated', 'not evaluated']]);

export function failOnTable(r: EvaluationReport): Table | null {
  if (!r.failOn.length) return null;
  return { title: 'Conditions', head: ['condition', 'status', 'value', 'note'], rows: r.failOn.map((f) => [conditionText(f), CONDITION_STATUS.get(f.status) ?? f.status, `${sig3(f.value)}${f.baseline !== undefined ? ` (baseline ${sig3(f.baseline)})` : ''}`, f.note ?? '']) };
}

export function residualsTable(r: EvaluationReport): Table | null {
  if (!r.residualQuantiles) return null;
  return { title: 'Residuals (label − prediction)', head: r.residualQuantiles.map((q) => `${q.q * 100}%`), rows: [r.residualQuantiles.map((q) => sig3(q.value))] };
}

export function allTables(r: EvaluationReport): Table[] {
  return [metricsTable(r), perClassTable(r), confusionTable(r), thresholdsTable(r), residualsTable(r), windowsTable(r), estimatedTable(r), segmentsTable(r), failOnTable(r)].filter((t): t is Table => t !== null);
}

export function headerLines(r: EvaluationReport): string[] {
  return [
    `${r.task} evaluation of ${r.model ?? r.columns.score ?? r.columns.prediction} against '${r.columns.label}' in ${r.dataset}`,
    `${countText(r.rows)} rows: ${countText(r.labeledRows)} labelled, ${countText(r.unlabeledRows)} without a label, ${countText(r.excludedRows)} left out${r.positive !== null ? `; positive class '${r.positive}'` : ''}${r.threshold !== null ? `, threshold ${sig3(r.threshold)}` : ''}`,
  ];
}

/** The three numbers that matter, for the verdict card: the primary metric, windows worse (or a second metric), labelled rows. */
export function keyNumbers(r: EvaluationReport): { label: string; value: string; detail?: string }[] {
  const out: { label: string; value: string; detail?: string }[] = [];
  const p = r.metrics.find((m) => m.name === r.primaryMetric);
  if (p) out.push({ label: metricLabel(p.name), value: sig3(p.value), ...(p.ci ? { detail: intervalText(p.ci) } : {}) });
  if (r.windows) out.push({ label: 'windows worse than the reference', value: `${r.windows.filter((w) => w.flagged).length} of ${r.windows.length}` });
  else {
    const second = r.metrics.find((m) => m.name !== r.primaryMetric && m.value !== null);
    if (second) out.push({ label: metricLabel(second.name), value: sig3(second.value), ...(second.ci ? { detail: intervalText(second.ci) } : {}) });
  }
  out.push({ label: 'labelled rows', value: countText(r.labeledRows), ...(r.unlabeledRows ? { detail: `${countText(r.unlabeledRows)} awaiting labels` } : {}) });
  return out;
}
