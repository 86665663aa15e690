/**
 * Walks the distinct values of the pooled sample a ∪ b in ascending order, given each sample already sorted
 * ascending, and calls `visit(value, countInA, countInB)` once per distinct value. This is the merge step
 * shared by the rank-based two-sample tests (Mann–Whitney, Cramér–von Mises, Anderson–Darling, KS):
 * pooled ranks, ECDFs and tie sizes all follow from the running counts. O(n_a + n_b), no allocation.
 */
export function forEachTieGroup(
  a: Float64Array,
  b: Float64Array,
  visit: (value: number, countA: number, countB: number) => void,
): void {
  let i = 0;
  let j = 0;
  const na = a.length;
  const nb = b.length;
  while (i < na || j < nb) {
    const v = j >= nb || (i < na && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    let ca = 0;
    let cb = 0;
    while (i < na && a[i]! === v) {
      i++;
      ca++;
    }
    while (j < nb && b[j]! === v) {
      j++;
      cb++;
    }
    visit(v, ca, cb);
  }
}
