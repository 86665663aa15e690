import { basename } from 'node:path';
import { loadDataset } from '../../data/loadDataset';
import type { Dataset } from '../../data/dataset';
import { csvLinesOfRows } from '../../rules/csvLines';
import { readRulesFile } from '../../rules/readRulesFile';
import { validateDataset } from '../../rules/validateDataset';
import { scoredDataset } from './scoredDataset';
import { dataFile } from '../config';
import type { CheckEnv, CheckKind, CheckResultBody, Finding } from '../types';
import { openCheckData, tableText, type CheckTable } from '../checkTables';
import { validatePlans } from '../../rules/rulesPlan';
import type { Rule } from '../../rules/rule';
import { rulesVerdict } from '../../verdict/rules';

interface RulesCheckSpec {
  data: string;
  /** The dataset's table on a source (its rules run there as aggregate plans). */
  table?: CheckTable;
  rules: string;
  model?: string;
  predictionColumn: string;
}

/**
 * `checks.rules`: business rules (a rules file) on a dataset, optionally on a configured model's predictions.
 * Fails when an error-severity rule exceeds its tolerated violation rate; warns for warning/info rules.
 */
export const rulesCheck: CheckKind<RulesCheckSpec> = {
  section: 'rules',
  kind: 'rules',
  label: 'business rules',
  keys: ['dataset', 'data', 'rules', 'model', 'predictionColumn'],
  parse(r, p, ctx) {
    const d = dataFile(r, p, ctx, 'current', true);
    const rules = r.file([...p, 'rules'], true);
    const modelName = r.str([...p, 'model']);
    const model = modelName === undefined ? undefined : ctx.models.get(modelName);
    if (modelName !== undefined && !model) r.problem([...p, 'model'], `unknown model '${modelName}'; declare it under 'models:'.`);
    if (d?.table && modelName !== undefined) r.problem([...p, 'model'], `a model scores rows on this machine; on a source table, check a prediction column written to the table instead.`);
    if (!d || !rules) return undefined;
    return {
      name: basename(rules).replace(/(\.rules)?\.(ya?ml|json)$/, ''),
      title: `Rules: ${basename(rules)} on ${d.table ? tableText(d.table) : basename(d.file)}`,
      files: [...(d.table ? [] : [d.file]), rules, ...(model ? [model.path] : [])],
      spec: { data: d.file, ...(d.table ? { table: d.table } : {}), rules, ...(model ? { model: model.path } : {}), predictionColumn: r.str([...p, 'predictionColumn']) ?? 'prediction' },
    };
  },
  async run(spec, env) {
    const { rules, text } = readRulesFile(spec.rules);
    if (spec.table) return rulesOnTable(spec, env, rules);
    const opened: Dataset[] = [];
    try {
      let ds = await loadDataset(env.engine, spec.data, { signal: env.signal });
      opened.push(ds);
      if (spec.model) {
        ds = await scoredDataset(env, ds, spec.model, spec.predictionColumn);
        opened.push(ds);
      }
      const report = await validateDataset(env.engine, ds, rules, { signal: env.signal, label: spec.data, rulesSource: { path: spec.rules, text } });
      const failing = report.rules.filter((x) => x.status === 'fail');
      const delimited = (ds.format === 'csv' || ds.format === 'tsv') && !ds.compression;
      const lines = delimited ? csvLinesOfRows(spec.data, failing.flatMap((x) => (x.examples[0]?.row !== undefined ? [x.examples[0].row] : []))) : new Map<number, number>();
      const findings: Finding[] = failing.map((x) => {
        const first = x.examples[0];
        const line = first?.row !== undefined ? lines.get(first.row) : undefined;
        const f: Finding = {
          severity: x.severity,
          message: `rule '${x.id}' (${x.expr}): ${x.violations} of ${x.rows} rows violate it (${(100 * x.rate).toFixed(2)}%, tolerated ${(100 * x.maxRate).toFixed(2)}%)${first?.row !== undefined ? `; first at data row ${first.row}` : ''}.`,
          file: spec.data,
        };
        if (line !== undefined) f.line = line;
        return f;
      });
      const errors = failing.filter((x) => x.severity === 'error');
      const verdict = rulesVerdict(report);
      return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics: { rules: report.rules.length, failedRules: failing.length, errorRules: errors.length }, report };
    } finally {
      for (const ds of opened.reverse()) await ds.release();
    }
  },
};

/** Rules on a source table: count-ifs per rule in the database (validatePlans); examples are value combinations, so findings carry no line. */
async function rulesOnTable(spec: RulesCheckSpec, env: CheckEnv, rules: Rule[]): Promise<CheckResultBody> {
  const { target, ds, label } = await openCheckData(env, spec.data, spec.table);
  try {
    const report = await validatePlans(target, ds, rules, { signal: env.signal, label });
    const failing = report.rules.filter((x) => x.status === 'fail');
    const findings: Finding[] = failing.map((x) => ({
      severity: x.severity,
      message: `rule '${x.id}' (${x.expr}): ${x.violations} of ${x.rows} rows of ${label} violate it (${(100 * x.rate).toFixed(2)}%, tolerated ${(100 * x.maxRate).toFixed(2)}%).`,
    }));
    const verdict = rulesVerdict(report);
    return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics: { rules: report.rules.length, failedRules: failing.length, errorRules: failing.filter((x) => x.severity === 'error').length }, report };
  } finally {
    await ds.release();
  }
}
