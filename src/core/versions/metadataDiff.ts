import type { Model } from '../models/types';
import { metricDirection } from './metricDirection';
import type { FeatureDiff, MetadataDiff, ModelFacts, ParamDiff, RecordedMetricDiff } from './types';
import { own } from '../dict';

export function modelFacts(m: Model, bytes: number): ModelFacts {
  return {
    kind: m.kind,
    objective: m.objective,
    numFeatures: m.numFeatures,
    numClasses: m.numClasses,
    trees: m.trees?.numTrees ?? null,
    maxDepth: m.trees?.maxDepth ?? null,
    nodes: m.trees?.numNodes ?? null,
    bytes,
  };
}

/** Feature names (or f0…f{n−1} when the file stores none): added in B, removed from A, and whether the shared ones moved. */
export function featureDiff(a: string[], b: string[]): FeatureDiff {
  const inA = new Set(a);
  const inB = new Set(b);
  const sharedA = a.filter((f) => inB.has(f));
  const sharedB = b.filter((f) => inA.has(f));
  return { added: b.filter((f) => !inA.has(f)), removed: a.filter((f) => !inB.has(f)), reordered: sharedA.some((f, i) => sharedB[i] !== f) };
}

export const featureNamesOf = (m: Model): string[] => m.featureNames ?? Array.from({ length: m.numFeatures }, (_, i) => `f${i}`);

export function metadataDiff(a: Model, aBytes: number, b: Model, bBytes: number, identical = false): MetadataDiff {
  const fa = modelFacts(a, aBytes);
  const fb = modelFacts(b, bBytes);
  const changed = (Object.keys(fa) as (keyof ModelFacts)[]).filter((k) => fa[k] !== fb[k]);
  return { a: fa, b: fb, changed, features: featureDiff(featureNamesOf(a), featureNamesOf(b)), identical };
}

/** Union of parameter names, sorted with the changed ones first. */
export function paramDiff(a: Record<string, string>, b: Record<string, string>): ParamDiff[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const rows = names.map((name) => {
    const va = own(a, name) ?? null;
    const vb = own(b, name) ?? null;
    return { name, a: va, b: vb, changed: va !== vb };
  });
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

export function recordedMetricDiff(a: Record<string, number>, b: Record<string, number>): RecordedMetricDiff[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.map((name) => {
    const va = own(a, name) ?? null;
    const vb = own(b, name) ?? null;
    const better = metricDirection(name);
    const delta = va !== null && vb !== null ? vb - va : null;
    let improved: boolean | null = null;
    if (delta !== null && better !== null) improved = better === 'higher' ? delta > 0 : delta < 0;
    return { name, a: va, b: vb, delta, better, improved };
  });
}

/**
 * Settings stored in an XGBoost JSON model file (objective, base_score, number of classes/trees, booster,
 * objective parameters), flattened as 'file.<name>', so two bare files still get a parameter diff. Training
 * hyperparameters such as eta or max_depth are not saved by save_model; they come from MLflow/DVC. Returns
 * {} for UBJSON or anything that is not XGBoost JSON.
 */
export function fileParams(bytes: Uint8Array): Record<string, string> {
  if (bytes[0] !== 0x7b) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return {};
  }
  const learner = (doc as { learner?: Record<string, unknown> }).learner;
  if (!learner || typeof learner !== 'object') return {};
  const out: Record<string, string> = {};
  const put = (prefix: string, v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) put(prefix ? `${prefix}.${k}` : k, x);
    else if (!Array.isArray(v)) out[`file.${prefix}`] = String(v);
  };
  put('', learner['learner_model_param']);
  put('objective', learner['objective']);
  const gb = learner['gradient_booster'] as { name?: unknown; model?: { gbtree_model_param?: unknown } } | undefined;
  put('booster', gb?.name);
  put('', gb?.model?.gbtree_model_param);
  const version = (doc as { version?: unknown }).version;
  if (Array.isArray(version)) out['file.xgboost_version'] = version.join('.');
  return out;
}
