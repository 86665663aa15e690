/**
 * A binary classifier's scored rows as two ascending arrays: the scores of the positives and of the negatives.
 * Every binary metric (ROC and PR curves and their areas, log loss, Brier, calibration, the confusion matrix at
 * any threshold) is a function of the multiset of (label, score) pairs, so this is all an evaluation needs.
 * Sorting two plain Float64Arrays uses V8's native numeric sort: ~1.3 s CPU for 10M rows on the benchmark
 * machine, several times faster than sorting an index array with a comparator.
 */
export interface SortedScores {
  /** Scores of rows labelled 1, ascending. */
  pos: Float64Array;
  /** Scores of rows labelled 0, ascending. */
  neg: Float64Array;
}

/**
 * Splits rows by label (1 = positive, anything else = negative) and sorts each side. `rows` selects a subset
 * (indices into y and s); the caller has already dropped rows without a label or a finite score.
 */
export function sortScores(y: Float64Array, s: Float64Array, rows: Int32Array | null = null): SortedScores {
  const n = rows ? rows.length : y.length;
  let nPos = 0;
  if (rows) for (let k = 0; k < n; k++) nPos += y[rows[k]!] === 1 ? 1 : 0;
  else for (let i = 0; i < n; i++) nPos += y[i] === 1 ? 1 : 0;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(n - nPos);
  let a = 0;
  let b = 0;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    if (y[i] === 1) pos[a++] = s[i]!;
    else neg[b++] = s[i]!;
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}

/**
 * Visits the distinct scores from the highest down, with how many positives and negatives hold each one
 * (sklearn's _binary_clf_curve order: one step per distinct threshold). O(n), no allocation.
 */
export function forEachScoreDesc(s: SortedScores, visit: (score: number, pos: number, neg: number) => void): void {
  const { pos, neg } = s;
  let i = pos.length - 1;
  let j = neg.length - 1;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j]! : j < 0 ? pos[i]! : Math.max(pos[i]!, neg[j]!);
    let p = 0;
    let q = 0;
    while (i >= 0 && pos[i] === v) { p++; i--; }
    while (j >= 0 && neg[j] === v) { q++; j--; }
    visit(v, p, q);
  }
}
