import { InputError } from '../../errors';
import type { TreeEnsemble } from '../types';
import { type Json, invalid, numArray } from './jsonAccess';

/**
 * Converts XGBoost's per-tree JSON arrays (RegTree::SaveModel: left_children, right_children,
 * split_indices, split_conditions, default_left, sum_hessian, split_type) into one flat
 * TreeEnsemble. Leaf outputs live in split_conditions at leaf nodes (base_weights there are the
 * unscaled weights, before the learning rate). Thresholds and leaf values are rounded to float32
 * because XGBoost holds them as float; covers likewise.
 *
 * Rejects categorical splits (split_type != 0) with UNSUPPORTED_MODEL, and structurally broken trees
 * (child index out of range, cycles, feature index >= numFeatures) with INVALID_MODEL.
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
    if (tree['split_type'] !== undefined) {
      const st = numArray(tree, 'split_type', p, m);
      for (let i = 0; i < m; i++) if (st[i] !== 0 && left[i] !== -1) throw categorical(p, i);
    }
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
    }
    offset += queue.length;
  }
  e.treeOffsets[numTrees] = offset;
  e.numNodes = offset;
  return e;
}

function categorical(path: string, node: number): InputError {
  return new InputError(
    'UNSUPPORTED_MODEL',
    `XGBoost model uses a categorical split (${path}, node ${node}); categorical splits are not supported yet. Train with numeric (e.g. one-hot) features instead.`,
    { path, node },
  );
}
