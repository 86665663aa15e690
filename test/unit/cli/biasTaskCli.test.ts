import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const sample = join(root, 'sample/loans_reference.csv');

/** Columns by name from the sample (no quoted fields before the numeric columns used here). */
function column(name: string): string[] {
  const [header, ...lines] = readFileSync(sample, 'utf8').trim().split('\n');
  const i = header!.split(',').indexOf(name);
  return lines.map((l) => l.split(',')[i]!);
}

describe('model-lens bias --task', function () {
  this.timeout(60000);
  it('regression: per-group mean prediction and MAE equal a plain computation (1e-9 relative)', () => {
    const r = spawnSync(process.execPath, [...entry, 'bias', sample, '--sensitive', 'region', '--label', 'loan_amount', '--prediction', 'income', '--task', 'regression'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { regression: { attribute: string; groups: { group: string; n: number; meanPrediction: number; mae: number }[] }[] };
    const region = column('region');
    const y = column('loan_amount');
    const p = column('income');
    const north = report.regression.find((a) => a.attribute === 'region')!.groups.find((g) => g.group === 'north')!;
    const rows = region.map((g, i) => ({ g, y: y[i]!, p: p[i]! })).filter((x) => x.g === 'north' && x.y !== '' && x.p !== '');
    const meanP = rows.reduce((s, x) => s + Number(x.p), 0) / rows.length;
    const mae = rows.reduce((s, x) => s + Math.abs(Number(x.y) - Number(x.p)), 0) / rows.length;
    assert.equal(north.n, rows.length);
    assert.ok(Math.abs(north.meanPrediction - meanP) <= 1e-9 * meanP);
    assert.ok(Math.abs(north.mae - mae) <= 1e-9 * mae);
  });
  it('rejects md/html for non-binary tasks and unknown tasks, with exit 2', () => {
    for (const extra of [['--task', 'regression', '--format', 'md'], ['--task', 'ranking']]) {
      const r = spawnSync(process.execPath, [...entry, 'bias', sample, '--sensitive', 'region', '--label', 'approved', '--prediction', 'predicted_approved', ...extra], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });
});
