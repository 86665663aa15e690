import { basename } from 'node:path';
import { analyseAbtest } from '../../abtest/analyse';
import { parseGuardrail, parseSplit } from '../../abtest/parseOptions';
import type { AbtestOptions } from '../../abtest/types';
import { loadDataset } from '../../data/loadDataset';
import { isInputError } from '../../errors';
import { dataFile } from '../config';
import type { CheckKind, Finding } from '../types';
import { abtestVerdict } from '../../verdict/abtest';
import { pEquals } from '../../render/numbers';

/**
 * `checks.experiments`: an A/B test results file (one row per unit). Fails on a sample-ratio mismatch or a
 * breached guardrail (as `model-lens abtest` exits 1); warns when the decision is not to ship yet
 * (keep running, don't ship); passes when a treatment can ship.
 */
export const experimentCheck: CheckKind<AbtestOptions> = {
  section: 'experiments',
  kind: 'experiment',
  label: 'A/B test',
  keys: ['dataset', 'data', 'variant', 'control', 'metrics', 'guardrails', 'expectedSplit', 'timeColumn', 'segments', 'alpha', 'bootstrap', 'seed'],
  parse(r, p, ctx) {
    const d = dataFile(r, p, ctx);
    const variant = r.str([...p, 'variant'], true);
    const control = r.str([...p, 'control'], true);
    const metrics = r.strList([...p, 'metrics']);
    if (!metrics?.length) r.problem([...p, 'metrics'], `'metrics' must list at least one metric column, e.g. [converted, revenue] (the first drives the decision).`);
    const o: Partial<AbtestOptions> = {};
    const guardrails: NonNullable<AbtestOptions['guardrails']> = [];
    (r.strList([...p, 'guardrails']) ?? []).forEach((g, i) => {
      try {
        guardrails.push(parseGuardrail(g));
      } catch (e) {
        if (!isInputError(e)) throw e;
        r.problem([...p, 'guardrails', i], e.message.replace(/^--guardrail /, ''));
      }
    });
    const split = r.value([...p, 'expectedSplit']);
    if (split !== undefined) {
      try {
        o.expectedSplit = Array.isArray(split) ? parseSplit(split.join('/')) : parseSplit(String(split));
      } catch (e) {
        if (!isInputError(e)) throw e;
        r.problem([...p, 'expectedSplit'], e.message.replace(/^--expected-split/, "'expectedSplit'"));
      }
    }
    const time = r.str([...p, 'timeColumn']) ?? d?.dataset?.timeColumn;
    if (time) o.timeColumn = time;
    const segments = r.strList([...p, 'segments']);
    const alpha = r.num([...p, 'alpha'], { min: 1e-9, max: 0.499 });
    const draws = r.num([...p, 'bootstrap'], { integer: true, min: 0, max: 100000 });
    const seed = r.num([...p, 'seed'], { integer: true, min: 0 });
    if (!d || !variant || !control || !metrics?.length) return undefined;
    const options: AbtestOptions = { ...o, dataset: d.file, variant, control, metrics, guardrails, segments: segments ?? [] };
    if (alpha !== undefined) options.alpha = alpha;
    if (draws !== undefined) options.bootstrapDraws = draws;
    if (seed !== undefined) options.seed = seed;
    return { name: d.dataset?.name ?? basename(d.file).replace(/\.[^.]+$/, ''), title: `A/B test: ${metrics.join(', ')} in ${basename(d.file)}`, files: [d.file], spec: options };
  },
  async run(spec, env) {
    const ds = await loadDataset(env.engine, spec.dataset, { signal: env.signal });
    try {
      const report = await analyseAbtest((sql) => env.engine.run(sql, { signal: env.signal }), ds.relation, ds.columns, spec, env.signal);
      const findings: Finding[] = [];
      if (report.srm.detected) findings.push({ severity: 'error', message: `sample ratio mismatch: ${pEquals(report.srm.pValue)} against the expected split (fails below 0.001); the assignment or the logging is broken, so no result can be trusted.`, file: spec.dataset, column: report.variantColumn });
      for (const g of report.guardrails.filter((x) => x.breached)) findings.push({ severity: 'error', message: `guardrail '${g.metric}' breached by ${g.variant} (${pEquals(g.pValue)}).`, file: spec.dataset, column: g.metric });
      for (const reason of report.decision.reasons) findings.push({ severity: 'info', message: reason, file: spec.dataset });
      const verdict = abtestVerdict(report);
      const primary = report.metrics.find((m) => m.variant === report.decision.variant) ?? report.metrics[0];
      const metrics: Record<string, number> = { rows: report.rows, srmPValue: report.srm.pValue, breachedGuardrails: report.guardrails.filter((g) => g.breached).length };
      if (primary && typeof primary.relativeLift === 'number') metrics['relativeLift'] = primary.relativeLift;
      return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics, report };
    } finally {
      await ds.release();
    }
  },
};
