import type { CategorySplits, TreeEnsemble } from '../types';
import { applyOps, type Column } from './columns';
import { bad, unsupported } from './state';
import { leftOf, rawThreshold, type Compare } from './splitMapping';
import type { TreeArrays } from './treeSources';

/** One scikit-learn tree over the final estimator's columns, with the output it adds to one group. */
export interface SourceTree extends TreeArrays {
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
  const sets = { offsets: catOffsets, bits: catBits, outside: catOutside };
  // Per column: what a missing value becomes through its transforms (NaN when nothing imputes it).
  const imputedOf = columns.map((c) => (c.kind === 'numeric' ? applyOps(c.ops, NaN) : NaN));
  const rawOf = Int32Array.from(columns, (c) => c.raw);
  // Splits shared by the per-class copies of one tree (same node arrays) are mapped once.
  const mapped = new WeakMap<Int32Array, MappedSplits>();
  let offset = 0;
  let orderBuf = new Int32Array(0);
  let queueBuf = new Int32Array(0);
  const { left, right, feature, threshold, defaultLeft, value, cover } = e;
  for (let t = 0; t < T; t++) {
    const s = sources[t]!;
    const m = s.left.length;
    e.treeOffsets[t] = offset;
    e.treeGroup[t] = s.group;
    e.treeWeight[t] = s.weight;
    let splits = mapped.get(s.feature);
    if (!splits) mapped.set(s.feature, (splits = mapSplits(s, t, columns, imputedOf, encodingSizes, refusesMissing, sets)));
    if (orderBuf.length < m) {
      orderBuf = new Int32Array(m);
      queueBuf = new Int32Array(m);
    }
    const order = orderBuf;
    const queue = queueBuf;
    const sl = s.left;
    const sr = s.right;
    const sf = s.feature;
    order.fill(-1, 0, m);
    // Breadth-first: children get consecutive ids (right = left + 1); a node reached twice is an error.
    let tail = 1;
    queue[0] = 0;
    order[0] = 0;
    for (let q = 0; q < tail; q++) {
      const i = queue[q]!;
      const l = sl[i]!;
      if (l === -1) continue;
      const r = sr[i]!;
      if (!(l > 0 && l < m && r > 0 && r < m) || l === r || order[l] !== -1 || order[r] !== -1) throw bad(`has a tree (${t}) whose node ${i} has children ${l} and ${r}`);
      order[l] = tail;
      order[r] = tail + 1;
      queue[tail++] = l;
      queue[tail++] = r;
    }
    const { thr, dflt, cat } = splits;
    const sc = s.cover;
    const sv = s.value;
    const sg = s.gain;
    for (let q = 0; q < tail; q++) {
      const i = queue[q]!;
      const g = offset + q;
      cover[g] = sc[i]!;
      if (gains && sg) gains[g] = sg[i]!;
      if (sl[i] === -1) {
        left[g] = right[g] = feature[g] = -1;
        value[g] = sv[i]!;
        continue;
      }
      left[g] = offset + order[sl[i]!]!;
      right[g] = offset + order[sr[i]!]!;
      feature[g] = rawOf[sf[i]!]!;
      threshold[g] = thr[i]!;
      defaultLeft[g] = dflt[i]!;
      catIndex[g] = cat[i]!;
    }
    offset += tail;
  }
  e.maxDepth = maxDepthOf(e);
  e.treeOffsets[T] = offset;
  e.numNodes = offset;
  if (catBits.length > 0 || catOffsets.length > 1) {
    const categories: CategorySplits = { index: catIndex, offsets: Int32Array.from(catOffsets), bits: Uint32Array.from(catBits), outsideLeft: Uint8Array.from(catOutside) };
    e.categories = categories;
  }
  if (numRaw < 1) throw bad('has a model without input columns');
  return { trees: e, gains, refusesMissing };
}

interface MappedSplits {
  thr: Float32Array;
  dflt: Uint8Array;
  cat: Int32Array;
}

/** The raw-space split of every internal node of one tree (see buildEnsemble). */
function mapSplits(
  s: SourceTree, t: number, columns: readonly Column[], imputedOf: readonly number[], encodingSizes: readonly number[], refusesMissing: Set<number>,
  sets: { offsets: number[]; bits: number[]; outside: number[] },
): MappedSplits {
  const m = s.left.length;
  const out: MappedSplits = { thr: new Float32Array(m), dflt: new Uint8Array(m), cat: new Int32Array(m).fill(-1) };
  const addSet = (words: number[], outsideLeft: boolean): number => {
    sets.bits.push(...words);
    sets.offsets.push(sets.bits.length);
    sets.outside.push(outsideLeft ? 1 : 0);
    return sets.offsets.length - 2;
  };
  for (let i = 0; i < m; i++) {
    if (s.left[i] === -1) continue;
    const o = s.feature[i]!;
    const col = columns[o];
    if (!col) throw bad(`has a tree (${t}) that splits on column ${o} of ${columns.length}`);
    const thr = s.threshold[i]!;
    const nanLeft = s.missingLeft ? s.missingLeft[i]! : -1;
    const nativeCat = s.categorical?.[i] ?? null;
    if (nativeCat) {
      if (col.kind !== 'numeric' || col.ops.length > 0) throw unsupported('has a HistGradientBoosting categorical split on a transformed column');
      const mgl = nanLeft === 1;
      const words = Array.from({ length: 8 }, (_, w) => (nativeCat.left[w]! | (mgl ? ~nativeCat.known[w]! : 0)) >>> 0);
      out.dflt[i] = mgl ? 1 : 0;
      out.cat[i] = addSet(words, mgl);
      continue;
    }
    if (col.kind === 'indicator') {
      const size = encodingSizes[col.raw] ?? 0;
      const words = new Array<number>(Math.max(1, Math.ceil(size / 32))).fill(0);
      for (let k = 0; k < size; k++) if (leftOf(s.compare, k === col.code ? 1 : 0, thr)) words[k >>> 5] = (words[k >>> 5]! | (1 << (k & 31))) >>> 0;
      const zeroLeft = leftOf(s.compare, 0, thr);
      out.dflt[i] = zeroLeft ? 1 : 0;
      out.cat[i] = addSet(words, zeroLeft);
      continue;
    }
    if (col.kind !== 'numeric') throw unsupported('splits on a text column');
    const imputed = imputedOf[o]!;
    if (imputed === imputed) out.dflt[i] = leftOf(s.compare, imputed, thr) ? 1 : 0;
    else if (nanLeft >= 0) out.dflt[i] = nanLeft;
    else refusesMissing.add(col.raw);
    out.thr[i] = rawThreshold(col.ops, s.compare, thr);
  }
  return out;
}

/** Depth of the deepest tree (root only = 0), from the breadth-first layout (children after parents). */
function maxDepthOf(e: TreeEnsemble): number {
  const depth = new Int32Array(e.numNodes);
  let max = 0;
  for (let i = 0; i < e.numNodes; i++) {
    const l = e.left[i]!;
    if (l < 0) continue;
    const d = depth[i]! + 1;
    depth[l] = depth[e.right[i]!] = d;
    if (d > max) max = d;
  }
  return max;
}
