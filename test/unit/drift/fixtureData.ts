import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

/** Mirrors lcg() in test/fixtures/drift/generate.py: bit-identical doubles from a 32-bit LCG. */
export interface LcgSpec { seed: number; n: number; terms?: number; scale?: number; shift?: number; q?: number; nan?: number }

export function lcg(spec: LcgSpec): Float64Array {
  let state = spec.seed >>> 0;
  const out = new Float64Array(spec.n + (spec.nan ?? 0)).fill(NaN);
  for (let i = 0; i < spec.n; i++) {
    let s = 0;
    for (let t = 0; t < (spec.terms ?? 1); t++) {
      state = (Math.imul(1664525, state) + 1013904223) >>> 0;
      s += state / 4294967296;
    }
    let v = s * (spec.scale ?? 1) + (spec.shift ?? 0);
    if (spec.q !== undefined) v = Math.floor(v * spec.q) / spec.q;
    out[i] = v;
  }
  return out;
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/drift', name), 'utf8')) as T;
}

/** JSON stores non-finite numbers as strings. */
export function num(v: number | string | null): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return NaN;
}

/** |a − e| ≤ max(rel·|e|, abs); non-finite values must match exactly. */
export function assertClose(actual: number, expected: number, rel: number, abs: number, what: string): void {
  if (!Number.isFinite(expected)) {
    assert.ok(Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected)), `${what}: expected ${expected}, got ${actual}`);
    return;
  }
  const tol = Math.max(rel * Math.abs(expected), abs);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected}, got ${actual} (diff ${Math.abs(actual - expected)}, tol ${tol})`);
}
