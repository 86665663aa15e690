import { MIN_BUCKETED, sortDoubles } from '../../stats/sortDoubles';

/**
 * A binary classifier's scored rows as two ascending arrays: the scores of the positives and of the negatives.
 * Every binary metric (ROC and PR curves and their areas, log loss, Brier, calibration, the confusion matrix at
 * any threshold) is a function of the multiset of (label, score) pairs, so this is all an evaluation needs.
 * Sorting two plain Float64Arrays (stats/sortDoubles: value buckets, each key-sorted in cache) is several times
 * faster than sorting an index array with a comparator.
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
  const longest = Math.max(pos.length, neg.length);
  const scratch = longest >= MIN_BUCKETED ? new Float64Array(longest) : undefined;
  sortDoubles(pos, scratch);
  sortDoubles(neg, scratch);
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

/**
 * Merges ascending runs into one ascending array with a binary heap of the runs' heads (O(n log k)): the
 * overall scores from the windows' sorted scores, ~35% less CPU than sorting them again.
 */
export function mergeRuns(runs: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const r of runs) total += r.length;
  const out = new Float64Array(total);
  const k = runs.length;
  const heap = new Int32Array(k);
  const at = new Int32Array(k);
  const head = new Float64Array(k);
  let size = 0;
  for (let r = 0; r < k; r++) if (runs[r]!.length) { heap[size++] = r; head[r] = runs[r]![0]!; }
  const down = (start: number) => {
    let i = start;
    const x = heap[i]!;
    const hx = head[x]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && head[heap[c + 1]!]! < head[heap[c]!]!) c++;
      if (head[heap[c]!]! >= hx) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = x;
  };
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  for (let o = 0; o < total; o++) {
    const r = heap[0]!;
    out[o] = head[r]!;
    const p = ++at[r]!;
    if (p < runs[r]!.length) head[r] = runs[r]![p]!;
    else heap[0] = heap[--size]!;
    if (size > 0) down(0);
  }
  return out;
}
