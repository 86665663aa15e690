import { InputError } from '../errors';
import type { BinaryColumns, SqlScalar } from './confusionSql';
import { planBiasData } from './biasPlans';
import { sqlBiasData, type BiasData } from './biasData';
import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import { asExecutor } from '../plan/target';
import { buildAttributeReports, type AttributeReport } from './report';
import { attachScores } from './attachScores';
import { scoreMetrics } from './scoreMetrics';
import { regressionAudit, type RegressionAttributeReport } from './regression';
import { matchesFavorable } from './confusionFromArrays';
import type { ExecuteSql } from './types';
import { requireGroupableAttributes } from './attributeLimits';
import { requireBinary, requireLabelValues, requireColumns, requireNumeric, requirePredictionsInLabels, requirePrivilegedGroups, resolveFavorable } from './validate';

/**
 * Orchestrates a bias audit over a SQL relation: validate the columns, run ONE grouping-sets
 * query for the confusion counts of every attribute, intersection and the overall population,
 * then compute metrics, disparities, bootstrap intervals and findings in memory.
 * `from` is a FROM item (quoted table name or parenthesised query); `execute` runs SQL.
 */
export interface AuditOptions {
  dataset: string;
  sensitive: readonly string[];
  label: string;
  prediction?: string;
  score?: string;
  threshold?: number;
  favorable?: SqlScalar;
  privileged?: Record<string, string>;
  minGroupSize?: number;
  bootstrap?: { draws: number; seed: number; level?: number };
  /** 'multiclass' audits each class one-vs-rest; 'regression' needs numeric label and prediction. */
  task?: 'binary' | 'multiclass' | 'regression';
  /**
   * SQL plan. 'finest' (default): one GROUP BY over the full intersection, rolled up in memory —
   * the same counts (tested) and about 1.7× faster on 10M rows than 'groupingSets' (one
   * GROUP BY GROUPING SETS query that aggregates every attribute set in DuckDB).
   */
  strategy?: 'groupingSets' | 'finest';
}

export interface BiasReport {
  dataset: string;
  rows: number;
  droppedRows: number;
  label: string;
  prediction: string | null;
  score: string | null;
  threshold: number | null;
  favorable: string;
  minGroupSize: number;
  bootstrap: { draws: number; seed: number; level: number; method: string } | null;
  attributes: AttributeReport[];
  /** Multiclass only: one binary audit per class (that class = favourable). */
  classes?: { class: string; attributes: AttributeReport[] }[];
  /** Regression only. */
  regression?: RegressionAttributeReport[];
}

export async function audit(execute: ExecuteSql, from: string, o: AuditOptions): Promise<BiasReport> {
  return auditData(sqlBiasData(execute, from), o);
}

/**
 * The same audit as aggregate plans on any executor: the embedded DuckDB or a warehouse table
 * (a Dataset with `source`). Counts equal the SQL path's; sums are rolled up from the finest cells in memory
 * (equal to 1e-12 relative).
 */
export async function auditPlans(target: Engine | PlanExecutor, ds: Dataset, o: AuditOptions, run: RunOptions = {}): Promise<BiasReport> {
  return auditData(planBiasData(asExecutor(target), ds, run), o);
}

/** The audit over any data access (SQL, aggregate plans, or merged partial results: partial/biasPartialMerge.ts). */
export async function auditData(data: BiasData, o: AuditOptions): Promise<BiasReport> {
  if (o.sensitive.length === 0) throw new InputError('BAD_ARGUMENT', 'no sensitive attribute given; pass --sensitive with one or more column names.');
  if ((o.prediction === undefined) === (o.score === undefined)) throw new InputError('BAD_ARGUMENT', 'give exactly one of --prediction or --score (with --threshold).');
  const types = await data.columnTypes();
  requireColumns(types, { label: o.label, prediction: o.prediction, score: o.score });
  for (const s of o.sensitive) requireColumns(types, { sensitive: s });
  if (o.score !== undefined) requireNumeric(types, o.score);
  const rows = await data.rowCount();
  if (rows === 0) throw new InputError('NO_DATA_ROWS', `dataset '${o.dataset}' has no rows to audit.`);
  await requireGroupableAttributes(data, o.sensitive, types);
  if (o.task === 'regression') return regressionReport(data, o, types, rows);
  const multiclass = o.task === 'multiclass';
  if (multiclass && o.score !== undefined) throw new InputError('BAD_ARGUMENT', 'a multiclass audit needs --prediction (the predicted class); a single --score column only fits a binary audit.');
  const labels = await data.distinctValues(o.label, multiclass ? 1000 : 3);
  requireLabelValues(labels, o.label);
  if (!multiclass) requireBinary(labels, o.label, 'label');
  let preds: SqlScalar[] = [];
  if (o.prediction !== undefined) {
    preds = await data.distinctValues(o.prediction, multiclass ? 1000 : 3);
    if (!multiclass) requireBinary(preds, o.prediction, 'prediction');
    requirePredictionsInLabels(preds, labels, o.prediction);
  }
  for (const attr of Object.keys(o.privileged ?? {})) {
    if (!o.sensitive.includes(attr)) throw new InputError('BAD_ARGUMENT', `--privileged names '${attr}', which is not a sensitive attribute (${o.sensitive.join(', ')}).`, { attribute: attr });
  }
  const threshold = o.threshold ?? 0.5;
  const common = { minGroupSize: o.minGroupSize ?? 30, privileged: o.privileged ?? {}, ...(o.bootstrap ? { bootstrap: o.bootstrap } : {}) };
  const run = async (fav: SqlScalar) => {
    const cols: BinaryColumns = { label: o.label, labelFavorable: resolveFavorable(labels, fav, o.label) };
    if (o.score !== undefined) Object.assign(cols, { score: o.score, threshold });
    else {
      // The prediction value that means "favourable"; null when the model never predicts it.
      const pf = preds.find((p) => matchesFavorable(p, cols.labelFavorable));
      Object.assign(cols, { prediction: o.prediction, predictionFavorable: pf ?? null });
    }
    const table = await data.confusion(o.sensitive, cols, rows, o.strategy ?? 'finest');
    requirePrivilegedGroups(table, o.privileged ?? {});
    const attributes = buildAttributeReports(table, common);
    if (o.score !== undefined && !multiclass) {
      const scores = await scoreMetrics(data, { attributes: o.sensitive, label: o.label, labelFavorable: cols.labelFavorable, score: o.score }, common.minGroupSize);
      attachScores(attributes, scores, common.minGroupSize);
    }
    return { table, attributes };
  };
  const fav = o.favorable ?? 1;
  const first = multiclass ? await run(labels[0] ?? fav) : await run(fav);
  const report: BiasReport = {
    dataset: o.dataset, rows, droppedRows: first.table.droppedRows, label: o.label,
    prediction: o.prediction ?? null, score: o.score ?? null, threshold: o.score !== undefined ? threshold : null,
    favorable: multiclass ? '(each class, one-vs-rest)' : String(fav), minGroupSize: common.minGroupSize,
    bootstrap: o.bootstrap ? { draws: o.bootstrap.draws, seed: o.bootstrap.seed, level: o.bootstrap.level ?? 0.95, method: 'stratified (group sizes fixed) percentile bootstrap, multinomial over confusion cells' } : null,
    attributes: multiclass ? [] : first.attributes,
  };
  if (multiclass) {
    report.classes = [{ class: String(labels[0]), attributes: first.attributes }];
    for (const c of labels.slice(1)) report.classes.push({ class: String(c), attributes: (await run(c)).attributes });
  }
  return report;
}

async function regressionReport(data: BiasData, o: AuditOptions, types: Map<string, string>, rows: number): Promise<BiasReport> {
  if (o.prediction === undefined) throw new InputError('BAD_ARGUMENT', 'a regression audit needs --prediction (a numeric column).');
  requireNumeric(types, o.label, 'label');
  requireNumeric(types, o.prediction, 'prediction');
  const minGroupSize = o.minGroupSize ?? 30;
  const regression = await regressionAudit(data, o.sensitive, o.label, o.prediction, minGroupSize);
  const used = regression[0]?.groups.reduce((s, g) => s + g.n, 0) ?? 0;
  return {
    dataset: o.dataset, rows, droppedRows: rows - used, label: o.label, prediction: o.prediction, score: null, threshold: null,
    favorable: '(regression)', minGroupSize, bootstrap: null, attributes: [], regression,
  };
}
