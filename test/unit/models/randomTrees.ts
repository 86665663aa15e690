import type { Model, TreeEnsemble } from '../../../src/core/models/types';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { leafIndex } from '../../../src/core/models/xgboost/predict';

// Random tree models and rows for the prediction tests, with the margins computed by the definition.

/** A seeded uniform [0, 1) source (LCG), so the random rows and trees are the same in every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * n random rows for a model: a third of the values are one of the model's thresholds (x = threshold goes
 * right), some integers, the rest spread around; a fraction `nan` missing, and a few whole rows without any.
 */
export function randomRows(e: TreeEnsemble, F: number, n: number, nan: number, seed: number): Float32Array {
  const rnd = lcg(seed);
  const thresholds = Array.from(e.threshold.subarray(0, e.numNodes)).filter((t, i) => e.left[i] !== -1 && Number.isFinite(t));
  const X = new Float32Array(n * F);
  for (let i = 0; i < X.length; i++) {
    const u = rnd();
    X[i] = u < nan ? NaN : u < 0.35 && thresholds.length ? thresholds[Math.floor(rnd() * thresholds.length)]! : u < 0.45 ? Math.floor(rnd() * 6) - 1 : (rnd() - 0.5) * 8;
  }
  return X;
}

/** The margins by the definition: baseMargin + Σ_t w_t · value(leaf_t(x)), tree by tree in order. */
export function reference(e: TreeEnsemble, baseMargin: number, X: Float32Array, n: number, F: number): Float64Array {
  const out = new Float64Array(n * e.numGroups).fill(baseMargin);
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < e.numTrees; t++) out[r * e.numGroups + e.treeGroup[t]!]! += e.treeWeight[t]! * e.value[leafIndex(e, e.treeOffsets[t]!, X, r * F)]!;
  }
  return out;
}

/** Index of the first element whose bits differ (NaN equal to NaN), or -1. */
export function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/**
 * An XGBoost JSON model of random trees: each node below `maxDepth` splits with probability `split`
 * (the root always), on a random feature at a threshold from a short list, with a random default side.
 * With `chain`, one child of every split is a leaf.
 */
export function randomXgboost(opts: { trees: number; maxDepth: number; split: number; features: number; classes: number; seed: number; chain?: boolean }): Model {
  const rnd = lcg(opts.seed);
  const grid = [-2, -0.5, 0, 0.25, 1, 1.5, 3];
  const trees = Array.from({ length: opts.trees }, () => {
    const t = { left_children: [] as number[], right_children: [] as number[], split_indices: [] as number[], split_conditions: [] as number[], default_left: [] as number[], sum_hessian: [] as number[], base_weights: [] as number[], split_type: [] as number[] };
    const add = (depth: number): number => {
      const i = t.left_children.length;
      t.left_children.push(-1);
      t.right_children.push(-1);
      t.split_indices.push(0);
      t.split_conditions.push(Math.round((rnd() - 0.5) * 2000) / 1000);
      t.default_left.push(rnd() < 0.5 ? 1 : 0);
      t.sum_hessian.push(1);
      t.base_weights.push(0);
      t.split_type.push(0);
      if (depth < opts.maxDepth && (depth === 0 || rnd() < opts.split)) {
        t.split_indices[i] = Math.floor(rnd() * opts.features);
        t.split_conditions[i] = grid[Math.floor(rnd() * grid.length)]!;
        // chain: one child is a leaf, the other goes on, so the tree is as deep as it can be.
        const leftLeaf = opts.chain === true && rnd() < 0.5;
        const l = add(leftLeaf ? opts.maxDepth : depth + 1);
        const r = add(opts.chain && !leftLeaf ? opts.maxDepth : depth + 1);
        t.left_children[i] = l;
        t.right_children[i] = r;
      }
      return i;
    };
    add(0);
    return t;
  });
  const multi = opts.classes > 1;
  return loadModel(JSON.stringify({
    learner: {
      learner_model_param: { base_score: '3E-1', num_class: String(multi ? opts.classes : 0), num_feature: String(opts.features) },
      objective: { name: multi ? 'multi:softprob' : 'binary:logistic' },
      gradient_booster: { name: 'gbtree', model: { trees, tree_info: trees.map((_, k) => (multi ? k % opts.classes : 0)) } },
    },
  }));
}
