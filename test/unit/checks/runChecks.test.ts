import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../../src/core/checks/config';
import { runChecks, runsModel, worstStatus } from '../../../src/core/checks/runChecks';
import type { ChecksReport } from '../../../src/core/checks/types';
import { Engine } from '../../../src/core/data/engine';
import { grantModelAccess } from '../../../src/core/models/modelAccess';
import { parseCsv } from '../csv';

const root = join(__dirname, '../../..');
const SAMPLE = join(root, 'sample/modellens.yml');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('runChecks on the sample workspace configuration', function () {
  this.timeout(120000);
  let engine: Engine;
  let report: ChecksReport;
  before(async () => {
    engine = await Engine.create();
    const config = loadConfig(SAMPLE);
    report = await runChecks(config, { engine, baseDir: config.baseDir, models: grantModelAccess() });
  });
  after(() => engine.close());

  it('runs every configured check and rolls the statuses up (error > fail > warn > pass)', () => {
    assert.deepEqual(report.checks.map((c) => [c.id, c.status]), [['drift/loans', 'warn'], ['health/loans', 'warn'], ['fairness/loans', 'fail'], ['rules/pricing', 'fail'], ['experiment/reco_rollout', 'fail'], ['comparison/loan_xgb-vs-loan_xgb_v2', 'fail'], ['evaluation/loan_scores', 'warn'], ['evaluation/loan_xgb', 'warn']]);
    assert.equal(report.status, 'fail');
    assert.deepEqual(report.counts, { pass: 0, warn: 4, fail: 4, error: 0 });
    assert.equal(worstStatus(['pass', 'warn']), 'warn');
    assert.equal(worstStatus(['fail', 'error', 'warn']), 'error');
    assert.equal(worstStatus([]), 'pass');
  });

  it('drift: the same report as `model-lens drift` with the same settings', () => {
    const d = report.checks[0]!;
    const r = cli(join(root, 'sample'), 'drift', 'loans_reference.csv', 'loans_current.csv', '--exclude', 'application_id,application_date,notes', '--label', 'approved', '--prediction', 'predicted_approved', '--drift-share', '0.5');
    assert.equal(r.code, 0, r.stderr);
    const cliReport = JSON.parse(r.stdout) as { columns: { column: string; score: number; drifted: boolean }[] };
    const checkReport = d.report as typeof cliReport;
    assert.deepEqual(checkReport.columns.map((c) => [c.column, c.score, c.drifted]), cliReport.columns.map((c) => [c.column, c.score, c.drifted]));
    const drifted = cliReport.columns.filter((c) => c.drifted).map((c) => c.column);
    assert.equal(d.metrics['driftedColumns'], drifted.length);
    assert.deepEqual(d.findings.map((f) => /column '([^']+)'/.exec(f.message)?.[1]), drifted);
  });

  it('fairness: disparate impact by race equals a plain count over the CSV (min/max selection rate, 1e-12)', () => {
    const rows = parseCsv(readFileSync(join(root, 'sample/loans_current.csv'), 'utf8')).filter((r) => r['approved'] !== '' && r['predicted_approved'] !== '');
    const byRace = new Map<string, { n: number; sel: number }>();
    for (const r of rows) {
      const g = r['race'] === '' ? '(missing)' : r['race']!;
      const e = byRace.get(g) ?? { n: 0, sel: 0 };
      e.n += 1;
      e.sel += r['predicted_approved'] === '1' ? 1 : 0;
      byRace.set(g, e);
    }
    const big = [...byRace.values()].filter((e) => e.n >= 30).map((e) => e.sel / e.n);
    const expected = Math.min(...big) / Math.max(...big);
    const f = report.checks[2]!;
    const audit = f.report as { attributes: { attribute: string; metrics: Record<string, number | null> }[] };
    const race = audit.attributes.find((a) => a.attribute === 'race')!;
    assert.ok(Math.abs(race.metrics['disparateImpact']! - expected) <= 1e-12, `${race.metrics['disparateImpact']} vs ${expected}`);
    assert.ok(expected < 0.8, 'the sample is built to fail the four-fifths rule for race');
    assert.ok(f.findings.some((x) => x.severity === 'error' && /^race: \w+ is selected at [0-9.]+× the rate of \w+ \(disparate impact/.test(x.message)), f.findings.map((x) => x.message).join('\n'));
  });

  it('rules: violation counts equal a plain filter over the CSV, and findings point at the CSV line', () => {
    const text = readFileSync(join(root, 'sample/pricing_predictions.csv'), 'utf8');
    const rows = parseCsv(text);
    const negative = rows.map((r, i) => [Number(r['predicted_price']), i] as const).filter(([p]) => p < 0);
    const r = report.checks[3]!;
    const nonNeg = (r.report as { rules: { id: string; violations: number }[] }).rules.find((x) => x.id === 'non-negative-price')!;
    assert.equal(nonNeg.violations, negative.length);
    const finding = r.findings.find((f) => f.message.startsWith("rule 'non-negative-price'"))!;
    // Data row k (1-based) is line k + 1 when no field spans lines.
    assert.equal(finding.line, negative[0]![1] + 2);
  });

  it('experiment: the same decision, SRM and guardrails as `model-lens abtest`; fails on the breached latency guardrail', () => {
    const e = report.checks[4]!;
    const r = cli(join(root, 'sample'), 'abtest', 'experiments/reco_rollout.csv', '--variant', 'variant', '--control', 'control', '--metric', 'converted', '--metric', 'revenue', '--guardrail', 'latency_ms', '--time-column', 'ts', '--segment', 'platform');
    assert.equal(r.code, 1, r.stderr);
    const cliReport = JSON.parse(r.stdout) as { decision: unknown; srm: { pValue: number }; guardrails: { variant: string; breached: boolean }[] };
    const checkReport = e.report as typeof cliReport;
    assert.deepEqual(checkReport.decision, cliReport.decision);
    assert.equal(checkReport.srm.pValue, cliReport.srm.pValue);
    assert.deepEqual(checkReport.guardrails.map((g) => [g.variant, g.breached]), cliReport.guardrails.map((g) => [g.variant, g.breached]));
    assert.ok(e.findings.some((f) => f.severity === 'error' && f.message.startsWith("guardrail 'latency_ms' breached by reco_v3")));
  });

  it('comparison: the same verdict and metric deltas as `model-lens diff`', () => {
    const c = report.checks[5]!;
    const r = cli(join(root, 'sample'), 'diff', 'models/loan_xgb.json', 'models/loan_xgb_v2.json', '--data', 'loans_current.csv', '--label', 'approved');
    assert.equal(r.code, 1, r.stderr);
    const cliReport = JSON.parse(r.stdout) as { verdict: { text: string; worse: boolean }; metrics: { name: string; delta: number; ci: unknown }[] };
    const checkReport = c.report as typeof cliReport;
    assert.deepEqual(checkReport.verdict, cliReport.verdict);
    assert.deepEqual(checkReport.metrics.map((m) => [m.name, m.delta, m.ci]), cliReport.metrics.map((m) => [m.name, m.delta, m.ci]));
    assert.equal(c.summary, cliReport.verdict.text);
  });

  it('health: the same results as `model-lens health` against the sample baseline', () => {
    const h = report.checks[1]!;
    const r = cli(join(root, 'sample'), 'health', 'loans_current.csv', '--baseline', '.modellens/baselines/loans_current.json', '--now', '2026-11-01T00:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    const cliReport = JSON.parse(r.stdout) as { checks: { id: string; column: string | null; status: string; message: string }[]; summary: unknown };
    const checkReport = h.report as typeof cliReport;
    assert.deepEqual(checkReport.checks.map((c) => [c.id, c.column, c.status, c.message]), cliReport.checks.map((c) => [c.id, c.column, c.status, c.message]));
    assert.deepEqual(checkReport.summary, cliReport.summary);
    assert.deepEqual(h.findings.map((f) => f.message), cliReport.checks.filter((c) => c.status !== 'pass').map((c) => c.message));
  });

  it('a check with bad input is reported as error and the others still run; the CLI exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-check-'));
    const cfg = join(dir, 'modellens.yml');
    writeFileSync(cfg, `checks:\n  rules:\n    - data: ${join(root, 'sample/pricing_predictions.csv')}\n      rules: ${join(root, 'sample/pricing.rules.yml')}\n  drift:\n    - reference: missing.csv\n      current: ${join(root, 'sample/loans_current.csv')}\n`);
    const r = await runChecks(parseConfig(readFileSync(cfg, 'utf8'), cfg), { engine, baseDir: dir, models: grantModelAccess() });
    assert.deepEqual(r.checks.map((c) => c.status), ['error', 'fail']);
    assert.match(r.checks[0]!.summary, /^Could not run: .*missing\.csv/);
    const out = cli(dir, 'check', '--format', 'json');
    assert.equal(out.code, 2, out.stderr);
    assert.equal((JSON.parse(out.stdout) as ChecksReport).counts.error, 1);
  });

  it('CLI: exit 1 on a failure, 0 when only warnings remain (--only), 2 on a configuration error', () => {
    assert.equal(cli(join(root, 'sample'), 'check', '--no-history').code, 1);
    const warnOnly = cli(join(root, 'sample'), 'check', '--no-history', '--only', 'drift/loans');
    assert.equal(warnOnly.code, 0, warnOnly.stderr);
    assert.match(warnOnly.stdout, /^WARN +drift\/loans/m);
    const dir = mkdtempSync(join(tmpdir(), 'ml-check-'));
    writeFileSync(join(dir, 'modellens.yml'), 'checks:\n  drift:\n    - dataset: nope\n');
    const bad = cli(dir, 'check');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /modellens\.yml:3:16: checks\.drift\[0\]\.dataset: unknown dataset 'nope'/);
    assert.equal(bad.stdout, '');
    const none = cli(tmpdir(), 'check');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no modellens\.yml in/);
  });
});

describe('runChecks: refused checks', function () {
  this.timeout(60000);
  it('a refused check is reported as error with the reason and not run; runsModel spots model checks', async () => {
    const config = loadConfig(SAMPLE);
    assert.deepEqual(config.checks.filter(runsModel).map((c) => c.id), ['comparison/loan_xgb-vs-loan_xgb_v2', 'evaluation/loan_xgb']);
    const engine = await Engine.create();
    try {
      const r = await runChecks(config, { engine, baseDir: config.baseDir }, { only: ['rules/pricing', 'comparison/loan_xgb-vs-loan_xgb_v2'], refuse: (c) => (runsModel(c) ? 'untrusted' : undefined) });
      assert.deepEqual(r.checks.map((c) => [c.id, c.status, c.summary.startsWith('Not run: untrusted')]), [['rules/pricing', 'fail', false], ['comparison/loan_xgb-vs-loan_xgb_v2', 'error', true]]);
      assert.equal(r.checks[1]!.report, undefined);
    } finally {
      engine.close();
    }
  });
});
