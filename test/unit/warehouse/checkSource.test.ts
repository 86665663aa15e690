import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/core/checks/config';
import type { ChecksReport } from '../../../src/core/checks/types';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { isInputError } from '../../../src/core/errors';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgSourceYaml, pgUrl } from './pgServer';
import { cli, root } from '../support/cli';

const sample = join(root, 'sample');

/** The same checks twice: on the sample's files (DuckDB) and on the same rows in PostgreSQL tables (plans). */
function config(u: URL): string {
  return `version: 1
${pgSourceYaml(u)}datasets:
  loans:
    reference: ${join(sample, 'loans_reference.csv')}
    current: ${join(sample, 'loans_current.csv')}
    label: approved
    prediction: predicted_approved
  loans_pg:
    source: pg:ml_chk.loans_reference
    currentSource: pg:ml_chk.loans_current
    label: approved
    prediction: predicted_approved
  pricing_pg:
    source: pg:ml_chk.pricing
checks:
  drift:
    - dataset: loans
      exclude: [application_id, application_date, notes]
    - dataset: loans_pg
      exclude: [application_id, application_date, notes]
  health:
    - dataset: loans
      baseline: ${join(sample, '.modellens/baselines/loans_current.json')}
      now: 2026-11-01T00:00:00Z
    - dataset: loans_pg
      baseline: ${join(sample, '.modellens/baselines/loans_current.json')}
      now: 2026-11-01T00:00:00Z
  fairness:
    - dataset: loans
      sensitive: [gender, race]
      minGroupSize: 30
    - dataset: loans_pg
      sensitive: [gender, race]
      minGroupSize: 30
  rules:
    - data: ${join(sample, 'pricing_predictions.csv')}
      rules: ${join(sample, 'pricing.rules.yml')}
    - dataset: pricing_pg
      rules: ${join(sample, 'pricing.rules.yml')}
      name: pricing_pg
  evaluation:
    - dataset: loans
      score: score
      bootstrap: 200
    - dataset: loans_pg
      score: score
      bootstrap: 200
`;
}

describe('model-lens check on source tables (real PostgreSQL)', function () {
  this.timeout(180_000);
  let dir: string;
  let url: URL;

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    url = new URL(u);
    const engine = await Engine.create({ threads: 1 });
    try {
      for (const [file, table] of [['loans_reference.csv', 'loans_reference'], ['loans_current.csv', 'loans_current'], ['pricing_predictions.csv', 'pricing']] as const) {
        await copyToPostgres(u, engine, await loadDataset(engine, join(sample, file)), 'ml_chk', table);
      }
    } finally {
      engine.close();
    }
    dir = mkdtempSync(join(tmpdir(), 'ml-check-src-'));
    writeFileSync(join(dir, 'modellens.yml'), config(url));
  });

  it('drift, health, fairness and rules on tables give the files\' reports; the run is recorded in the history', () => {
    const r = cli('check', '--config', join(dir, 'modellens.yml'), '--format', 'json');
    assert.ok(r.code === 0 || r.code === 1, r.stderr + r.stdout.slice(0, 2000));
    const report = JSON.parse(r.stdout) as ChecksReport;
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    const pairs: [string, string, (x: unknown) => unknown][] = [
      ['drift/loans', 'drift/loans_pg', (x) => (x as { columns: unknown }).columns],
      ['health/loans', 'health/loans_pg', (x) => (x as { checks: unknown }).checks],
      ['fairness/loans', 'fairness/loans_pg', (x) => (x as { attributes: unknown }).attributes],
      ['rules/pricing', 'rules/pricing_pg', (x) => (x as { rules: { id: string; rows: number; violations: number; nullResults: number; status: string }[] }).rules.map((y) => [y.id, y.rows, y.violations, y.nullResults, y.status])],
      // Evaluated in the database against the dataset's reference table (the file check: against the reference file).
      ['evaluation/loans', 'evaluation/loans_pg', (x) => {
        const e = x as { metrics: unknown; referenceMetrics: unknown; estimated: { windows: unknown } | null; verdict: unknown; failOn: unknown };
        return { metrics: e.metrics, referenceMetrics: e.referenceMetrics, estimated: e.estimated?.windows, verdict: e.verdict, failOn: e.failOn };
      }],
    ];
    for (const [file, table, part] of pairs) {
      const a = byId.get(file);
      const b = byId.get(table);
      assert.ok(a && b, `${file} / ${table}: ${report.checks.map((c) => `${c.id} ${c.status} ${c.summary}`).join('; ')}`);
      assert.notEqual(b.status, 'error', `${table}: ${b.summary}`);
      assert.equal(b.status, a.status, table);
      if (file.startsWith('evaluation/')) assert.equal(sameReport(b.metrics, a.metrics), undefined, table); // sums in another order: 1e-12
      else assert.deepEqual(b.metrics, a.metrics, table);
      const diff = sameReport(part(a.report), part(b.report));
      assert.equal(diff, undefined, `${table}: ${diff}`);
      assert.ok(b.findings.every((f) => f.file === undefined), `${table}: a table's findings name no file`);
      assert.deepEqual(b.files.filter((f) => f.includes('pg:')), [], table);
    }
    assert.ok(byId.get('drift/loans_pg')!.title.includes('pg:ml_chk.loans_current'));
    assert.ok(report.checks.some((c) => c.status !== 'pass'), 'the sample has findings, so equal statuses are not all trivially pass');
    const history = join(dir, '.modellens', 'history');
    const lines = readdirSync(history).flatMap((f) => readFileSync(join(history, f), 'utf8').trim().split('\n'));
    assert.equal(lines.length, 1);
    const run = JSON.parse(lines[0]!) as { checks: { id: string; status: string }[] };
    assert.ok(byId.get('evaluation/loans_pg')!.title.includes('against pg:ml_chk.loans_reference'));
    assert.ok((byId.get('evaluation/loans_pg')!.report as { estimated: unknown }).estimated, 'CBPE calibrated on the reference table');
    for (const id of ['drift/loans_pg', 'health/loans_pg', 'fairness/loans_pg', 'rules/pricing_pg', 'evaluation/loans_pg']) {
      assert.equal(run.checks.find((c) => c.id === id)?.status, byId.get(id)!.status, id);
    }
  });

  it('a bad filter on a source dataset is that check\'s error (exit 2), the other checks still run', () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, config(url).replace('    currentSource: pg:ml_chk.loans_current\n', "    currentWhere: gender = 'female' or nope > 1; DROP TABLE ml_chk.pricing\n"));
    const r = cli('check', '--config', bad, '--format', 'json', '--no-history', '--only', 'drift/loans_pg,rules/pricing_pg');
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout) as ChecksReport;
    const drift = report.checks.find((c) => c.id === 'drift/loans_pg')!;
    assert.equal(drift.status, 'error');
    assert.match(drift.summary, /currentWhere/);
    assert.notEqual(report.checks.find((c) => c.id === 'rules/pricing_pg')!.status, 'error', 'the pricing table is still there');
  });

  it('configuration mistakes about sources are located problems', () => {
    const text = (extra: string) => `sources:\n  pg:\n    engine: postgres\n    database: x\ndatasets:\n${extra}\nchecks:\n  drift:\n    - dataset: d\n`;
    const problems = (extra: string): string => {
      try {
        parseConfig(text(extra), '/tmp/modellens.yml');
        return '';
      } catch (e) {
        assert.ok(isInputError(e));
        return e.message;
      }
    };
    assert.match(problems('  d:\n    source: nope:public.t\n    currentWhere: x > 1'), /unknown source 'nope'/);
    assert.match(problems('  d:\n    source: pg:public.t\n    reference: a.csv\n    currentWhere: x > 1'), /either files .* or a 'source' table/);
    assert.match(problems('  d:\n    source: pg:public.t'), /needs two sides/);
    assert.match(problems('  d:\n    reference: a.csv\n    currentWhere: x > 1'), /'currentWhere' goes with 'source/);
    assert.match(problems('  d:\n    source: pg:"unclosed'), /not closed/);
    assert.match(problems('  d:\n    source: pg:public.t\n    currentWhere: x > 1\nmodels:\n  m:\n    path: m.json\n    data: d'), /its 'data' must be a file/);
    // Evaluation on a table: what needs rows on this machine is refused where it is written.
    const evaluation = (check: string): string => {
      try {
        parseConfig(`sources:\n  pg:\n    engine: postgres\n    database: x\ndatasets:\n  d:\n    source: pg:public.t\n    currentWhere: x > 1\n    label: y\nmodels:\n  m:\n    path: m.json\nchecks:\n  evaluation:\n    - dataset: d\n${check}`, '/tmp/modellens.yml');
        return '';
      } catch (e) {
        assert.ok(isInputError(e));
        return e.message;
      }
    };
    assert.equal(evaluation('      score: s\n'), '');
    assert.match(evaluation('      model: m\n'), /checks\.evaluation\[0\]\.model: a model scores rows on this machine; on a source table/);
    assert.match(evaluation('      score: s\n      business: [revenue]\n'), /checks\.evaluation\[0\]\.business: business columns need per-row results/);
  });
});
