import { basename } from 'node:path';
import { requireModelAccess } from '../../models/modelAccess';
import { diffModels } from '../../versions/diffModels';
import { fileVersion, resolveVersion } from '../../versions/sources/resolveVersion';
import type { ModelVersion } from '../../versions/types';
import type { ConfigReader, YamlPath } from '../configReader';
import type { CheckKind, ConfigContext, Finding } from '../types';
import { comparisonVerdict } from '../../verdict/comparison';
import { formatNumber } from '../../render/numbers';

interface ComparisonSpec {
  a: string;
  /** A file, or git:REV / mlflow:RUN_ID relative to `a` (as `model-lens diff` takes it). */
  b: string;
  data?: string;
  label?: string;
  primaryMetric?: string;
  draws: number;
  seed: number;
}

/** A model name declared under `models:`, or a model file. */
function modelRef(r: ConfigReader, p: YamlPath, ctx: ConfigContext, allowRevision: boolean): string | undefined {
  const v = r.str(p, true);
  if (!v) return undefined;
  const declared = ctx.models.get(v);
  if (declared) return declared.path;
  if (allowRevision && /^(git|mlflow):/.test(v)) return v;
  return r.file(p, true);
}

/**
 * `checks.comparisons`: model A (the one in production) against candidate B on evaluation data, as
 * `model-lens diff` does. Fails when B is significantly worse on the primary metric; warns when B is worse on
 * some slice of the data; passes otherwise.
 */
export const comparisonCheck: CheckKind<ComparisonSpec> = {
  section: 'comparisons',
  kind: 'comparison',
  label: 'model version comparison',
  keys: ['a', 'b', 'dataset', 'data', 'label', 'primaryMetric', 'bootstrap', 'seed'],
  parse(r, p, ctx) {
    const a = modelRef(r, [...p, 'a'], ctx, false);
    const b = modelRef(r, [...p, 'b'], ctx, true);
    const named = r.str([...p, 'dataset']);
    const dataset = named === undefined ? undefined : ctx.datasets.get(named);
    if (named !== undefined && !dataset) r.problem([...p, 'dataset'], `unknown dataset '${named}'; declare it under 'datasets:'.`);
    if (dataset?.source) { r.problem([...p, 'dataset'], `dataset '${named}' is a table of a source (${dataset.source}); this check reads files only so far: give it a file dataset or 'data: <file>'.`); return undefined; }
    const declaredA = [...ctx.models.values()].find((m) => m.path === a);
    const data = r.file([...p, 'data']) ?? dataset?.current ?? dataset?.reference ?? declaredA?.data;
    const label = r.str([...p, 'label']) ?? dataset?.label ?? declaredA?.label;
    if (label && !data) r.problem(p, `'label' needs evaluation data: 'data: <file>', 'dataset: <name>' or a model with 'data'.`);
    const primaryMetric = r.str([...p, 'primaryMetric']);
    const draws = r.num([...p, 'bootstrap'], { integer: true, min: 0, max: 100000 }) ?? 500;
    const seed = r.num([...p, 'seed'], { integer: true, min: 0 }) ?? 0;
    if (!a || !b) return undefined;
    const spec: ComparisonSpec = { a, b, draws, seed };
    if (data) spec.data = data;
    if (label) spec.label = label;
    if (primaryMetric) spec.primaryMetric = primaryMetric;
    const shownB = /^(git|mlflow):/.test(b) ? b : basename(b);
    return {
      name: `${basename(a).replace(/\.[^.]+$/, '')}-vs-${shownB.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_')}`,
      title: `Model versions: ${basename(a)} → ${shownB}`,
      files: [a, ...(/^(git|mlflow):/.test(b) ? [] : [b]), ...(data ? [data] : [])],
      spec,
    };
  },
  async run(spec, env) {
    const versions: ModelVersion[] = [];
    // Before anything else: resolving git:/mlflow: versions runs git, and diffing loads both models.
    const models = requireModelAccess(env.models, 'Comparing model versions');
    try {
      versions.push(fileVersion(spec.a));
      versions.push(await resolveVersion(spec.b, spec.a));
      const d = await diffModels(versions[0]!, versions[1]!, {
        engine: env.engine, models, draws: spec.draws, seed: spec.seed,
        ...(env.signal ? { signal: env.signal } : {}),
        ...(spec.data ? { data: spec.data } : {}), ...(spec.label ? { label: spec.label } : {}), ...(spec.primaryMetric ? { primaryMetric: spec.primaryMetric } : {}),
      });
      const findings: Finding[] = [];
      const where = spec.data ?? spec.a;
      if (d.verdict.worse) findings.push({ severity: 'error', message: d.verdict.text, file: spec.a });
      for (const s of d.slices.filter((x) => x.worse)) findings.push({ severity: 'warning', message: `B is worse for ${s.column}=${s.value}: ${s.metric} ${formatNumber(s.a)} → ${formatNumber(s.b)} (${s.rows} rows).`, file: where, column: s.column });
      const verdict = comparisonVerdict(d);
      const metrics: Record<string, number> = {};
      if (d.predictions) metrics['agreement'] = d.predictions.agreement;
      for (const m of d.metrics) metrics[`delta_${m.name}`] = m.delta;
      return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics, report: d };
    } finally {
      for (const v of versions) v.dispose?.();
    }
  },
};
