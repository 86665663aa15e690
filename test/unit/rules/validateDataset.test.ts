import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { InputError } from '../../../src/core/errors';
import { csvLinesOfRows } from '../../../src/core/rules/csvLines';
import { RULE_KEYS, SEVERITIES } from '../../../src/core/rules/rule';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import { rulesToHtml } from '../../../src/core/rules/rulesHtml';
import type { RulesReport } from '../../../src/core/rules/validate';
import { validateDataset } from '../../../src/core/rules/validateDataset';

const dir = join(__dirname, '../../fixtures/rules');
const CSV = join(dir, 'pricing.csv');
const RULES_TEXT = readFileSync(join(dir, 'pricing.rules.yml'), 'utf8');

/** RFC 4180 reader written for this test (independent of DuckDB): records of fields plus each record's first physical line. */
function readCsv(text: string): { header: string[]; records: string[][]; lines: number[] } {
  const out: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let rec: string[] = [];
  let quoted = false;
  let line = 1;
  let recLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"') quoted = true;
    else if (c === ',') { rec.push(field); field = ''; }
    else if (c === '\n') { rec.push(field); out.push(rec); lines.push(recLine); rec = []; field = ''; line++; recLine = line; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || rec.length > 0) { rec.push(field); out.push(rec); lines.push(recLine); }
  return { header: out[0]!, records: out.slice(1), lines: lines.slice(1) };
}

type Rec = { category: string | null; unit_cost: number | null; predicted_price: number | null };
const csv = readCsv(readFileSync(CSV, 'utf8'));
const col = (name: string) => csv.header.indexOf(name);
const RECS: Rec[] = csv.records.map((f) => ({
  category: f[col('category')] === '' ? null : f[col('category')]!,
  unit_cost: f[col('unit_cost')] === '' ? null : Number(f[col('unit_cost')]),
  predicted_price: f[col('predicted_price')] === '' ? null : Number(f[col('predicted_price')]),
}));

/** Each fixture rule hand-written in JS with SQL null logic: `applies` false/null skips, `holds` null is a null result. */
const JS_RULES: Record<string, { applies: (r: Rec) => boolean; holds: (r: Rec) => boolean | null }> = {
  'non-negative-price': { applies: () => true, holds: (r) => (r.predicted_price === null ? null : r.predicted_price >= 0) },
  'within-3x-cost': { applies: (r) => r.category !== null && r.category !== 'luxury', holds: (r) => (r.predicted_price === null || r.unit_cost === null ? null : r.predicted_price <= 3 * r.unit_cost) },
  'luxury-floor': { applies: (r) => r.category === 'luxury', holds: (r) => (r.predicted_price === null ? null : r.predicted_price >= 100) },
  'known-category': { applies: () => true, holds: (r) => (r.category === null ? null : ['basic', 'mid', 'luxury'].includes(r.category)) },
  'cost-present': { applies: () => true, holds: (r) => r.unit_cost !== null },
  'sane-margin': { applies: () => true, holds: (r) => (r.predicted_price === null || r.unit_cost === null ? null : r.predicted_price - r.unit_cost < 1000) },
};

describe('rules/validateDataset', function () {
  this.timeout(60000);
  let engine: Engine;
  let report: RulesReport;
  const rules = parseRulesFile(RULES_TEXT);
  const yamlRules = (parseYaml(RULES_TEXT) as { rules: Array<{ id: string; max_violation_rate?: number }> }).rules;

  before(async () => {
    engine = await Engine.create({ threads: 2 });
    const ds = await loadDataset(engine, CSV);
    report = await validateDataset(engine, ds, rules, { label: 'pricing.csv' });
  });
  after(() => engine.close());

  it('counts rows, violations, null results, rate and status like a plain JS filter over the CSV', () => {
    assert.deepEqual(report.rules.map((r) => r.id), Object.keys(JS_RULES));
    for (const r of report.rules) {
      const js = JS_RULES[r.id]!;
      const applicable = RECS.filter(js.applies);
      const violations = applicable.filter((x) => js.holds(x) === false).length;
      const maxRate = yamlRules.find((y) => y.id === r.id)!.max_violation_rate ?? 0;
      assert.deepEqual(
        [r.rows, r.violations, r.nullResults, r.rate, r.maxRate, r.status],
        [applicable.length, violations, applicable.filter((x) => js.holds(x) === null).length, violations / applicable.length, maxRate, violations / applicable.length > maxRate ? 'fail' : 'pass'],
        r.id,
      );
    }
    // The fixture exercises both outcomes, nulls and a `when` that skips rows.
    assert.deepEqual(report.summary, { rules: 6, passed: 2, failed: 4 });
    assert.ok(report.rules.some((r) => r.nullResults > 0) && report.rules.some((r) => r.rows < RECS.length));
  });

  it("examples are the first violating rows; `row` is the 1-based data row and its values are the CSV's", () => {
    for (const r of report.rules) {
      const js = JS_RULES[r.id]!;
      const expected = RECS.flatMap((x, i) => (js.applies(x) && js.holds(x) === false ? [i + 1] : [])).slice(0, 5);
      assert.deepEqual(r.examples.map((e) => e.row), expected, r.id);
      for (const ex of r.examples) {
        const fields = csv.records[ex.row! - 1]!;
        for (const [name, v] of Object.entries(ex.values)) {
          const raw = fields[col(name)]!;
          assert.equal(v, raw === '' ? null : typeof v === 'number' ? Number(raw) : raw, `${r.id} row ${ex.row} ${name}`);
        }
      }
    }
    // Row 11 holds a quoted line break: its data row number stays 11 and its physical line is 12.
    assert.ok(report.rules.find((r) => r.id === 'within-3x-cost')!.examples.some((e) => e.row === 11));
  });

  it('csvLinesOfRows gives the physical line of every data row, quoted line breaks included', () => {
    const rows = csv.records.map((_, i) => i + 1);
    const lines = csvLinesOfRows(CSV, rows);
    assert.deepEqual(rows.map((r) => lines.get(r)), csv.lines);
    assert.equal(lines.get(12), 14, 'the row after the two-line note starts one line later');
    assert.equal(csvLinesOfRows(CSV, [999]).size, 0);
  });

  it('Parquet and JSON Lines copies give identical reports (Parquet rows from file_row_number)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ml-rules-'));
    const ds = await loadDataset(engine, CSV);
    const pq = join(tmp, 'pricing.parquet');
    const jsonl = join(tmp, 'pricing.jsonl');
    await engine.exec(`COPY (SELECT * FROM ${ds.relation}) TO '${pq}' (FORMAT parquet, ROW_GROUP_SIZE 4)`);
    await engine.exec(`COPY (SELECT * FROM ${ds.relation}) TO '${jsonl}' (FORMAT json)`);
    for (const f of [pq, jsonl]) {
      const other = await validateDataset(engine, await loadDataset(engine, f), rules, { label: 'pricing.csv' });
      assert.deepEqual(JSON.parse(JSON.stringify(other)), JSON.parse(JSON.stringify(report)), f);
    }
  });

  it('a Parquet file with its own file_row_number column still numbers rows by position', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ml-rules-'));
    const ds = await loadDataset(engine, CSV);
    const pq = join(tmp, 'shadow.parquet');
    await engine.exec(`COPY (SELECT 1000 - rowid AS file_row_number, * FROM ${ds.relation}) TO '${pq}' (FORMAT parquet)`);
    const other = await validateDataset(engine, await loadDataset(engine, pq), rules);
    assert.deepEqual(other.rules.map((r) => r.examples.map((e) => e.row)), report.rules.map((r) => r.examples.map((e) => e.row)));
  });

  it('a rule naming an unknown column is located in the rules file and lists the columns', async () => {
    const text = 'rules:\n  - id: ok\n    expr: predicted_price >= 0\n  - id: typo\n    expr: predicted_prize >= 0\n';
    const ds = await loadDataset(engine, CSV);
    await assert.rejects(validateDataset(engine, ds, parseRulesFile(text), { rulesSource: { path: 'r.yml', text } }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.code, 'COLUMN_NOT_FOUND');
      assert.match(e.message, /^r\.yml:5:11: rule 'typo'.*columns are: sku, category, unit_cost, predicted_price, note$/);
      return true;
    });
    const typed = 'rules:\n  - id: t\n    expr: category > 1\n';
    await assert.rejects(validateDataset(engine, ds, parseRulesFile(typed), { rulesSource: { path: 't.yml', text: typed } }), (e: unknown) => e instanceof InputError && e.code === 'EXPR_TYPE' && /^t\.yml:3:\d+: /.test(e.message));
  });
});

describe('rules/rulesHtml escaping', () => {
  it('escapes every string from the report and the data; no script, no external resource', () => {
    const evil = '<script>alert("x")</script>&\'';
    const report: RulesReport = {
      dataset: `${evil}.csv`,
      rules: [{ id: 'r1', expr: `name != "${evil}"`, severity: 'error', description: evil, violations: 1, rows: 1, nullResults: 0, rate: 1, maxRate: 0, status: 'fail', examples: [{ row: 1, values: { [evil]: evil } }] }],
      summary: { rules: 1, passed: 0, failed: 1 },
    };
    const html = rulesToHtml(report);
    assert.ok(!html.includes('<script'), 'no raw script tag');
    assert.ok(!/(src|href)=/.test(html), 'no external resource');
    assert.equal(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;').length - 1, 5, 'title, heading, description, column and value, each escaped');
    assert.match(html, /^<!DOCTYPE html>[\s\S]*<style>[\s\S]*<\/style>[\s\S]*<\/html>\n$/);
  });
});

describe('schemas/rules.schema.json', () => {
  type Schema = Record<string, unknown> & { definitions: Record<string, Record<string, unknown>> };
  const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/rules.schema.json'), 'utf8')) as Schema;

  /** A hand-written check of the draft-07 keywords this schema uses (ajv is only a transitive dependency here). */
  function check(s: Record<string, unknown>, v: unknown, path = '$'): string[] {
    if (typeof s['$ref'] === 'string') return check(schema.definitions[(s['$ref'] as string).split('/').pop()!]!, v, path);
    if (Array.isArray(s['oneOf'])) {
      const ok = (s['oneOf'] as Record<string, unknown>[]).filter((sub) => check(sub, v, path).length === 0).length;
      return ok === 1 ? [] : [`${path}: matches ${ok} of oneOf`];
    }
    const errs: string[] = [];
    const t = s['type'];
    const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
    if (t !== undefined && t !== actual) return [`${path}: ${actual} is not ${String(t)}`];
    if (typeof v === 'string') {
      if (typeof s['minLength'] === 'number' && v.length < s['minLength']) errs.push(`${path}: too short`);
      if (typeof s['maxLength'] === 'number' && v.length > s['maxLength']) errs.push(`${path}: too long`);
      if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern']).test(v)) errs.push(`${path}: pattern`);
    }
    if (typeof v === 'number' && ((typeof s['minimum'] === 'number' && v < s['minimum']) || (typeof s['maximum'] === 'number' && v > s['maximum']))) errs.push(`${path}: out of range`);
    if (Array.isArray(s['enum']) && !(s['enum'] as unknown[]).includes(v)) errs.push(`${path}: not in enum`);
    if (Array.isArray(v) && s['items']) v.forEach((x, i) => errs.push(...check(s['items'] as Record<string, unknown>, x, `${path}[${i}]`)));
    if (actual === 'object') {
      const o = v as Record<string, unknown>;
      const props = (s['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      for (const k of (s['required'] ?? []) as string[]) if (!(k in o)) errs.push(`${path}: missing ${k}`);
      for (const [k, x] of Object.entries(o)) {
        if (props[k]) errs.push(...check(props[k]!, x, `${path}.${k}`));
        else if (s['additionalProperties'] === false) errs.push(`${path}: unknown key ${k}`);
      }
    }
    return errs;
  }

  it('matches the rules parser: keys, required fields, severities, rate bounds', () => {
    assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
    const rule = schema.definitions['rule']!;
    assert.deepEqual(Object.keys(rule['properties'] as object).sort(), [...RULE_KEYS].sort());
    assert.deepEqual(rule['required'], ['id', 'expr']);
    assert.deepEqual((rule['properties'] as Record<string, { enum?: unknown }>)['severity']!.enum, [...SEVERITIES]);
  });

  it('accepts the fixture and sample rules files and rejects what the parser rejects', () => {
    assert.deepEqual(check(schema, parseYaml(RULES_TEXT)), []);
    assert.deepEqual(check(schema, parseYaml(readFileSync(join(__dirname, '../../../sample/pricing.rules.yml'), 'utf8'))), []);
    assert.deepEqual(check(schema, [{ id: 'a', expr: 'x > 1' }]), []);
    const bad: unknown[] = [
      { rules: [{ id: 'a' }] },
      { rules: [{ id: 'a b', expr: 'x > 1' }] },
      { rules: [{ id: 'a', expr: 'x > 1', severity: 'fatal' }] },
      { rules: [{ id: 'a', expr: 'x > 1', max_violation_rate: 2 }] },
      { rules: [{ id: 'a', expr: 'x > 1', colour: 'red' }] },
      { rules: [{ id: 'a', expr: '' }] },
      { rules: 'x > 1' },
    ];
    for (const b of bad) {
      assert.notDeepEqual(check(schema, b), [], JSON.stringify(b));
      assert.throws(() => parseRulesFile(JSON.stringify(b)), InputError, JSON.stringify(b));
    }
  });
});

// Keeps the fixture honest: it must contain negatives, a luxury row and a null prediction.
describe('pricing fixture', () => {
  it('has negative prices, luxury rows and missing values', () => {
    assert.ok(RECS.some((r) => r.predicted_price !== null && r.predicted_price < 0));
    assert.ok(RECS.some((r) => r.category === 'luxury'));
    assert.ok(RECS.some((r) => r.predicted_price === null) && RECS.some((r) => r.unit_cost === null));
  });
});
