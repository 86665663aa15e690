import { basename } from 'node:path';
import { audit, auditPlans, type AuditOptions } from '../../bias/audit';
import { DEFAULT_FAIL_ON, evaluateChecks, parseFailOn, type FailOn } from '../../bias/checks';
import type { Dataset } from '../../data/dataset';
import { isInputError } from '../../errors';
import { scoredDataset } from './scoredDataset';
import { biasCheckSentence, biasVerdict } from '../../verdict/bias';
import { dataFile } from '../config';
import type { CheckKind, Finding } from '../types';
import { openCheckData, tableText, type CheckTable } from '../checkTables';

interface FairnessCheckSpec {
  data: string;
  /** The dataset's table on a source (the audit's GROUP BYs run there). */
  table?: CheckTable;
  model?: string;
  options: AuditOptions;
  failOn: FailOn[];
}

const MODEL_PREDICTION_COLUMN = '__model_lens_prediction';

/**
 * `checks.fairness`: a bias audit of label vs prediction (a column, or a configured model's output at
 * `threshold`) by sensitive attribute. Fails when a `failOn` rule holds (default disparateImpact<0.8, the
 * four-fifths rule); warns on small groups and findings.
 */
export const fairnessCheck: CheckKind<FairnessCheckSpec> = {
  section: 'fairness',
  kind: 'fairness',
  label: 'fairness',
  keys: ['dataset', 'data', 'model', 'label', 'prediction', 'score', 'threshold', 'sensitive', 'favorable', 'privileged', 'minGroupSize', 'failOn'],
  parse(r, p, ctx) {
    const d = dataFile(r, p, ctx, 'current', true);
    const modelName = r.str([...p, 'model']);
    const model = modelName === undefined ? undefined : ctx.models.get(modelName);
    if (modelName !== undefined && !model) r.problem([...p, 'model'], `unknown model '${modelName}'; declare it under 'models:'.`);
    if (d?.table && modelName !== undefined) r.problem([...p, 'model'], `a model scores rows on this machine; on a source table, audit a prediction or score column of the table instead.`);
    const label = r.str([...p, 'label']) ?? d?.dataset?.label ?? model?.label;
    if (!label) r.problem(p, `'label' is required (the true outcome column), here or on the dataset.`);
    const prediction = r.str([...p, 'prediction']) ?? (model ? undefined : d?.dataset?.prediction);
    const score = r.str([...p, 'score']);
    if (!prediction && !score && !model) r.problem(p, `give 'prediction: <column>', 'score: <column>' or 'model: <name>'.`);
    const sensitive = r.strList([...p, 'sensitive']);
    if (!sensitive?.length) r.problem([...p, 'sensitive'], `'sensitive' must list the attributes to audit, e.g. [gender, race].`);
    const threshold = r.num([...p, 'threshold'], { min: 0, max: 1 });
    const minGroupSize = r.num([...p, 'minGroupSize'], { integer: true, min: 1 });
    const favorable = r.value([...p, 'favorable']);
    const privileged = r.strMap([...p, 'privileged']);
    const failOnText = r.strList([...p, 'failOn']) ?? [DEFAULT_FAIL_ON];
    const failOn: FailOn[] = [];
    failOnText.forEach((t, i) => {
      try {
        failOn.push(parseFailOn(t));
      } catch (e) {
        if (!isInputError(e)) throw e;
        r.problem([...p, 'failOn', i], e.message.replace(/^--fail-on /, ''));
      }
    });
    if (!d || !label || !sensitive?.length || (!prediction && !score && !model)) return undefined;
    const options: AuditOptions = { dataset: d.file, sensitive, label };
    if (model) options.score = MODEL_PREDICTION_COLUMN;
    else if (score) options.score = score;
    if (prediction) options.prediction = prediction;
    if (threshold !== undefined) options.threshold = threshold;
    if (minGroupSize !== undefined) options.minGroupSize = minGroupSize;
    if (typeof favorable === 'string' || typeof favorable === 'number' || typeof favorable === 'boolean') options.favorable = favorable;
    if (privileged) options.privileged = privileged;
    return {
      name: d.dataset?.name ?? basename(d.file).replace(/\.[^.]+$/, ''),
      title: `Fairness: ${sensitive.join(', ')} in ${d.table ? tableText(d.table) : basename(d.file)}`,
      files: d.table ? [] : model ? [d.file, model.path] : [d.file],
      spec: { data: d.file, ...(d.table ? { table: d.table } : {}), ...(model ? { model: model.path } : {}), options, failOn },
    };
  },
  async run(spec, env) {
    const opened: Dataset[] = [];
    try {
      const data = await openCheckData(env, spec.data, spec.table);
      let ds = data.ds;
      opened.push(ds);
      if (spec.model) {
        ds = await scoredDataset(env, ds, spec.model, MODEL_PREDICTION_COLUMN);
        opened.push(ds);
      }
      // Files: the audit's SQL in DuckDB; tables: its aggregate plans where the table lives (the same report).
      const report = data.remote ? await auditPlans(data.target, ds, { ...spec.options, dataset: data.label }, { signal: env.signal }) : await audit((sql) => env.engine.run(sql, { signal: env.signal }), ds.relation, spec.options);
      const file = data.remote ? {} : { file: spec.data };
      const checks = evaluateChecks(report, spec.failOn);
      const failed = checks.filter((c) => c.status === 'fail');
      const checked = { ...report, checks };
      const verdict = biasVerdict(checked);
      const findings: Finding[] = failed.map((c) => ({ severity: 'error', message: biasCheckSentence(checked, c), ...file, ...(c.attribute.includes(' & ') ? {} : { column: c.attribute }) }));
      for (const a of report.attributes) for (const f of a.findings) findings.push({ severity: 'warning', message: `${a.attribute}: ${f}`, ...file, ...(a.attribute.includes(' & ') ? {} : { column: a.attribute }) });
      const small = report.attributes.flatMap((a) => a.groups.filter((g) => g.small).map((g) => `${a.attribute}=${g.group}`));
      const di = report.attributes.map((a) => a.metrics['disparateImpact']).filter((v): v is number => typeof v === 'number');
      const minDi = di.length ? Math.min(...di) : null;
      const metrics: Record<string, number> = { failedChecks: failed.length, smallGroups: small.length };
      if (minDi !== null) metrics['minDisparateImpact'] = minDi;
      return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics, report: checked };
    } finally {
      for (const ds of opened.reverse()) await ds.release();
    }
  },
};
