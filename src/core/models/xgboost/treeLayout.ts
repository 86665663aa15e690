import type { TreeEnsemble } from '../types';

/** Rows per block: a tree's nodes stay in cache while it scores the block, like XGBoost's CPU predictor. */
export const ROW_BLOCK = 256;

/**
 * A numerical tree ensemble laid out for scoreRows (./scoreRows.ts), in SharedArrayBuffers so that worker
 * threads read the same memory (./predictWorkers.ts). Plain data: it crosses postMessage as it is.
 *
 * - `perfect`: each tree padded to the complete binary tree of its depth D, slots numbered breadth-first
 *   from `root[t]`: slot s has children 2s + 1 and 2s + 2 (relative to the root), so a step needs no child
 *   pointer. Internal slot: `node` = feature · rowBlock (the offset of the feature's column in a block
 *   transposed column-major), `thr` = threshold, `defaultRight` = 1 when NaN goes right. The last 2^D slots
 *   are leaves, `leaf` = weight · value. A leaf above depth D becomes a subtree whose splits send every row
 *   left (threshold NaN) down to copies of its value.
 * - otherwise (deep or sparse trees, where padding would multiply the nodes): 4 slots per node in one
 *   buffer — [4·left, feature, threshold (float32 bits), 4·defaultRight] — so a step touches one 16-byte
 *   record; `root[t]` = 4·(first node), `leaf[i]` = weight · value of node i. Leaves loop onto themselves
 *   (left = self, threshold NaN) so every row takes exactly the tree's depth in steps.
 */
export interface TreeLayout {
  perfect: boolean;
  numTrees: number;
  numGroups: number;
  rowBlock: number;
  root: Int32Array;
  depth: Int32Array;
  group: Int32Array;
  node: Int32Array;
  thr: Float32Array;
  defaultRight: Uint8Array;
  leaf: Float64Array;
}

/** The perfect layout is used when every tree is at most this deep … */
const PERFECT_MAX_DEPTH = 12;
/** … and padding at most quadruples the slots (XGBoost's depth-wise trees are usually near complete). */
const PERFECT_MAX_GROWTH = 4;

const cache = new WeakMap<TreeEnsemble, TreeLayout>();

/** The layout of a numerical (not categorical) ensemble, built once per ensemble. */
export function treeLayout(e: TreeEnsemble): TreeLayout {
  let layout = cache.get(e);
  if (!layout) {
    layout = build(e);
    cache.set(e, layout);
  }
  return layout;
}

const shared = <T>(make: new (b: SharedArrayBuffer) => T, bytesPer: number, n: number): T => new make(new SharedArrayBuffer(Math.max(1, n) * bytesPer));

function build(e: TreeEnsemble): TreeLayout {
  const T = e.numTrees;
  const nodeDepth = new Int32Array(e.numNodes);
  const depth = shared(Int32Array, 4, T);
  for (let t = 0; t < T; t++) {
    for (let i = e.treeOffsets[t]!; i < e.treeOffsets[t + 1]!; i++) {
      const l = e.left[i]!;
      if (l >= 0) nodeDepth[l] = nodeDepth[e.right[i]!] = nodeDepth[i]! + 1;
      else depth[t] = Math.max(depth[t]!, nodeDepth[i]!);
    }
  }
  const group = shared(Int32Array, 4, T);
  group.set(e.treeGroup);
  let slots = 0;
  let deepest = 0;
  for (let t = 0; t < T; t++) {
    slots += 2 ** (depth[t]! + 1) - 1;
    deepest = Math.max(deepest, depth[t]!);
  }
  let maxFeature = 0;
  for (let i = 0; i < e.numNodes; i++) maxFeature = Math.max(maxFeature, e.feature[i]!);
  const perfect = deepest <= PERFECT_MAX_DEPTH && slots <= PERFECT_MAX_GROWTH * e.numNodes && (maxFeature + 1) * ROW_BLOCK < 2 ** 31;
  return { ...(perfect ? perfectSlots(e, depth, slots) : nodeSlots(e)), perfect, numTrees: T, numGroups: e.numGroups, rowBlock: ROW_BLOCK, depth, group };
}

type Slots = Pick<TreeLayout, 'root' | 'node' | 'thr' | 'defaultRight' | 'leaf'>;

function perfectSlots(e: TreeEnsemble, depth: Int32Array, slots: number): Slots {
  const root = shared(Int32Array, 4, e.numTrees);
  const node = shared(Int32Array, 4, slots);
  const thr = shared(Float32Array, 4, slots);
  const defaultRight = shared(Uint8Array, 1, slots);
  const leaf = shared(Float64Array, 8, slots);
  let base = 0;
  for (let t = 0; t < e.numTrees; t++) {
    const D = depth[t]!;
    const w = e.treeWeight[t]!;
    root[t] = base;
    // Depth-first over (ensemble node, slot, depth); a leaf above depth D fills both child slots with itself.
    const stack = [e.treeOffsets[t]!, 0, 0];
    while (stack.length) {
      const d = stack.pop()!;
      const s = stack.pop()!;
      const i = stack.pop()!;
      if (d === D) {
        leaf[base + s] = w * e.value[i]!;
        continue;
      }
      const l = e.left[i]!;
      if (l < 0) {
        thr[base + s] = NaN;
        stack.push(i, 2 * s + 1, d + 1, i, 2 * s + 2, d + 1);
      } else {
        node[base + s] = e.feature[i]! * ROW_BLOCK;
        thr[base + s] = e.threshold[i]!;
        defaultRight[base + s] = e.defaultLeft[i]! ^ 1;
        stack.push(l, 2 * s + 1, d + 1, e.right[i]!, 2 * s + 2, d + 1);
      }
    }
    base += 2 ** (D + 1) - 1;
  }
  return { root, node, thr, defaultRight, leaf };
}

function nodeSlots(e: TreeEnsemble): Slots {
  const N = e.numNodes;
  const buf = new SharedArrayBuffer(Math.max(1, N) * 16);
  const node = new Int32Array(buf);
  const thr = new Float32Array(buf);
  const leaf = shared(Float64Array, 8, N);
  const root = shared(Int32Array, 4, e.numTrees);
  for (let t = 0; t < e.numTrees; t++) {
    root[t] = 4 * e.treeOffsets[t]!;
    for (let i = e.treeOffsets[t]!; i < e.treeOffsets[t + 1]!; i++) {
      const l = e.left[i]!;
      if (l >= 0) {
        node[4 * i] = 4 * l;
        node[4 * i + 1] = e.feature[i]!;
        thr[4 * i + 2] = e.threshold[i]!;
        node[4 * i + 3] = 4 * (e.defaultLeft[i]! ^ 1);
      } else {
        node[4 * i] = 4 * i;
        thr[4 * i + 2] = NaN;
        leaf[i] = e.treeWeight[t]! * e.value[i]!;
      }
    }
  }
  return { root, node, thr, defaultRight: shared(Uint8Array, 1, 0), leaf };
}
