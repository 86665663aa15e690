import type { CategorySplits, TreeEnsemble } from '../types';
import { type Json, invalid, numArray } from './jsonAccess';

/**
 * Converts XGBoost's per-tree JSON arrays (RegTree::SaveModel: left_children, right_children,
 * split_indices, split_conditions, default_left, sum_hessian, split_type) into one flat
 * TreeEnsemble. Leaf outputs live in split_conditions at leaf nodes (base_weights there are the
 * unscaled weights, before the learning rate). Thresholds and leaf values are rounded to float32
 * because XGBoost holds them as float; covers likewise.
 *
 * Categorical splits (split_type 1, from enable_categorical=True) list per node, in categories /
 * categories_nodes / categories_segments / categories_sizes, the categories that go right; every other
 * category, a negative value and one beyond the listed range go left, and a missing value takes the default
 * child (XGBoost's common::Decision and GetNextNode, src/common/categorical.h). They become CategorySplits
 * whose sets hold the categories that go left, with outsideLeft set.
 * Rejects structurally broken trees (child index out of range, cycles, feature index >= numFeatures, a
 * categorical node without its categories) with INVALID_MODEL.
 * Nodes are renumbered breadth-first so that every internal node's right child is left + 1.
 */
export function parseTrees(
  trees: unknown[],
  treeInfo: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  numFeatures: number,
  numGroups: number,
  path: string,
): TreeEnsemble {
  const numTrees = trees.length;
  const sizes = trees.map((t, i) => {
    if (typeof t !== 'object' || t === null) throw invalid(`${path}.trees[${i}]`, 'is not an object');
    return numArray(t as Json, 'left_children', `${path}.trees[${i}]`).length;
  });
  const numNodes = sizes.reduce((a, b) => a + b, 0);
  const e: TreeEnsemble = {
    numTrees, numNodes, numGroups, maxDepth: 0,
    treeOffsets: new Int32Array(numTrees + 1), treeGroup: new Int32Array(numTrees), treeWeight: new Float64Array(numTrees),
    left: new Int32Array(numNodes), right: new Int32Array(numNodes), feature: new Int32Array(numNodes),
    threshold: new Float32Array(numNodes), defaultLeft: new Uint8Array(numNodes),
    value: new Float64Array(numNodes), cover: new Float64Array(numNodes),
  };
  const catIndex = new Int32Array(numNodes).fill(-1);
  const cats = { offsets: [0], bits: [] as number[], outside: [] as number[] };
  let offset = 0;
  for (let t = 0; t < numTrees; t++) {
    const p = `${path}.trees[${t}]`;
    const tree = trees[t] as Json;
    const m = sizes[t]!;
    if (m === 0) throw invalid(p, 'has no nodes');
    const left = numArray(tree, 'left_children', p, m);
    const right = numArray(tree, 'right_children', p, m);
    const feat = numArray(tree, 'split_indices', p, m);
    const cond = numArray(tree, 'split_conditions', p, m);
    const defLeft = numArray(tree, 'default_left', p, m);
    const hess = numArray(tree, 'sum_hessian', p, m);
    const setOf = tree['split_type'] !== undefined ? categorySets(tree, numArray(tree, 'split_type', p, m), left, p, cats) : null;
    const group = treeInfo[t]!;
    if (!Number.isInteger(group) || group < 0 || group >= numGroups) throw invalid(`${path}.tree_info[${t}]`, `is ${group}, expected 0..${numGroups - 1}`);
    e.treeOffsets[t] = offset;
    e.treeGroup[t] = group;
    e.treeWeight[t] = weights ? Math.fround(weights[t]!) : 1;
    // Breadth-first renumbering: children of a node get consecutive ids (right = left + 1), which
    // predict.ts relies on; unreachable (deleted) nodes are dropped; a node reached twice is an error.
    const order = new Int32Array(m).fill(-1);
    const depth = new Int32Array(m);
    const queue = [0];
    order[0] = 0;
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!;
      if (left[i] === -1) continue;
      const l = left[i]!;
      const r = right[i]!;
      for (const c of [l, r]) {
        if (!Number.isInteger(c) || c <= 0 || c >= m) throw invalid(`${p}`, `node ${i} has child ${c}, outside 1..${m - 1}`);
      }
      if (l === r || order[l] !== -1 || order[r] !== -1) throw invalid(p, `node ${order[l] !== -1 ? l : r} is reached twice (the tree has a cycle or shared child)`);
      const f = feat[i]!;
      if (!Number.isInteger(f) || f < 0 || f >= numFeatures) throw invalid(`${p}.split_indices[${i}]`, `is ${f}, but the model has ${numFeatures} features`);
      order[l] = queue.length;
      order[r] = queue.length + 1;
      depth[l] = depth[r] = depth[i]! + 1;
      e.maxDepth = Math.max(e.maxDepth, depth[l]!);
      queue.push(l, r);
    }
    for (const i of queue) {
      const g = offset + order[i]!;
      const isLeaf = left[i] === -1;
      e.left[g] = isLeaf ? -1 : offset + order[left[i]!]!;
      e.right[g] = isLeaf ? -1 : offset + order[right[i]!]!;
      e.feature[g] = isLeaf ? -1 : feat[i]!;
      e.threshold[g] = isLeaf ? 0 : cond[i]!;
      e.defaultLeft[g] = defLeft[i] ? 1 : 0;
      e.value[g] = isLeaf ? Math.fround(cond[i]!) : 0;
      e.cover[g] = Math.fround(hess[i]!);
      const set = setOf?.get(i);
      if (set !== undefined && !isLeaf) {
        catIndex[g] = set;
        e.threshold[g] = 0;
      }
    }
    offset += queue.length;
  }
  e.treeOffsets[numTrees] = offset;
  e.numNodes = offset;
  if (cats.outside.length > 0) {
    const categories: CategorySplits = { index: catIndex, offsets: Int32Array.from(cats.offsets), bits: Uint32Array.from(cats.bits), outsideLeft: Uint8Array.from(cats.outside) };
    e.categories = categories;
  }
  return e;
}

/** Largest category code a split may list (XGBoost's OutOfRangeCat: 2^24 − 1 is the last exact float32 code). */
const MAX_CATEGORY = 2 ** 24 - 1;
/** Bound on the 32-bit words of all category sets together (64 MiB), checked before they are allocated. */
const MAX_CATEGORY_WORDS = 2 ** 24;

/**
 * The category sets of one tree's categorical nodes, added to `cats` (bits of the categories that go left, in
 * 32-bit words up to the largest listed category); returns node → set index.
 */
function categorySets(tree: Json, splitType: ArrayLike<number>, left: ArrayLike<number>, p: string, cats: { offsets: number[]; bits: number[]; outside: number[] }): Map<number, number> {
  const out = new Map<number, number>();
  const m = left.length;
  let any = false;
  for (let i = 0; i < m; i++) if (splitType[i] !== 0 && left[i] !== -1) any = true;
  if (!any) return out;
  const nodes = numArray(tree, 'categories_nodes', p);
  const segments = numArray(tree, 'categories_segments', p, nodes.length);
  const sizes = numArray(tree, 'categories_sizes', p, nodes.length);
  const list = numArray(tree, 'categories', p);
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k]!;
    const beg = segments[k]!;
    const size = sizes[k]!;
    if (!Number.isInteger(node) || node < 0 || node >= m || splitType[node] === 0) throw invalid(`${p}.categories_nodes[${k}]`, `is ${node}, not a categorical split node`);
    if (!Number.isInteger(beg) || !Number.isInteger(size) || beg < 0 || size < 0 || beg + size > list.length) throw invalid(`${p}.categories_segments[${k}]`, `(${beg}, size ${size}) lies outside categories (${list.length})`);
    let max = 0;
    for (let c = beg; c < beg + size; c++) {
      const v = list[c]!;
      if (!Number.isInteger(v) || v < 0 || v > MAX_CATEGORY) throw invalid(`${p}.categories[${c}]`, `is ${v}, not a category code from 0 to ${MAX_CATEGORY}`);
      max = Math.max(max, v);
    }
    if (cats.bits.length + (max >>> 5) + 1 > MAX_CATEGORY_WORDS) throw invalid(`${p}.categories`, `lists category codes up to ${max}, more category-set memory than Model Lens allows (${MAX_CATEGORY_WORDS * 32} bits over all splits)`);
    const words = new Array<number>((max >>> 5) + 1).fill(0xffffffff);
    for (let c = beg; c < beg + size; c++) {
      const v = list[c]!;
      words[v >>> 5] = (words[v >>> 5]! & ~(1 << (v & 31))) >>> 0;
    }
    cats.bits.push(...words);
    cats.offsets.push(cats.bits.length);
    cats.outside.push(1);
    out.set(node, cats.outside.length - 1);
  }
  for (let i = 0; i < m; i++) if (splitType[i] !== 0 && left[i] !== -1 && !out.has(i)) throw invalid(p, `categorical split node ${i} has no categories`);
  return out;
}
