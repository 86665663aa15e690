import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const data = join(root, 'test/fixtures/abtest/experiment.csv');
const ref = JSON.parse(readFileSync(join(root, 'test/fixtures/abtest/reference.json'), 'utf8')) as { srm: { pValue: number }; metrics: { metric: string; variant: string; pValue: number }[]; power: { kind: string; baseline?: number; treated?: number; alpha: number; power: number; nobs1: number }[] };
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('model-lens abtest (CLI)', function () {
  this.timeout(120000);
  it('JSON report with the issue\'s shape; exit 1 because the reco_v3 latency guardrail is breached', () => {
    const r = cli('abtest', data, '--variant', 'variant', '--control', 'control', '--metric', 'converted', '--guardrail', 'latency_ms', '--bootstrap', '0');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /guardrail 'latency_ms' breached by reco_v3/);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { srm: { pValue: number; detected: boolean }; metrics: { metric: string; variant: string; pValue: number }[]; decision: { action: string; reasons: string[] } };
    for (const k of ['variants', 'srm', 'metrics', 'guardrails', 'segments', 'decision']) assert.ok(k in j, k);
    assert.ok(Math.abs(j.srm.pValue - ref.srm.pValue) <= 1e-6 * ref.srm.pValue);
    const m = j.metrics.find((x) => x.variant === 'reco_v2')!;
    const want = ref.metrics.find((x) => x.metric === 'converted' && x.variant === 'reco_v2')!.pValue;
    assert.ok(Math.abs(m.pValue - want) <= 1e-6 * want, `${m.pValue} vs ${want}`);
    assert.ok(j.decision.reasons.length > 0);
  });
  it('exit 0 without a breached guardrail; markdown and html to --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-abtest-'));
    const md = cli('abtest', data, '--variant', 'variant', '--control', 'control', '--metric', 'converted', '--format', 'md', '--out', join(dir, 'r.md'));
    assert.equal(md.code, 0, md.stderr);
    assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /^# A\/B test: .*\n\n\*\*(Passed|Needs attention|Failed):\*\* .*\n\n## Decision: /);
    const html = cli('abtest', data, '--variant', 'variant', '--control', 'control', '--metric', 'converted', '--format', 'html', '--out', join(dir, 'r.html'));
    assert.equal(html.code, 0, html.stderr);
    assert.doesNotMatch(readFileSync(join(dir, 'r.html'), 'utf8'), /<script/);
  });
  it('a wrong expected split triggers the SRM exit code 1', () => {
    const r = cli('abtest', data, '--variant', 'variant', '--control', 'control', '--metric', 'converted', '--expected-split', '50/25/25');
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as { decision: { action: string } }).decision.action, 'investigate-srm');
  });
  it('bad input exits 2 with one clear line', () => {
    for (const [args, re] of [
      [['--variant', 'variant', '--metric', 'converted'], /--control is required/],
      [['--variant', 'variant', '--control', 'control', '--metric', 'nope'], /metric column 'nope' not found/],
      [['--variant', 'variant', '--control', 'control', '--metric', 'converted', '--expected-split', '50/x'], /--expected-split/],
    ] as const) {
      const r = cli('abtest', data, ...args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, re);
    }
  });
  it('plan: JSON with perArm = ceil(statsmodels nobs1), total, days and the ramp', () => {
    const c = ref.power.find((p) => p.kind === 'binary' && p.baseline === 0.1 && p.treated === 0.105)!;
    const r = cli('abtest', 'plan', '--baseline', '0.10', '--mde', '0.05', '--relative', '--daily-traffic', '10000');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { perArm: number; total: number; days: number; ramp: { share: number; minUnits: number; checks: string[] }[] };
    assert.equal(j.perArm, Math.ceil(c.nobs1));
    assert.equal(j.total, 2 * j.perArm);
    assert.equal(j.days, Math.ceil(j.total / 10000));
    assert.deepEqual(j.ramp.map((s) => s.share), [0.01, 0.05, 0.2, 0.5, 1]);
    assert.equal(cli('abtest', 'plan', '--baseline', '2', '--mde', '0.1').code, 2);
  });
});
