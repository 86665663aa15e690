import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '../../..');
export const MODEL = join(root, 'sample/models/loan_xgb.json');
export const CURRENT = join(root, 'sample/loans_current.csv');

/** xgboost 1.7.4's output for sample/models/loan_xgb.json, written by sample/models/generate.py. */
export interface LoanExpected {
  features: string[];
  rows: number[];
  X: (number | null)[][];
  prediction: number[];
  margin: number[];
  contribs: number[][];
}
export const expected = JSON.parse(readFileSync(join(root, 'sample/models/loan_xgb.expected.json'), 'utf8')) as LoanExpected;

// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60000, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** |a − b| ≤ tol, with a message naming what differs. */
export function near(actual: number, want: number, tol: number, what: string): void {
  if (!(Math.abs(actual - want) <= tol)) throw new Error(`${what}: ${actual} differs from xgboost's ${want} by more than ${tol}`);
}
