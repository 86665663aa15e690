import { basename } from 'node:path';
import { isInputError } from '../../errors';
import { failOnText, parseFailOn, type FailOnCondition } from '../../evaluate/failOn';
import { metricInfo } from '../../evaluate/metricCatalog';
import { sig3, windowName } from '../../evaluate/present';
import { runEvaluation, type EvaluateOptions } from '../../evaluate/runEvaluation';
import { unitOf } from '../../evaluate/render/reportRows';
import type { EvaluationReport } from '../../evaluate/types';
import { figureHistory } from '../../history/historyQuery';
import { readWorkspaceHistory } from '../../history/historyStore';
import type { CheckKind, Finding } from '../types';
import { dict } from '../../dict';
import { tableOf, tableText, type CheckTable } from '../checkTables';
import { evaluateTable, type TableReference } from './evaluationOnTable';

interface EvaluationSpec {
  id: string;
  options: Omit<EvaluateOptions, 'signal' | 'onProgress' | 'history'>;
  /** The dataset's table on a source (the evaluation's aggregates run there), and where its reference is. */
  table?: CheckTable;
  tableReference?: TableReference;
  /** The model's path when the check runs a model (Restricted Mode refuses such checks). */
  model?: string;
}

/** The check's key figures for the history and the Checks view: every overall metric, plus counts. */
export function evaluationFigures(r: EvaluationReport): Record<string, number> {
  const out: Record<string, number> = dict();
  for (const m of r.metrics) if (m.value !== null) out[m.name] = m.value;
  if (r.windows) out['flaggedWindows'] = r.windows.filter((w) => w.flagged).length;
  out['weakSegments'] = r.segments.filter((s) => s.weak).length;
  const last = r.estimated?.windows[r.estimated.windows.length - 1];
  for (const m of last?.metrics ?? []) if (m.value !== null) out[`estimated.${m.name}`] = m.value;
  if (r.estimated) out['disagreements'] = r.estimated.disagreements.length;
  return out;
}

/**
 * `checks.evaluation`: is the model still good? `model-lens evaluate` on a dataset (its current file, with the
 * dataset's reference file as the reference) with a label and a prediction, a score or a declared model,
 * optionally over time windows. Fails when a `failOn` condition holds (values such as `rocAuc<0.8`, or
 * history conditions such as `rocAuc dropped > 0.02 vs median of last 4 runs`, read from
 * .modellens/history); warns when a window is significantly worse than the reference, CBPE estimates and
 * realised performance disagree, or a segment is weak; passes otherwise.
 */
export const evaluationCheck: CheckKind<EvaluationSpec> = {
  section: 'evaluation',
  kind: 'evaluation',
  label: 'model evaluation',
  keys: ['dataset', 'data', 'reference', 'label', 'prediction', 'score', 'model', 'task', 'threshold', 'positive', 'timeColumn', 'window', 'business', 'failOn', 'bootstrap', 'seed', 'segments'],
  parse(r, p, ctx) {
    const named = r.str([...p, 'dataset']);
    const dataset = named === undefined ? undefined : ctx.datasets.get(named);
    if (named !== undefined && !dataset) r.problem([...p, 'dataset'], `unknown dataset '${named}'${ctx.datasets.size ? `; declared: ${[...ctx.datasets.keys()].join(', ')}` : `; declare it under 'datasets:'`}.`);
    const table = dataset && !r.has([...p, 'data']) ? tableOf(dataset, 'current') : undefined;
    const modelName = r.str([...p, 'model']);
    const model = modelName === undefined ? undefined : ctx.models.get(modelName);
    if (modelName !== undefined && !model) r.problem([...p, 'model'], `unknown model '${modelName}'; declare it under 'models:'.`);
    if (table && modelName !== undefined) r.problem([...p, 'model'], `a model scores rows on this machine; on a source table, evaluate a score or prediction column of the table instead.`);
    if (table && r.has([...p, 'business'])) r.problem([...p, 'business'], `business columns need per-row results; on a source table leave them out, or evaluate an exported file.`);
    const data = r.file([...p, 'data']) ?? dataset?.current ?? (dataset ? undefined : model?.data) ?? (table ? tableText(table) : undefined);
    if (!data) { r.problem(p, `an evaluation check needs 'dataset: <name>' (with a current file or a source table), 'data: <file>' or a model with 'data'.`); return undefined; }
    const referenceFile = r.file([...p, 'reference']);
    const reference = table ? undefined : referenceFile ?? (dataset?.current ? dataset.reference : undefined);
    // On a table: a reference file, else the dataset's reference side when its current side is another table or filter.
    const tableReference: TableReference | undefined = !table ? undefined : referenceFile ? { file: referenceFile } : dataset!.currentSource || dataset!.currentWhere ? { table: tableOf(dataset!, 'reference')! } : undefined;
    const label = r.str([...p, 'label']) ?? dataset?.label ?? model?.label;
    if (!label) r.problem(p, `'label' is required (the true outcome column), here or on the dataset.`);
    const score = r.str([...p, 'score']);
    const prediction = r.str([...p, 'prediction']) ?? (model || score ? undefined : dataset?.prediction);
    if ([score, prediction, model].filter((x) => x !== undefined).length !== 1) r.problem(p, `give exactly one of 'score: <column>', 'prediction: <column>' or 'model: <name>'.`);
    const timeColumn = r.str([...p, 'timeColumn']) ?? (r.has([...p, 'window']) ? dataset?.timeColumn : undefined);
    const window = r.str([...p, 'window']);
    if ((timeColumn === undefined) !== (window === undefined)) r.problem(p, `give 'window' (day, week, month or <N>chunks) together with a time column ('timeColumn' here or on the dataset).`);
    const task = r.str([...p, 'task']);
    if (task !== undefined && !['binary', 'multiclass', 'regression'].includes(task)) r.problem([...p, 'task'], `task must be binary, multiclass or regression.`);
    const failOn: FailOnCondition[] = [];
    (r.strList([...p, 'failOn']) ?? []).forEach((t, i) => {
      try {
        failOn.push(parseFailOn(t));
      } catch (e) {
        if (!isInputError(e)) throw e;
        r.problem([...p, 'failOn', i], e.message.replace(/^--fail-on /, ''));
      }
    });
    const threshold = r.num([...p, 'threshold']);
    const positive = r.str([...p, 'positive']);
    const business = r.strList([...p, 'business']);
    const bootstrap = r.num([...p, 'bootstrap'], { integer: true, min: 0, max: 100000 });
    const seed = r.num([...p, 'seed'], { integer: true, min: 0 });
    const segments = r.bool([...p, 'segments']);
    if (!label || [score, prediction, model].filter((x) => x !== undefined).length !== 1) return undefined;
    const name = modelName ?? named ?? basename(data).replace(/\.[^.]+$/, '');
    const refText = tableReference?.table ? tableText(tableReference.table) : tableReference?.file;
    const options: EvaluationSpec['options'] = {
      dataset: data, label, failOn,
      ...(reference ? { reference } : {}), ...(score ? { score } : {}), ...(prediction ? { prediction } : {}), ...(model ? { model: model.path } : {}),
      ...(task ? { task: task as EvaluateOptions['task'] & string } : {}), ...(threshold !== undefined ? { threshold } : {}), ...(positive ? { positive } : {}),
      ...(timeColumn && window ? { timeColumn, window } : {}), ...(business?.length ? { business } : {}),
      ...(bootstrap !== undefined ? { bootstrap } : {}), ...(seed !== undefined ? { seed } : {}), ...(segments === false ? { segments: false } : {}),
    };
    return {
      name,
      title: `Model evaluation — ${modelName ?? score ?? prediction} on ${table ? data : basename(data)}${table && refText ? ` against ${refText}` : ''}`,
      files: table ? (tableReference?.file ? [tableReference.file] : []) : [data, ...(reference ? [reference] : []), ...(model ? [model.path] : [])],
      spec: { id: `evaluation/${r.str([...p, 'name']) ?? name}`, options, ...(model ? { model: model.path } : {}), ...(table ? { table } : {}), ...(tableReference ? { tableReference } : {}) },
    };
  },
  async run(spec, env) {
    const history = readWorkspaceHistory(env.baseDir).runs;
    const historyOf = (figure: string) => figureHistory(history, spec.id, figure);
    const report = spec.table
      ? await evaluateTable(env, spec.table, spec.tableReference, { ...spec.options, ...(env.signal ? { signal: env.signal } : {}), history: historyOf })
      : await runEvaluation(env.engine, { ...spec.options, ...(env.models ? { models: env.models } : {}), ...(env.signal ? { signal: env.signal } : {}), history: historyOf });
    const findings: Finding[] = [];
    // A table's findings name no file.
    const file = spec.table ? undefined : spec.options.dataset;
    for (const f of report.failOn.filter((x) => x.status === 'fail')) findings.push({ severity: 'error', message: `Condition failed: ${failOnText(f)}.`, file });
    const unit = unitOf(report);
    for (const w of report.windows?.filter((x) => x.flagged) ?? []) {
      const m = w.metrics.find((x) => x.name === report.primaryMetric);
      findings.push({ severity: 'warning', message: `${windowName(w, unit)}: ${metricInfo(report.primaryMetric)?.label ?? report.primaryMetric} ${sig3(m?.value)} is significantly worse than the reference.`, file });
    }
    if (report.estimated?.disagreements.length) findings.push({ severity: 'warning', message: report.estimated.summary, file });
    for (const s of report.segments.filter((x) => x.weak).slice(0, 5)) findings.push({ severity: 'warning', message: `Weak segment ${s.column} = ${s.value}: ${(metricInfo(s.metric)?.label ?? s.metric).toLowerCase()} ${sig3(s.inside)} vs ${sig3(s.outside)} elsewhere (${s.rows} rows).`, file });
    for (const i of report.issues.filter((x) => x.severity !== 'info')) findings.push({ severity: 'info', message: i.message, file });
    return { status: report.verdict.status, summary: report.verdict.text, findings, metrics: evaluationFigures(report), report };
  },
};
