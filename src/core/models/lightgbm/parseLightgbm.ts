import { InputError } from '../../errors';
import type { CategorySplits, FeatureType, TreeEnsemble } from '../types';
import { dict } from '../../dict';
import { checkDeclaredFeatures } from '../declaredSizes';

/**
 * LightGBM text model (`booster.save_model('model.txt')`, LightGBM's GBDT::SaveModelToString): a header of
 * `key=value` lines (version, num_class, num_tree_per_iteration, max_feature_idx, objective, feature_names,
 * feature_infos), then one `Tree=k` block per tree (num_leaves, num_cat, split_feature, threshold,
 * decision_type, left_child, right_child, leaf_value, leaf_count, internal_count, cat_boundaries,
 * cat_threshold, shrinkage), then `end of trees`. Children >= 0 are internal nodes, < 0 are leaves (~leaf).
 * decision_type bits (include/LightGBM/tree.h): 1 = categorical, 2 = default left, bits 2–3 = missing type
 * (0 None: NaN is treated as 0; 1 Zero: 0 and NaN take the default side; 2 NaN: NaN takes the default side).
 * Numerical split: left when x <= threshold (double). Categorical: threshold is an index c into
 * cat_boundaries; left when int(x) is in the bitset cat_threshold[cat_boundaries[c] .. cat_boundaries[c+1]).
 * Leaf values already include the shrinkage. Trees of iteration i are i·K .. i·K + K − 1 (K per iteration).
 * References: LightGBM docs, "Advanced Topics" (missing values, categorical features) and
 * include/LightGBM/tree.h (NumericalDecision, CategoricalDecision, kCategoricalMask, kDefaultLeftMask).
 */
export interface LightgbmModelData {
  version: string;
  objective: string;
  /** Objective parameters from the objective line, e.g. { sigmoid: 1 } or { num_class: 3 }. */
  objectiveParams: Record<string, string>;
  numClass: number;
  numFeatures: number;
  featureNames: string[] | null;
  featureTypes: (FeatureType | null)[];
  trees: TreeEnsemble;
}

const bad = (what: string, line?: number): InputError =>
  new InputError('INVALID_MODEL', `LightGBM model ${line === undefined ? '' : `(line ${line}) `}${what}. Save the model with booster.save_model('model.txt').`, { line });

/** True when the text looks like a LightGBM model file (first line "tree", a version= line soon after). */
export function isLightgbmText(head: string): boolean {
  return /^\uFEFF?tree\r?\n/.test(head) && /\nversion=v\d/.test(head.slice(0, 200));
}

export function parseLightgbm(text: string): LightgbmModelData {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = new Map<string, string>();
  let i = 0;
  for (; i < lines.length && !lines[i]!.startsWith('Tree='); i++) {
    const eq = lines[i]!.indexOf('=');
    if (eq > 0) header.set(lines[i]!.slice(0, eq), lines[i]!.slice(eq + 1));
    if (lines[i] === 'end of trees') break;
  }
  const need = (k: string): string => {
    const v = header.get(k);
    if (v === undefined) throw bad(`has no ${k}= line in its header`);
    return v;
  };
  const int = (k: string): number => {
    const v = Number(need(k));
    if (!Number.isInteger(v) || v < 0) throw bad(`has ${k}=${header.get(k)}; expected a non-negative whole number`);
    return v;
  };
  const numClass = Math.max(1, int('num_class'));
  const perIteration = int('num_tree_per_iteration');
  const numFeatures = int('max_feature_idx') + 1;
  const [objective = '', ...params] = need('objective').trim().split(/\s+/);
  const objectiveParams = dict<string>();
  for (const p of params) {
    const c = p.indexOf(':');
    if (c > 0) objectiveParams[p.slice(0, c)] = p.slice(c + 1);
    else objectiveParams[p] = '';
  }
  const names = header.get('feature_names')?.trim().split(/\s+/) ?? null;
  if (names && names.length !== numFeatures) throw bad(`lists ${names.length} feature_names but max_feature_idx says ${numFeatures}`);
  const infos = header.get('feature_infos')?.trim().split(/\s+/) ?? [];
  if (infos.length > 0 && infos.length !== numFeatures) throw bad(`lists ${infos.length} feature_infos but max_feature_idx says ${numFeatures}`);
  const blocks: Map<string, string>[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === 'end of trees') break;
    if (!line.startsWith('Tree=')) continue;
    const block = new Map<string, string>([['_line', String(i + 1)]]);
    for (i++; i < lines.length && lines[i] !== '' && !lines[i]!.startsWith('Tree=') && lines[i] !== 'end of trees'; i++) {
      const eq = lines[i]!.indexOf('=');
      if (eq > 0) block.set(lines[i]!.slice(0, eq), lines[i]!.slice(eq + 1));
    }
    i--;
    blocks.push(block);
  }
  if (blocks.length === 0) throw bad('has no trees (no Tree= blocks)');
  if (perIteration < 1 || blocks.length % perIteration !== 0) throw bad(`has ${blocks.length} trees, not a multiple of num_tree_per_iteration=${perIteration}`);
  const trees = buildEnsemble(blocks, perIteration, numFeatures);
  let used = 0;
  for (let k = 0; k < trees.feature.length; k++) used = Math.max(used, trees.feature[k]! + 1);
  checkDeclaredFeatures('LightGBM', 'max_feature_idx + 1', numFeatures, Math.max(used, names?.length ?? 0, infos.length), "Re-save the model with booster.save_model('model.txt').");
  // feature_infos: "[min:max]" for numerical, "a:b:c" (category values) for categorical, "none" for unused.
  const featureTypes = Array.from({ length: numFeatures }, (_, j): FeatureType | null => {
    const info = infos[j];
    if (info === undefined || info === 'none') return null;
    return info.startsWith('[') ? 'numeric' : 'categorical';
  });
  return { version: need('version'), objective, objectiveParams, numClass, numFeatures, featureNames: names, featureTypes, trees };
}

function numbers(block: Map<string, string>, key: string, count: number, line: number): number[] {
  const raw = block.get(key);
  if (count === 0) return [];
  if (raw === undefined) throw bad(`tree has no ${key}=`, line);
  const out = raw.trim().split(/\s+/).map(Number);
  if (out.length !== count || out.some((v) => Number.isNaN(v))) throw bad(`tree's ${key} has ${out.length} values (or a non-number); expected ${count}`, line);
  return out;
}

const view = new DataView(new ArrayBuffer(4));
const MIN_SUBNORMAL = 1.401298464324817e-45;

/** The float32 next to f (itself a float32) towards +∞ (dir 1) or −∞ (dir −1). */
function step32(f: number, dir: 1 | -1): number {
  if (Number.isNaN(f) || f === dir * Infinity) return f;
  if (f === 0) return dir * MIN_SUBNORMAL;
  view.setFloat32(0, f);
  view.setInt32(0, view.getInt32(0) + (f > 0 ? dir : -dir));
  return view.getFloat32(0);
}

/**
 * LightGBM goes left when x <= t (t a double); Model Lens when x < T on float32 values. With f the largest
 * float32 <= t, float32 x satisfies x <= t ⇔ x <= f ⇔ x < nextUp(f), so T = nextUp(f).
 */
export function lessEqualToLessThan(t: number): number {
  let f = Math.fround(t);
  if (f > t) f = step32(f, -1);
  return step32(f, 1);
}

function buildEnsemble(blocks: Map<string, string>[], perIteration: number, numFeatures: number): TreeEnsemble {
  let numNodes = 0;
  const leavesOf = blocks.map((b) => {
    const n = Number(b.get('num_leaves'));
    const line = Number(b.get('_line'));
    if (!Number.isInteger(n) || n < 1) throw bad(`tree has num_leaves=${b.get('num_leaves')}`, line);
    // A declared count is believed only as far as the file backs it: one leaf_value per leaf.
    const values = b.get('leaf_value')?.trim().split(/\s+/).length ?? 0;
    if (n !== values) throw bad(`tree declares num_leaves=${n} but lists ${values} leaf_value${values === 1 ? '' : 's'}`, line);
    numNodes += 2 * n - 1;
    return n;
  });
  const numTrees = blocks.length;
  const e: TreeEnsemble = {
    numTrees, numNodes, numGroups: perIteration, maxDepth: 0,
    treeOffsets: new Int32Array(numTrees + 1), treeGroup: new Int32Array(numTrees), treeWeight: new Float64Array(numTrees).fill(1),
    left: new Int32Array(numNodes), right: new Int32Array(numNodes), feature: new Int32Array(numNodes),
    threshold: new Float32Array(numNodes), defaultLeft: new Uint8Array(numNodes), value: new Float64Array(numNodes), cover: new Float64Array(numNodes),
  };
  const catIndex = new Int32Array(numNodes).fill(-1);
  const catOffsets: number[] = [0];
  const catBits: number[] = [];
  let offset = 0;
  blocks.forEach((b, t) => {
    const line = Number(b.get('_line'));
    if ((b.get('is_linear') ?? '0').trim() !== '0') {
      throw new InputError('UNSUPPORTED_MODEL', `LightGBM model (line ${line}) has linear trees (linear_tree=true), whose leaves hold linear models; they are not supported.`, { line });
    }
    const L = leavesOf[t]!;
    const I = L - 1;
    const leafValue = numbers(b, 'leaf_value', L, line);
    const leafCount = b.has('leaf_count') ? numbers(b, 'leaf_count', L, line) : new Array<number>(L).fill(1);
    const feat = numbers(b, 'split_feature', I, line);
    const thr = numbers(b, 'threshold', I, line);
    const dt = numbers(b, 'decision_type', I, line);
    const lc = numbers(b, 'left_child', I, line);
    const rc = numbers(b, 'right_child', I, line);
    const ic = I > 0 && b.has('internal_count') ? numbers(b, 'internal_count', I, line) : null;
    const numCat = Number(b.get('num_cat') ?? '0');
    if (!Number.isInteger(numCat) || numCat < 0) throw bad(`tree has num_cat=${b.get('num_cat')}; expected a non-negative whole number`, line);
    const bounds = numCat > 0 ? numbers(b, 'cat_boundaries', numCat + 1, line) : [0];
    // Boundaries index into cat_threshold: 0, non-decreasing whole numbers (a hostile jump would push that many words).
    for (let c = 0; c <= numCat; c++) {
      const lo = c === 0 ? 0 : bounds[c - 1]!;
      if (!Number.isInteger(bounds[c]) || bounds[c]! < lo || (c === 0 && bounds[0] !== 0)) throw bad(`tree's cat_boundaries must start at 0 and not decrease (entry ${c} is ${bounds[c]})`, line);
    }
    const catThr = numCat > 0 ? numbers(b, 'cat_threshold', bounds[numCat]!, line) : [];
    const catBase = catOffsets.length - 1;
    for (let c = 0; c < numCat; c++) {
      for (let k = bounds[c]!; k < bounds[c + 1]!; k++) catBits.push(catThr[k]! >>> 0);
      catOffsets.push(catBits.length);
    }
    e.treeOffsets[t] = offset;
    e.treeGroup[t] = t % perIteration;
    // Lay nodes out breadth-first so that each internal node's children are consecutive (right = left + 1).
    let next = offset + 1;
    const seen = new Uint8Array(I);
    const coverOf = (child: number): number => (child < 0 ? leafCount[~child]! : ic ? ic[child]! : 0);
    const queue: [number, number, number][] = [[I === 0 ? -1 : 0, offset, 0]];
    for (let q = 0; q < queue.length; q++) {
      const [src, dst, depth] = queue[q]!;
      e.maxDepth = Math.max(e.maxDepth, depth);
      if (src < 0) {
        const leaf = ~src;
        if (leaf < 0 || leaf >= L) throw bad(`tree refers to leaf ${leaf} of ${L}`, line);
        e.left[dst] = e.right[dst] = e.feature[dst] = -1;
        e.value[dst] = leafValue[leaf]!;
        continue;
      }
      if (src >= I || seen[src]) throw bad(`tree's node ${src} is out of range or reached twice`, line);
      seen[src] = 1;
      const f = feat[src]!;
      if (!Number.isInteger(f) || f < 0 || f >= numFeatures) throw bad(`tree splits on feature ${f}, but the model has ${numFeatures}`, line);
      const d = dt[src]!;
      const defaultLeft = (d & 2) !== 0;
      const missing = (d >> 2) & 3;
      e.feature[dst] = f;
      e.left[dst] = next;
      e.right[dst] = next + 1;
      if (d & 1) {
        const c = thr[src]!;
        if (!Number.isInteger(c) || c < 0 || c >= numCat) throw bad(`tree's categorical split ${src} refers to category set ${c} of ${numCat}`, line);
        catIndex[dst] = catBase + c;
      } else {
        const t32 = lessEqualToLessThan(thr[src]!);
        e.threshold[dst] = t32;
        // None: NaN is compared as 0. Zero: 0 and NaN take the default side, representable only when 0 goes there anyway.
        const zeroLeft = 0 < t32;
        if (missing === 1 && defaultLeft !== zeroLeft) {
          throw new InputError('UNSUPPORTED_MODEL', `LightGBM model (line ${line}) uses zero_as_missing with a split that sends 0 away from its threshold side; this is not supported. Retrain with zero_as_missing=false.`, { line });
        }
        e.defaultLeft[dst] = missing === 2 ? (defaultLeft ? 1 : 0) : zeroLeft ? 1 : 0;
      }
      queue.push([lc[src]!, next, depth + 1], [rc[src]!, next + 1, depth + 1]);
      next += 2;
    }
    for (const [src, dst] of queue) e.cover[dst] = src < 0 ? leafCount[~src]! : ic ? ic[src]! : coverOf(src);
    if (!ic) for (let k = queue.length - 1; k >= 0; k--) { const [src, dst] = queue[k]!; if (src >= 0) e.cover[dst] = e.cover[e.left[dst]!]! + e.cover[e.right[dst]!]!; }
    if (queue.length !== 2 * L - 1) throw bad(`tree has ${queue.length} reachable nodes; expected ${2 * L - 1}`, line);
    offset += queue.length;
  });
  e.treeOffsets[numTrees] = offset;
  if (catBits.length > 0) {
    const categories: CategorySplits = { index: catIndex, offsets: Int32Array.from(catOffsets), bits: Uint32Array.from(catBits) };
    e.categories = categories;
  }
  return e;
}
