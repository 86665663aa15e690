import { arrayNumbers, fieldInt32, fieldNumbers } from '../pickle/ndarray';
import type { NdArray } from '../pickle/values';
import { Attrs, bad, unsupported } from './state';

/** One tree's nodes in scikit-learn's order (root 0): children (-1 at leaves), split column and threshold. */
export interface TreeArrays {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** Where NaN goes per node (scikit-learn ≥ 1.3 trees, HistGradientBoosting); null: the estimator refuses NaN. */
  missingLeft: Uint8Array | null;
  /** Training weight per node (TreeSHAP's cover). */
  cover: Float64Array;
}

/** A fitted sklearn.tree._tree.Tree read by field name from its pickled node records. */
export interface SkTree extends TreeArrays {
  /** Impurity decrease × weight per node. */
  gain: Float64Array;
  /** node_count × classes (1 for regression): tree_.value for the single output. */
  values: Float64Array;
  classes: number;
}

function missingField(nodes: NdArray, name: string, path: string): Error {
  const have = nodes.dtype?.fields?.map((f) => f.name).join(', ') ?? 'none';
  return bad(`has ${path} records without a '${name}' field (fields: ${have})`);
}

function intField(nodes: NdArray, name: string, path: string): Int32Array {
  const v = fieldInt32(nodes, name, path);
  if (!v) throw missingField(nodes, name, path);
  return v;
}

function field(nodes: NdArray, name: string, path: string): Float64Array {
  const v = fieldNumbers(nodes, name, path);
  if (!v) throw missingField(nodes, name, path);
  return v;
}

/**
 * scikit-learn's Tree (sklearn/tree/_tree.pyx, __getstate__): {max_depth, node_count, nodes, values}, where
 * nodes is a record array with fields left_child, right_child, feature, threshold, impurity, n_node_samples,
 * weighted_n_node_samples and, since 1.3, missing_go_to_left. Fields are read by name, so added fields and a
 * changed field order do not matter. values has shape (node_count, n_outputs, max_n_classes).
 */
export function readTree(est: Attrs): SkTree {
  const tree = est.obj_('tree_');
  const path = `${est.path}.tree_`;
  const nodes = tree.array('nodes');
  const count = tree.int('node_count');
  if (nodes.size !== count || nodes.shape.length !== 1) throw bad(`has ${path} with ${nodes.size} node records for node_count ${count}`);
  const p = `${path}.nodes`;
  const left = intField(nodes, 'left_child', p);
  const right = intField(nodes, 'right_child', p);
  const feature = intField(nodes, 'feature', p);
  const threshold = field(nodes, 'threshold', p);
  const impurity = field(nodes, 'impurity', p);
  const cover = field(nodes, 'weighted_n_node_samples', p);
  const mgl = fieldNumbers(nodes, 'missing_go_to_left', p);
  const valuesArr = tree.array('values');
  const [vn, outputs, classes] = valuesArr.shape;
  if (valuesArr.shape.length !== 3 || vn !== count) throw bad(`has ${path}.values of shape (${valuesArr.shape.join(', ')}) for ${count} nodes`);
  if (outputs !== 1) throw unsupported(`has a multi-output ${est.name} (${outputs} outputs), which Model Lens does not read`);
  const values = arrayNumbers(valuesArr, `${path}.values`);
  const gain = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const l = left[i]!;
    if (l < 0) continue;
    const r = right[i]!;
    if (l >= count || r < 0 || r >= count) throw bad(`has ${path} node ${i} with children ${l}, ${r} of ${count}`);
    gain[i] = cover[i]! * impurity[i]! - cover[l]! * impurity[l]! - cover[r]! * impurity[r]!;
  }
  return { left, right, feature, threshold, missingLeft: mgl ? Uint8Array.from(mgl) : null, cover, gain, values, classes: classes! };
}

/** One tree of a HistGradientBoosting model (its TreePredictor), over the estimator's input columns. */
export interface HgbTree extends TreeArrays {
  missingLeft: Uint8Array;
  gain: Float64Array;
  value: Float64Array;
  categorical: (null | { left: Uint32Array; known: Uint32Array })[] | null;
}

/**
 * HistGradientBoosting's TreePredictor (ensemble/_hist_gradient_boosting/predictor.py): `nodes` records with
 * value, count, feature_idx, num_threshold, missing_go_to_left, left, right, gain, is_leaf and, for categorical
 * splits, is_categorical + bitset_idx into raw_left_cat_bitsets (8 uint32 words per split). `known(f)` gives the
 * known-category bitset of feature f (from the estimator's _BinMapper), used for unknown categories.
 */
export function readPredictor(pred: Attrs, known: (feature: number) => Uint32Array | null): HgbTree {
  const nodes = pred.array('nodes');
  const p = `${pred.path}.nodes`;
  const n = nodes.size;
  const isLeaf = field(nodes, 'is_leaf', p);
  const l = field(nodes, 'left', p);
  const r = field(nodes, 'right', p);
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = isLeaf[i] ? -1 : l[i]!;
    right[i] = isLeaf[i] ? -1 : r[i]!;
  }
  const isCat = fieldNumbers(nodes, 'is_categorical', p);
  let categorical: HgbTree['categorical'] = null;
  const feature = intField(nodes, 'feature_idx', p);
  if (isCat && isCat.some((c, i) => c !== 0 && !isLeaf[i])) {
    const bitsetIdx = field(nodes, 'bitset_idx', p);
    const bitsArr = pred.array('raw_left_cat_bitsets');
    const bits = arrayNumbers(bitsArr, `${pred.path}.raw_left_cat_bitsets`);
    const rows = bitsArr.shape[0] ?? 0;
    if (bitsArr.shape.length !== 2 || bitsArr.shape[1] !== 8) throw bad(`has ${pred.path}.raw_left_cat_bitsets of shape (${bitsArr.shape.join(', ')})`);
    categorical = Array.from({ length: n }, (_, i) => {
      if (!isCat[i] || isLeaf[i]) return null;
      const b = bitsetIdx[i]!;
      if (!(b >= 0 && b < rows)) throw bad(`has ${p} node ${i} with bitset ${b} of ${rows}`);
      const k = known(feature[i]!);
      if (!k) throw bad(`has a categorical split on feature ${feature[i]}, which its bin mapper does not mark categorical`);
      return { left: Uint32Array.from(bits.subarray(b * 8, b * 8 + 8)), known: k };
    });
  }
  const mgl = field(nodes, 'missing_go_to_left', p);
  return {
    left, right, feature,
    threshold: field(nodes, 'num_threshold', p),
    missingLeft: Uint8Array.from(mgl),
    cover: field(nodes, 'count', p),
    gain: field(nodes, 'gain', p).map((g, i) => (isLeaf[i] ? 0 : g)),
    value: field(nodes, 'value', p),
    categorical,
  };
}

/** Known-category bitsets of a HistGradientBoosting _BinMapper (make_known_categories_bitsets): bit k for category k. */
export function knownCategories(binMapper: Attrs | null): (feature: number) => Uint32Array | null {
  if (!binMapper || !binMapper.has('is_categorical_') || binMapper.raw('is_categorical_') === null) return () => null;
  const isCat = binMapper.numbers('is_categorical_');
  const thresholds = binMapper.list('bin_thresholds_');
  const cache = new Map<number, Uint32Array>();
  return (f) => {
    if (!isCat[f]) return null;
    let bits = cache.get(f);
    if (!bits) {
      bits = new Uint32Array(8);
      const cats = thresholds[f];
      const values = cats && typeof cats === 'object' && 'dtype' in cats ? arrayNumbers(cats as NdArray, 'bin_thresholds_') : new Float64Array(0);
      for (const c of values) if (c >= 0 && c < 256) bits[c >>> 5] = (bits[c >>> 5]! | (1 << (c & 31))) >>> 0;
      cache.set(f, bits);
    }
    return bits;
  };
}
