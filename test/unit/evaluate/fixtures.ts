import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../csv';

/** test/fixtures/evaluate: CSVs and reference.json written by generate.py (scikit-learn 1.2). */
export const FIXTURES = join(__dirname, '../../fixtures/evaluate');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REF = JSON.parse(readFileSync(join(FIXTURES, 'reference.json'), 'utf8')) as any;

export function fixtureRows(name: string): Record<string, string>[] {
  return parseCsv(readFileSync(join(FIXTURES, name), 'utf8'));
}

/** The tolerance the issue sets: |actual − expected| ≤ 1e-12 · max(1, |expected|); nulls must match. */
export function close12(actual: number | null | undefined, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    assert.ok(actual === null || actual === undefined || Number.isNaN(actual), `${what}: expected undefined (null), got ${actual}`);
    return;
  }
  assert.ok(typeof actual === 'number' && Number.isFinite(actual), `${what}: expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs scikit-learn ${expected} (|Δ| = ${Math.abs(actual - expected)})`);
}
