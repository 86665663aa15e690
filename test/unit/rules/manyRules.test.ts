// Regression tests for issue 17, item 3: `validate` with thousands of rules. One aggregate query over every rule
// grew faster than linearly (300 rules on 2,000 rows: 3.85 GB; 5,000 rules: DuckDB died with SIGFPE). Rules are now
// counted in bounded chunks and examples looked up with LIMIT queries; these tests pin the answers (against the
// interpreter and against row numbers known by construction) and the bounds.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import { validateRules } from '../../../src/core/rules/validate';
import { validateDataset } from '../../../src/core/rules/validateDataset';
import { generatedRows, generatedRules } from './generated';

const root = join(__dirname, '../../..');

describe('rules: many rules (issue 17, item 3)', function () {
  this.timeout(120000);
  let instance: DuckDBInstance;
  let execute: (sql: string) => Promise<Array<Record<string, unknown>>>;
  const queries: string[] = [];
  const rows = generatedRows(700);

  before(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await instance.connect();
    await conn.run('CREATE TABLE t (x DOUBLE, q INTEGER, cat VARCHAR)');
    const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
    await conn.run(`INSERT INTO t VALUES ${rows.map((r) => `(${lit(r['x'])}, ${lit(r['q'])}, ${lit(r['cat'])})`).join(', ')}`);
    execute = async (sql) => {
      queries.push(sql);
      return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
    };
  });
  after(() => instance.closeSync());

  it('no query evaluates more than a few hundred rules, whatever the number of rules', async () => {
    queries.length = 0;
    const rules = parseRulesFile(generatedRules(755));
    const report = await validateRules(rules, { kind: 'sql', dataset: 't', table: 't', rowIdSql: 'rowid + 1', execute });
    assert.equal(report.rules.length, rules.length);
    for (const q of queries) assert.ok((q.match(/count_if\(|count\(\*\) FILTER/g) ?? []).length <= 3 * 300, `a query of ${q.length} characters counts more than 300 rules`);
  });

  it('examples are the first violating rows in file order on a Parquet file of many row groups read by 2 threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-many-rules-'));
    const file = join(dir, 'rows.parquet');
    const conn = await instance.connect();
    // x = i mod 1000 over 300,000 rows in row groups of 2,048 rows; the last three rows have x = -1.
    await conn.run(`COPY (SELECT CASE WHEN i >= 299997 THEN -1 ELSE i % 1000 END AS x FROM range(300000) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    conn.closeSync();
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file);
      const rules = parseRulesFile('rules:\n  - id: not-seven\n    expr: x != 7\n  - id: non-negative\n    expr: x >= 0\n  - id: below-990\n    expr: x < 990\n');
      const report = await validateDataset(engine, ds, rules, { maxExamples: 5 });
      // 1-based rows: x = 7 at i = 7, 1007, …; x < 0 only at the last three rows; x ≥ 990 first at i = 990…994.
      assert.deepEqual(report.rules[0]!.examples.map((e) => e.row), [8, 1008, 2008, 3008, 4008]);
      assert.equal(report.rules[0]!.violations, 300);
      assert.deepEqual(report.rules[1]!.examples.map((e) => [e.row, e.values['x']]), [[299998, -1], [299999, -1], [300000, -1]]);
      assert.deepEqual(report.rules[2]!.examples.map((e) => e.row), [991, 992, 993, 994, 995]);
    } finally {
      engine.close();
    }
  });

  it('the CLI checks 5,000 rules on 2,000 rows with examples, exit 1, under 1 GiB (was SIGFPE)', function () {
    const dir = mkdtempSync(join(tmpdir(), 'ml-many-rules-'));
    const rulesFile = join(dir, 'many.rules.yml');
    const shapes = [
      (k: number) => `    expr: predicted_price >= ${k / 10}`,
      (k: number) => `    expr: predicted_price <= ${(2 + k / 1000).toFixed(3)} * unit_cost\n    when: category != "luxury"`,
      (k: number) => `    expr: category in ["basic", "mid", "premium", "c${k}"]`,
      (k: number) => `    expr: unit_cost between ${k / 100} and ${150 + k}`,
    ];
    const lines = ['rules:'];
    for (let i = 0; i < 5000; i++) lines.push(`  - id: rule-${i}`, shapes[i % 4]!(Math.floor(i / 4)));
    writeFileSync(rulesFile, `${lines.join('\n')}\n`);
    const out = join(dir, 'report.json');
    const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
    const r = spawnSync(process.execPath, ['--require', join(root, 'test/fixtures/peakRss.cjs'), ...entry, 'validate', 'sample/pricing_predictions.csv', '--rules', rulesFile, '--out', out], { cwd: root, encoding: 'utf8', timeout: 110000 });
    assert.equal(r.signal, null, `killed by ${r.signal}`);
    assert.equal(r.status, 1, r.stderr);
    const peak = Number(/peak-rss-mib (\d+)/.exec(r.stderr)?.[1]);
    assert.ok(peak > 0 && peak < 1024, `peak RSS ${peak} MiB`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { rules: Array<{ id: string; violations: number; examples: unknown[] }>; summary: { rules: number } };
    assert.equal(report.summary.rules, 5000);
    const failing = report.rules.filter((x) => x.violations > 0);
    assert.ok(failing.length > 1000, `${failing.length} rules with violations`);
    for (const x of failing) assert.equal(x.examples.length, Math.min(5, x.violations), `examples of ${x.id}`);
  });
});
