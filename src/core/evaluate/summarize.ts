import { mulberry32 } from '../random';
import { binaryBootstrap } from './binary/binaryBootstrap';
import { BINARY_METRIC_IDS } from './binary/binarySums';
import { evaluateBinary, evaluateBinaryCounts, type BinaryResult } from './binary/evaluateBinary';
import { sortScores, type SortedScores } from './binary/sortedScores';
import { percentileInterval } from './bootstrap';
import type { InputPlan } from './inputs';
import { metricInfo, metricsOf } from './metricCatalog';
import { evaluateMulticlass, multiclassBootstrap, MULTICLASS_METRIC_IDS, type MulticlassResult } from './multiclass';
import type { EvalRows } from './readRows';
import { evaluateRegression, regressionBootstrap, REGRESSION_METRIC_IDS, type RegressionResult } from './regression';
import type { MetricValue, PerClassMetrics } from './types';
import { own } from '../dict';

export interface BootstrapSettings {
  draws: number;
  level: number;
  seed: number;
  /** Bootstrap cells per evaluated subset (see binaryCells); fewer for windows keeps 52 windows fast. */
  maxCells: number;
  signal?: AbortSignal | undefined;
}

/** The metrics of one subset of rows, with intervals and bootstrap standard errors (for window comparisons). */
export interface Summary {
  rows: number;
  metrics: MetricValue[];
  /** Bootstrap standard error per metric id (NaN when undefined). */
  se: Map<string, number>;
  exactCells: boolean;
  binary?: BinaryResult;
  /** Binary: the subset's scores, positives and negatives sorted (kept for CBPE, which needs them again). */
  sorted?: SortedScores;
  multiclass?: MulticlassResult;
  regression?: RegressionResult;
  perClass?: PerClassMetrics[];
}

const UNDEFINED_NOTE: Record<string, string> = {
  rocAuc: 'needs both positive and negative labels',
  prAuc: 'needs at least one positive label',
  precision: 'nothing is predicted positive at the threshold',
  recall: 'there are no positive labels',
  f1: 'needs positive labels and positive predictions',
  logLoss: 'needs probabilities in [0, 1]',
  brier: 'needs probabilities in [0, 1]',
  ece: 'needs probabilities in [0, 1]',
  r2: 'the label is constant',
};

function assemble(ids: readonly string[], values: Float64Array, draws: Float64Array[] | null, center: Float64Array | null, wanted: Set<string>, s: BootstrapSettings, rows: number): { metrics: MetricValue[]; se: Map<string, number> } {
  const metrics: MetricValue[] = [];
  const se = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!wanted.has(id)) return;
    const value = values[i]!;
    if (!Number.isFinite(value)) {
      metrics.push({ name: id, value: null, ci: null, note: rows === 0 ? 'no labelled rows' : (own(UNDEFINED_NOTE, id) ?? 'undefined for these rows') });
      se.set(id, NaN);
      return;
    }
    const iv = draws ? percentileInterval(draws[i]!, s.level, value - center![i]!, metricInfo(id)?.proportion ? [0, 1] : undefined) : null;
    se.set(id, iv?.se ?? NaN);
    metrics.push({ name: id, value, ci: iv?.ci ?? null, ...(iv && iv.undefinedDraws > 0 ? { note: `undefined in ${iv.undefinedDraws} of ${s.draws} resamples` } : {}) });
  });
  return { metrics, se };
}

/** Evaluates `subset` (labelled rows with a usable score/prediction) of `r` for the plan's task. */
/** `presorted`: the subset's sorted scores when the caller has them (binary; e.g. merged from the windows'). */
export function summarize(r: EvalRows, subset: Int32Array, plan: InputPlan, s: BootstrapSettings, streamId: number, presorted?: SortedScores): Summary {
  const wanted = new Set(metricsOf(plan.task, plan.hasScores).map((m) => m.id));
  const rng = mulberry32((s.seed + 0x9e3779b1 * streamId) >>> 0);
  const n = subset.length;
  if (plan.task === 'binary') {
    const sorted = presorted ?? sortScores(r.y, r.v, subset);
    const res = evaluateBinary(sorted, { threshold: plan.threshold!, maxCells: s.maxCells });
    const bs = s.draws > 0 && n > 0 ? binaryBootstrap(res.cells, s.draws, rng, res.probabilities, s.signal) : null;
    const a = assemble(BINARY_METRIC_IDS, res.values, bs?.draws ?? null, bs?.center ?? null, wanted, s, n);
    return { rows: n, ...a, exactCells: res.cells.exact, binary: res, sorted };
  }
  if (plan.task === 'multiclass') {
    const k = plan.classes!.length;
    const y = new Int32Array(n);
    const pred = new Int32Array(n);
    const loss = r.loss ? new Float64Array(n) : null;
    for (let j = 0; j < n; j++) {
      const i = subset[j]!;
      y[j] = r.y[i]!;
      pred[j] = r.v[i]!;
      if (loss) loss[j] = r.loss![i]!;
    }
    return multiclassSummary(evaluateMulticlass({ y, pred, loss, k }, s.maxCells), plan, s, streamId, n, loss !== null);
  }
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    y[j] = r.y[subset[j]!]!;
    p[j] = r.v[subset[j]!]!;
  }
  const res = evaluateRegression(y, p, rng, { maxGroups: s.maxCells });
  const draws = s.draws > 0 && n > 0 ? regressionBootstrap(res.groups, s.draws, rng, s.signal) : null;
  const a = assemble(REGRESSION_METRIC_IDS, res.values, draws, res.values, wanted, s, n);
  return { rows: n, ...a, exactCells: res.groups.exact, regression: res };
}

/**
 * A multiclass Summary from its result (confusion matrix, cells): the bootstrap on the stream `streamId`.
 * summarize() and a warehouse's GROUP BY (label, prediction) counts (source/sourceMulticlass.ts) share it.
 */
export function multiclassSummary(res: MulticlassResult, plan: InputPlan, s: BootstrapSettings, streamId: number, n: number, hasLoss: boolean): Summary {
  const k = plan.classes!.length;
  const wanted = new Set(metricsOf(plan.task, plan.hasScores).map((m) => m.id));
  const rng = mulberry32((s.seed + 0x9e3779b1 * streamId) >>> 0);
  const bs = s.draws > 0 && n > 0 ? multiclassBootstrap(res, k, hasLoss, s.draws, rng, s.signal) : null;
  const a = assemble(MULTICLASS_METRIC_IDS, res.values, bs?.metrics ?? null, res.values, wanted, s, n);
  const perClass: PerClassMetrics[] = [];
  res.perClass.forEach((pc, c) => {
    if (!res.present[c]) return;
    const one = (v: number, j: number): MetricValue => {
      if (!Number.isFinite(v)) return { name: ['precision', 'recall', 'f1'][j]!, value: null, ci: null, note: j === 1 ? 'the class never occurs in the label' : 'the class is never predicted' };
      const iv = bs ? percentileInterval(bs.perClass[c]![j]!, s.level, 0, [0, 1]) : null;
      return { name: ['precision', 'recall', 'f1'][j]!, value: v, ci: iv?.ci ?? null };
    };
    perClass.push({ class: plan.classes![c]!, support: pc.support, precision: one(pc.precision, 0), recall: one(pc.recall, 1), f1: one(pc.f1, 2) });
  });
  return { rows: n, ...a, exactCells: res.cells.exact, multiclass: res, perClass };
}

/**
 * summarize() for a binary score from weighted distinct scores (descending; positives and negatives per score),
 * e.g. GROUP BY (score, label) counts computed in a warehouse. The cells, and so the seeded bootstrap draws, are
 * those summarize() builds from the same rows: values and intervals are identical.
 */
export function summarizeBinaryCounts(scores: Float64Array, pos: Float64Array, neg: Float64Array, plan: InputPlan, s: BootstrapSettings, streamId: number): Summary {
  const wanted = new Set(metricsOf(plan.task, plan.hasScores).map((m) => m.id));
  const rng = mulberry32((s.seed + 0x9e3779b1 * streamId) >>> 0);
  const res = evaluateBinaryCounts(scores, pos, neg, { threshold: plan.threshold!, maxCells: s.maxCells });
  const n = res.positives + res.negatives;
  const bs = s.draws > 0 && n > 0 ? binaryBootstrap(res.cells, s.draws, rng, res.probabilities, s.signal) : null;
  const a = assemble(BINARY_METRIC_IDS, res.values, bs?.draws ?? null, bs?.center ?? null, wanted, s, n);
  return { rows: n, ...a, exactCells: res.cells.exact, binary: res };
}
