import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { CancelledError, InputError } from '../errors';
import type { Model } from '../models/types';
import { mulberry32 } from '../random';
import { metricsFor, prepareScored, type MetricSpec, type Scored, type Task } from './metrics';
import { pairedBootstrap } from './pairedBootstrap';
import { readDoubles } from './readDoubles';
import { predictionChanges, type PredictionChanges } from './predictionChanges';
import { scoreDataset } from './scoreDataset';
import { shapShift, type ShapShift } from './shapShift';
import { sliceDefs } from './sliceDefs';
import { sliceResults, type SliceMetric, type SliceResult } from './slices';
import { commonTask } from './task';

export interface EvalOptions {
  label?: string;
  /** Metric id the verdict and exit code use; default auc (binary), accuracy (multiclass), rmse (regression). */
  primaryMetric?: string;
  draws?: number;
  level?: number;
  seed?: number;
  minSliceRows?: number;
  /** Rows explained with TreeSHAP for the importance shift (the first rows of the file). */
  shapRows?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface EvalMetric {
  name: string;
  label: string;
  a: number;
  b: number;
  delta: number;
  ci: [number, number] | null;
  better: 'higher' | 'lower';
  /** 'better'/'worse' when the CI excludes 0, else null. */
  significant: 'better' | 'worse' | null;
}

export interface Evaluation {
  dataset: string;
  rows: number;
  label: string | null;
  labeledRows: number;
  task: Task;
  primaryMetric: string | null;
  bootstrap: { draws: number; level: number; seed: number };
  predictions: PredictionChanges;
  metrics: EvalMetric[];
  slices: SliceResult[];
  shap: ShapShift[] | null;
  shapRows: number;
}

const DEFAULT_PRIMARY: Record<Task, string> = { binary: 'auc', multiclass: 'accuracy', regression: 'rmse' };
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/i;

/** Compares A's and B's predictions on one dataset: changes, metric deltas with CIs, slices, SHAP shift. */
export async function evaluateOnDataset(engine: Engine, ds: Dataset, a: Model, b: Model, o: EvalOptions = {}): Promise<Evaluation> {
  const task = commonTask(a, b);
  const draws = o.draws ?? 500;
  const level = o.level ?? 0.95;
  const seed = o.seed ?? 0;
  const shapRows = o.shapRows ?? 200;
  const run = { ...(o.signal ? { signal: o.signal } : {}) };
  const names = ds.columns.map((c) => c.name);
  if (o.label !== undefined && !names.includes(o.label)) throw new InputError('COLUMN_NOT_FOUND', `Label column '${o.label}' not found in ${ds.path}; columns are: ${names.join(', ')}.`, { column: o.label });
  const metrics = metricsFor(task);
  const primary = o.label === undefined ? null : (o.primaryMetric ?? DEFAULT_PRIMARY[task]);
  if (primary !== null && !metrics.some((m) => m.id === primary)) throw new InputError('BAD_ARGUMENT', `--primary-metric ${primary} does not apply to a ${task} model; use one of ${metrics.map((m) => m.id).join(', ')}.`);

  o.onProgress?.(0.05, 'scoring with A');
  const sa = await scoreDataset(engine, ds, a, shapRows, run);
  o.onProgress?.(0.25, 'scoring with B');
  const sb = await scoreDataset(engine, ds, b, shapRows, run);
  const n = sa.p.length / sa.width;
  const predictions = predictionChanges(task, sa.p, sb.p, sa.width, n);

  let labeled = new Int32Array(0);
  let evalMetrics: EvalMetric[] = [];
  let slices: SliceResult[] = [];
  if (o.label !== undefined) {
    o.onProgress?.(0.45, 'reading the label');
    const y = await readLabel(engine, ds, o.label, task, task === 'multiclass' ? sa.width : 2, run);
    labeled = finiteRows(y);
    if (labeled.length === 0) throw new InputError('NO_LABELS', `Label column '${o.label}' has no values in ${ds.path}; the models cannot be scored against it.`, { column: o.label });
    const yy = new Float64Array(labeled.length);
    for (let i = 0; i < labeled.length; i++) yy[i] = y[labeled[i]!]!;
    const pick = (p: Float64Array, w: number): Scored => {
      const pp = new Float64Array(labeled.length * w);
      for (let i = 0; i < labeled.length; i++) for (let k = 0; k < w; k++) pp[i * w + k] = p[labeled[i]! * w + k]!;
      return prepareScored({ task, y: yy, p: pp, width: w });
    };
    const A = pick(sa.p, sa.width);
    const B = pick(sb.p, sb.width);
    o.onProgress?.(0.5, `bootstrapping metric deltas (${draws} draws)`);
    const cis = pairedBootstrap(A, B, metrics, { draws, level, random: mulberry32(seed), ...run, onDraw: (d) => o.onProgress?.(0.5 + (0.2 * d) / draws, `bootstrapping metric deltas (${d}/${draws} draws)`) });
    evalMetrics = metrics.map((m, j) => {
      const r = cis[j]!;
      const sig = r.ci && (r.ci[0] > 0 || r.ci[1] < 0) ? ((r.ci[0] > 0) === m.higherIsBetter ? 'better' : 'worse') : null;
      return { name: m.id, label: m.label, a: m.fn(A, null), b: m.fn(B, null), delta: r.delta, ci: r.ci, better: m.higherIsBetter ? 'higher' : 'lower', significant: sig };
    });
    if (o.signal?.aborted) throw new CancelledError();
    o.onProgress?.(0.7, 'comparing slices');
    const sliceMetric = metrics.find((m) => m.id === (task === 'regression' ? 'mae' : primary === 'log_loss' ? 'log_loss' : 'accuracy')) as MetricSpec & { id: SliceMetric };
    const defs = await sliceDefs(engine, ds, [o.label], labeled, run);
    slices = sliceResults(A, B, defs, sliceMetric, { level, minRows: o.minSliceRows ?? 30 });
  }
  o.onProgress?.(0.85, 'explaining with TreeSHAP');
  const keep = Math.min(sa.keptRows, sb.keptRows);
  const shap = shapShift(a, sa.X, b, sb.X, keep);
  return {
    dataset: ds.path, rows: n, label: o.label ?? null, labeledRows: labeled.length, task, primaryMetric: primary,
    bootstrap: { draws, level, seed }, predictions, metrics: evalMetrics, slices, shap, shapRows: shap ? keep : 0,
  };
}

/** Indices of the finite entries (the labeled rows), in order. */
function finiteRows(y: Float64Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(y.length);
  let m = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!)) out[m++] = i;
  return out.slice(0, m);
}

/** The label as numbers, NaN where missing; binary labels must be 0/1 (or booleans), multiclass 0…k−1. */
async function readLabel(engine: Engine, ds: Dataset, label: string, task: Task, classes: number, run: { signal?: AbortSignal }): Promise<Float64Array> {
  const type = ds.columns.find((c) => c.name === label)!.type;
  if (!NUMERIC.test(type) && !/^BOOLEAN$/i.test(type)) throw new InputError('LABEL_TYPE', `Label column '${label}' has type ${type}; it must be numeric (0/1 for binary classifiers, 0…k−1 for multiclass, the target value for regression). Encode it before comparing.`, { column: label, type });
  const [out] = await readDoubles(engine, ds.relation, [quoteIdent(label)], ds.rows, run);
  if (!out) return new Float64Array(0);
  if (task !== 'regression') {
    const bad = out.find((v) => Number.isFinite(v) && !(Number.isInteger(v) && v >= 0 && v < classes));
    if (bad !== undefined) throw new InputError('LABEL_VALUES', `Label column '${label}' holds ${bad}, but a ${task} model's labels must be ${task === 'binary' ? '0 or 1' : `class indices 0…${classes - 1}`}.`, { column: label, value: bad });
  }
  return out;
}
