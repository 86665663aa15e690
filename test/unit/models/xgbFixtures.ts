import { readFileSync } from 'fs';
import { join } from 'path';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import type { Model } from '../../../src/core/models/types';

/** Shared loader for the XGBoost 1.7.4 reference fixtures written by test/fixtures/models/generate.py. */
export const FIXTURE_DIR = join(__dirname, '../../fixtures/models');

/** Every fixture model; each has <name>.model.json and <name>.expected.json. */
export const FIXTURES = ['binary', 'regression', 'multiclass', 'softmax', 'poisson', 'missing', 'named', 'dart'] as const;

type Nested = number | null | Nested[];

export interface Expected {
  objective: string;
  featureNames: string[] | null;
  X: (number | null)[][];
  margin: Nested;
  prediction: Nested;
  contribs: Nested;
  interactions: Nested;
}

export interface Fixture {
  model: Model;
  expected: Expected;
  X: Float64Array;
  n: number;
}

export function flat(a: Nested): number[] {
  return Array.isArray(a) ? a.flatMap(flat) : [a ?? NaN];
}

export function loadFixture(name: string, modelFile = `${name}.model.json`): Fixture {
  const model = loadModel(readFileSync(join(FIXTURE_DIR, modelFile)), modelFile);
  const expected = JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.expected.json`), 'utf8')) as Expected;
  const X = Float64Array.from(expected.X.flat().map((v) => v ?? NaN));
  return { model, expected, X, n: expected.X.length };
}

/** max_i |a_i − b_i|; throws on a length mismatch so a shape error cannot pass as a small difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= m)) m = d; // NaN propagates as NaN, failing any `< tol` assertion
  }
  return m;
}
