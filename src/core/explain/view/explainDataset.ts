import { basename } from 'node:path';
import type { Engine } from '../../data/engine';
import { loadDataset } from '../../data/loadDataset';
import { readNumericRows } from '../../data/readColumns';
import { CancelledError, InputError } from '../../errors';
import { datasetFeatures } from '../../models/datasetFeatures';
import { featureExprs } from '../../models/featureSql';
import type { Model } from '../../models/types';
import { explainDocument, type ExplainDocument } from '../explainDocument';
import type { ExplainReport, ExplainRow } from '../explainer';
import { chooseExplainer } from '../methods';
import { treeShapInteractions } from '../treeShapInteractions';
import { sampleRows } from './sampleRows';
import { addInteractionSums, partnersFromSums, type StrongestInteraction } from './strongestInteractions';
import type { TreeEnsemble } from '../../models/types';

const BLOCK_ROWS = 65536;
/** Rows explained per step; between steps the work yields so a cancel request is seen. */
const CHUNK_ROWS = 250;
/** Rows of interaction values per step. */
const INTERACTION_CHUNK_ROWS = 20;

/**
 * How many rows get interaction values: at most `wanted`, and no more than keeps their cost (two TreeSHAP
 * passes per distinct split feature of each tree) within that of explaining the `n` rows (one pass per tree),
 * but at least min(wanted, 20, n) so the dependence plot always has a colour.
 */
export function interactionRowBudget(e: TreeEnsemble, n: number, wanted: number): number {
  let perRow = 0;
  for (let t = 0; t < e.numTrees; t++) {
    const used = new Set<number>();
    for (let i = e.treeOffsets[t]!; i < e.treeOffsets[t + 1]!; i++) if (e.left[i] !== -1) used.add(e.feature[i]!);
    perRow += 2 * used.size;
  }
  const affordable = perRow === 0 ? n : Math.floor((n * e.numTrees) / perRow);
  return Math.min(wanted, n, Math.max(affordable, Math.min(wanted, 20, n)));
}

export interface DatasetExplanation {
  doc: ExplainDocument;
  /** Rows explained out of the dataset's rows; `sampled` when the cap drew a seeded sample. */
  rows: { explained: number; total: number; sampled: boolean; seed: number };
  /** Rows the interaction values were computed on (the first explained rows, in row order). */
  interactionRows: number;
  interactions: StrongestInteraction[];
  /** The dataset row asked for (always among the explained rows). */
  focusRow?: number;
}

export interface ExplainDatasetOptions {
  /** Explain at most this many rows: all rows when the dataset is smaller, else a seeded sample. */
  maxRows: number;
  /** SHAP interaction values on at most this many of the explained rows (0 = none; see interactionRowBudget). */
  interactionRows: number;
  seed: number;
  /** A dataset row that must be explained (added to the sample). */
  focusRow?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, message?: string) => void) | undefined;
}

const tick = (): Promise<void> => new Promise((ok) => setImmediate(ok));

/**
 * Explains `model` on (a seeded sample of) `dataFile` with the automatic explainer (exact TreeSHAP for tree
 * models), in chunks so cancellation takes effect between them, plus SHAP interaction values on the first
 * `interactionRows` explained rows to find each feature's strongest interacting feature. The values are those
 * of `model-lens explain --rows <the same rows>`: the chunks are explained independently and merged
 * (rows in order; global mean |φ| re-weighted by rows; the largest additivity error).
 *
 * @throws InputError BAD_ARGUMENT — focusRow beyond the dataset; FEATURE_* from datasetFeatures.
 */
export async function explainDataset(engine: Engine, model: Model, modelName: string, dataFile: string, o: ExplainDatasetOptions): Promise<DatasetExplanation> {
  const explainer = chooseExplainer('auto', model);
  const ds = await loadDataset(engine, dataFile, { signal: o.signal });
  try {
    const columns = await datasetFeatures(engine, ds, model, { signal: o.signal });
    if (o.focusRow !== undefined && (o.focusRow < 0 || o.focusRow >= ds.rows)) {
      throw new InputError('BAD_ARGUMENT', `Row ${o.focusRow} is out of range; ${basename(dataFile)} has ${ds.rows} rows (0-${ds.rows - 1}).`, { row: o.focusRow, rows: ds.rows });
    }
    const sampled = ds.rows > o.maxRows;
    const picked = sampled ? sampleRows(ds.rows, o.maxRows, o.seed) : Array.from({ length: ds.rows }, (_, i) => i);
    if (o.focusRow !== undefined && !picked.includes(o.focusRow)) {
      picked.push(o.focusRow);
      picked.sort((a, b) => a - b);
    }
    const F = columns.length;
    const n = picked.length;
    const X = model.float64Inputs ? new Float64Array(n * F) : new Float32Array(n * F);
    const last = picked[n - 1] ?? -1;
    let i = 0;
    o.onProgress?.(0.05, 'reading rows');
    await readNumericRows(engine, `(SELECT * FROM ${ds.relation} LIMIT ${last + 1})`, columns, BLOCK_ROWS, ({ X: block, n: m, start }) => {
      for (; i < n && picked[i]! < start + m; i++) X.set(block.subarray((picked[i]! - start) * F, (picked[i]! - start + 1) * F), i * F);
    }, { signal: o.signal, exprs: featureExprs(model, columns), float64: model.float64Inputs });
    const parts: ExplainReport[] = [];
    for (let s = 0; s < n; s += CHUNK_ROWS) {
      await tick();
      if (o.signal?.aborted) throw new CancelledError();
      const e = Math.min(n, s + CHUNK_ROWS);
      parts.push(explainer.explain(model, X.subarray(s * F, e * F), e - s, { modelName, datasetName: basename(dataFile), rowIndices: picked.slice(s, e) }));
      o.onProgress?.(0.1 + 0.7 * (e / Math.max(1, n)), `explaining ${e} of ${n} rows`);
    }
    const report = mergeReports(parts, n, model, modelName, basename(dataFile));
    const doc = explainDocument(report, model, X);
    const k = model.trees ? interactionRowBudget(model.trees, n, o.interactionRows) : 0;
    let interactions: StrongestInteraction[] = doc.features.map((feature) => ({ feature, partner: null, strength: 0 }));
    if (k > 0 && model.trees) {
      const sums = new Float64Array(F * F);
      for (let s = 0; s < k; s += INTERACTION_CHUNK_ROWS) {
        await tick();
        if (o.signal?.aborted) throw new CancelledError();
        const e = Math.min(k, s + INTERACTION_CHUNK_ROWS);
        addInteractionSums(treeShapInteractions(model.trees, model.baseMargin, X.subarray(s * F, e * F), e - s, F), e - s, model.numGroups, F, sums);
        o.onProgress?.(0.8 + 0.2 * (e / k), `interaction values on ${e} of ${k} rows`);
      }
      interactions = partnersFromSums(sums, k, doc.features);
    }
    o.onProgress?.(1);
    return { doc, rows: { explained: n, total: ds.rows, sampled, seed: o.seed }, interactionRows: k, interactions, ...(o.focusRow !== undefined ? { focusRow: o.focusRow } : {}) };
  } finally {
    await ds.release();
  }
}

/** One report from the chunks' reports: rows concatenated, global mean |φ| weighted by chunk rows, max additivity error. */
export function mergeReports(parts: readonly ExplainReport[], n: number, model: Pick<Model, 'numFeatures' | 'featureNames'>, modelName: string, datasetName: string): ExplainReport {
  const first = parts[0];
  if (!first) {
    const features = model.featureNames ?? Array.from({ length: model.numFeatures }, (_, j) => `f${j}`);
    throw new InputError('EMPTY_DATASET', `${datasetName} has no rows to explain with ${modelName}.`, { features });
  }
  const rows: ExplainRow[] = parts.flatMap((p) => p.rows);
  const total = new Map<string, number>(first.features.map((f) => [f, 0]));
  for (const p of parts) for (const g of p.global) total.set(g.feature, total.get(g.feature)! + g.meanAbs * p.rows.length);
  return {
    ...first,
    rows,
    global: first.features.map((feature) => ({ feature, meanAbs: total.get(feature)! / Math.max(1, n) })).sort((a, b) => b.meanAbs - a.meanAbs),
    additivity: { maxAbsError: Math.max(...parts.map((p) => p.additivity.maxAbsError)) },
  };
}
