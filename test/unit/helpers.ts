import assert from 'node:assert/strict';

/** |actual − expected| ≤ max(rel·|expected|, abs). Nulls must match exactly. */
export function assertClose(actual: number | null | undefined, expected: number | null | undefined, rel: number, abs = 0, what = 'value'): void {
  if (expected === null || expected === undefined) {
    assert.equal(actual ?? null, null, `${what}: expected null, got ${actual}`);
    return;
  }
  assert.ok(typeof actual === 'number', `${what}: expected ${expected}, got ${actual}`);
  const tol = Math.max(rel * Math.abs(expected), abs);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} differs from ${expected} by ${Math.abs(actual - expected)} > ${tol}`);
}
