import type { CategorySplits, TreeEnsemble } from '../types';
import { applyOps, type Column } from './columns';
import { bad, unsupported } from './state';
import { leftOf, rawThreshold, type Compare } from './splitMapping';

/** One scikit-learn tree over the final estimator's columns, with the output it adds to one group. */
export interface SourceTree {
  /** Children (-1 at leaves), split column and threshold per node, in scikit-learn's node order (root 0). */
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** Where NaN goes per node (scikit-learn ≥ 1.3 trees, HistGradientBoosting); null: the estimator refuses NaN. */
  missingLeft: Uint8Array | null;
  /** Training weight per node (TreeSHAP's cover). */
  cover: Float64Array;
  /** Impurity decrease × weight per node, for the editor's importance; null when unknown. */
  gain: Float64Array | null;
  /** Leaf output per node for this tree's group. */
  value: Float64Array;
  group: number;
  weight: number;
  compare: Compare;
  /** HistGradientBoosting categorical splits: per node, the raw categories that go left (8 words), known categories. */
  categorical?: (null | { left: Uint32Array; known: Uint32Array })[];
}

export interface BuiltEnsemble {
  trees: TreeEnsemble;
  gains: Float64Array | null;
  /** Raw columns whose NaN reaches a split that has no NaN direction (scikit-learn would refuse the row). */
  refusesMissing: Set<number>;
}

/**
 * Rewrites scikit-learn trees over transformed columns as one TreeEnsemble over raw dataset columns
 * (types.ts): a numeric column's threshold is carried back through its monotone transforms (rawThreshold);
 * a one-hot column's split becomes a category split on the raw column's category index; an imputed column
 * sends NaN where its imputed value goes. Nodes are renumbered breadth-first (right = left + 1), as the
 * XGBoost and LightGBM readers do. `numRaw` raw columns; `encodingSizes[j]` categories of raw column j.
 */
export function buildEnsemble(sources: readonly SourceTree[], columns: readonly Column[], numRaw: number, numGroups: number, encodingSizes: readonly number[]): BuiltEnsemble {
  let numNodes = 0;
  for (const s of sources) numNodes += s.left.length;
  const T = sources.length;
  const e: TreeEnsemble = {
    numTrees: T, numNodes, numGroups, maxDepth: 0,
    treeOffsets: new Int32Array(T + 1), treeGroup: new Int32Array(T), treeWeight: new Float64Array(T),
    left: new Int32Array(numNodes), right: new Int32Array(numNodes), feature: new Int32Array(numNodes),
    threshold: new Float32Array(numNodes), defaultLeft: new Uint8Array(numNodes), value: new Float64Array(numNodes), cover: new Float64Array(numNodes),
  };
  const hasGains = sources.every((s) => s.gain !== null);
  const gains = hasGains ? new Float64Array(numNodes) : null;
  const catIndex = new Int32Array(numNodes).fill(-1);
  const catOffsets: number[] = [0];
  const catBits: number[] = [];
  const catOutside: number[] = [];
  const refusesMissing = new Set<number>();
  // Splits shared by the per-class copies of one tree are mapped once.
  const mapped = new WeakMap<Int32Array, Map<number, { thr: number; dflt: number; cat: number }>>();
  let offset = 0;
  sources.forEach((s, t) => {
    const m = s.left.length;
    e.treeOffsets[t] = offset;
    e.treeGroup[t] = s.group;
    e.treeWeight[t] = s.weight;
    let memo = mapped.get(s.feature);
    if (!memo) mapped.set(s.feature, (memo = new Map()));
    const order = new Int32Array(m).fill(-1);
    const depth = new Int32Array(m);
    const queue = [0];
    order[0] = 0;
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!;
      const l = s.left[i]!;
      if (l === -1) continue;
      const r = s.right[i]!;
      if (!(l > 0 && l < m && r > 0 && r < m) || l === r || order[l] !== -1 || order[r] !== -1) throw bad(`has a tree (${t}) whose node ${i} has children ${l} and ${r}`);
      order[l] = queue.length;
      order[r] = queue.length + 1;
      depth[l] = depth[r] = depth[i]! + 1;
      if (depth[l]! > e.maxDepth) e.maxDepth = depth[l]!;
      queue.push(l, r);
    }
    for (const i of queue) {
      const g = offset + order[i]!;
      e.cover[g] = s.cover[i]!;
      if (gains) gains[g] = s.gain![i]!;
      if (s.left[i] === -1) {
        e.left[g] = e.right[g] = e.feature[g] = -1;
        e.value[g] = s.value[i]!;
        continue;
      }
      e.left[g] = offset + order[s.left[i]!]!;
      e.right[g] = offset + order[s.right[i]!]!;
      const o = s.feature[i]!;
      const col = columns[o];
      if (!col) throw bad(`has a tree (${t}) that splits on column ${o} of ${columns.length}`);
      e.feature[g] = col.raw;
      let hit = memo.get(i);
      if (!hit) {
        hit = mapSplit(s, i, col, encodingSizes, refusesMissing, catOffsets, catBits, catOutside);
        memo.set(i, hit);
      }
      e.threshold[g] = hit.thr;
      e.defaultLeft[g] = hit.dflt;
      catIndex[g] = hit.cat;
    }
    offset += queue.length;
  });
  e.treeOffsets[T] = offset;
  e.numNodes = offset;
  if (catBits.length > 0 || catOffsets.length > 1) {
    const categories: CategorySplits = { index: catIndex, offsets: Int32Array.from(catOffsets), bits: Uint32Array.from(catBits), outsideLeft: Uint8Array.from(catOutside) };
    e.categories = categories;
  }
  if (numRaw < 1) throw bad('has a model without input columns');
  return { trees: e, gains, refusesMissing };
}

function mapSplit(
  s: SourceTree, i: number, col: Column, encodingSizes: readonly number[], refusesMissing: Set<number>,
  catOffsets: number[], catBits: number[], catOutside: number[],
): { thr: number; dflt: number; cat: number } {
  const thr = s.threshold[i]!;
  const nativeCat = s.categorical?.[i] ?? null;
  const nanLeft = s.missingLeft ? s.missingLeft[i]! : null;
  const addSet = (words: number[], outsideLeft: boolean): number => {
    catBits.push(...words);
    catOffsets.push(catBits.length);
    catOutside.push(outsideLeft ? 1 : 0);
    return catOffsets.length - 2;
  };
  if (nativeCat) {
    if (col.kind !== 'numeric' || col.ops.length > 0) throw unsupported('has a HistGradientBoosting categorical split on a transformed column');
    const mgl = nanLeft === 1;
    const words = Array.from({ length: 8 }, (_, w) => (nativeCat.left[w]! | (mgl ? ~nativeCat.known[w]! : 0)) >>> 0);
    return { thr: 0, dflt: mgl ? 1 : 0, cat: addSet(words, mgl) };
  }
  if (col.kind === 'indicator') {
    const size = encodingSizes[col.raw] ?? 0;
    const words = new Array<number>(Math.max(1, Math.ceil(size / 32))).fill(0);
    for (let k = 0; k < size; k++) if (leftOf(s.compare, k === col.code ? 1 : 0, thr)) words[k >>> 5] = (words[k >>> 5]! | (1 << (k & 31))) >>> 0;
    const zeroLeft = leftOf(s.compare, 0, thr);
    return { thr: 0, dflt: zeroLeft ? 1 : 0, cat: addSet(words, zeroLeft) };
  }
  if (col.kind !== 'numeric') throw unsupported('splits on a text column');
  const imputed = applyOps(col.ops, NaN);
  let dflt: number;
  if (imputed === imputed) dflt = leftOf(s.compare, imputed, thr) ? 1 : 0;
  else if (nanLeft !== null) dflt = nanLeft;
  else {
    refusesMissing.add(col.raw);
    dflt = 0;
  }
  return { thr: rawThreshold(col.ops, s.compare, thr), dflt, cat: -1 };
}
