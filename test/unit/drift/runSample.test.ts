import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { ColumnDrift, DriftReport } from '../../../src/core/drift/driftReport';
import type { DriftSettings } from '../../../src/core/drift/driftSettings';
import { runDrift } from '../../../src/core/drift/runDrift';
import { InputError } from '../../../src/core/errors';
import { assertClose, loadFixture, num } from './fixtureData';

interface Expected { test: string; statistic: number | string; pValue: number | string | null; drifted: boolean }
interface Fixture {
  rows: { reference: number; current: number };
  features: string[];
  label: string;
  prediction: string;
  driftedByDefault: string[];
  driftedByOverride: string[];
  columns: Record<string, { kind: string; default: Expected; override: Expected; referenceMissingRate: number; currentMissingRate: number; unseen?: string[]; vanished?: string[] }>;
}

// Reference: test/fixtures/drift/generate_sample_drift.py (pandas 1.5.3 + scipy 1.10.1, Evidently's rules).
const fx = loadFixture<Fixture>('sample_drift.json');
const root = join(__dirname, '../../..');
const REL_STAT = 1e-9;
const REL_P = 1e-6;

function check(c: ColumnDrift, e: Expected, what: string): void {
  assert.equal(c.test, e.test, `${what}: test`);
  assertClose(c.statistic ?? NaN, num(e.statistic), REL_STAT, 0, `${what}: statistic`);
  if (e.pValue === null) assert.equal(c.pValue, null, `${what}: pValue`);
  else assertClose(c.pValue ?? NaN, num(e.pValue), REL_P, 1e-300, `${what}: pValue`);
  assert.equal(c.drifted, e.drifted, `${what}: drifted`);
}

const drifted = (r: DriftReport) => r.columns.filter((c) => c.drifted).map((c) => c.column).sort();

describe('runDrift on the sample workspace (vs pandas/scipy)', function () {
  this.timeout(60000);
  let engine: Engine;
  let ref: Dataset;
  let cur: Dataset;
  const run = (s: DriftSettings) => runDrift(engine, ref, cur, s);
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    ref = await loadDataset(engine, join(root, 'sample/loans_reference.csv'));
    cur = await loadDataset(engine, join(root, 'sample/loans_current.csv'));
  });
  after(() => engine.close());

  it('default tests: every statistic, the drifted set, target and prediction separately', async () => {
    const r = await run({ label: fx.label, prediction: fx.prediction });
    assert.deepEqual({ reference: r.reference.rows, current: r.current.rows }, fx.rows);
    assert.deepEqual(r.columns.map((c) => c.column).sort(), [...fx.features].sort());
    for (const c of r.columns) {
      assert.equal(c.kind, fx.columns[c.column]!.kind, `${c.column}: kind`);
      check(c, fx.columns[c.column]!.default, c.column);
    }
    assert.deepEqual(drifted(r), fx.driftedByDefault);
    assert.deepEqual(r.dataset, { driftedColumns: fx.driftedByDefault.length, totalColumns: fx.features.length, share: fx.driftedByDefault.length / fx.features.length, driftShare: 0.5, drifted: false });
    check(r.target!, fx.columns[fx.label]!.default, 'target');
    check(r.prediction!, fx.columns[fx.prediction]!.default, 'prediction');
    assert.equal(r.target!.column, 'approved');
    assert.equal(r.prediction!.column, 'predicted_approved');
    assert.deepEqual(r.skipped.map((s) => s.column).sort(), ['application_date', 'application_id', 'notes']);
  });

  it('reports unseen / vanished categories and missing-rate changes per column', async () => {
    const r = await run({});
    for (const c of [...r.columns, r.target, r.prediction].filter((x): x is ColumnDrift => x !== undefined)) {
      const e = fx.columns[c.column]!;
      assertClose(c.details.referenceMissingRate, e.referenceMissingRate, 1e-12, 0, `${c.column}: reference missing rate`);
      assertClose(c.details.currentMissingRate, e.currentMissingRate, 1e-12, 0, `${c.column}: current missing rate`);
      if (e.unseen) assert.deepEqual(c.details.unseenCategories, e.unseen, `${c.column}: unseen`);
      if (e.vanished) assert.deepEqual(c.details.vanishedCategories, e.vanished, `${c.column}: vanished`);
    }
    const purpose = r.columns.find((c) => c.column === 'loan_purpose')!;
    assert.deepEqual(purpose.details.unseenCategories, ['crypto']);
    const income = r.columns.find((c) => c.column === 'income')!;
    assert.ok(income.details.missingRateChange > 0.04, `income missing-rate change ${income.details.missingRateChange}`);
    // Without --label/--prediction those columns are ordinary features.
    assert.ok(r.columns.some((c) => c.column === 'approved') && r.target === undefined);
  });

  it('per-column and global test overrides: ks on numeric columns, chisquare per categorical column', async () => {
    const cats = Object.entries(fx.columns).filter(([, e]) => e.kind !== 'numeric').map(([c]) => c);
    const r = await run({ test: 'ks', testByColumn: Object.fromEntries(cats.map((c) => [c, 'chisquare'])), label: fx.label, prediction: fx.prediction });
    for (const c of r.columns) {
      check(c, fx.columns[c.column]!.override, `${c.column} (override)`);
      assert.equal(c.details.testSource, 'override');
      assert.equal(c.threshold, 0.05);
    }
    check(r.target!, fx.columns[fx.label]!.override, 'target (override)');
    assert.deepEqual(drifted(r), fx.driftedByOverride);
    assert.equal(r.dataset.drifted, fx.driftedByOverride.length / fx.features.length >= 0.5);
  });

  it('a global --test applies where it fits; other columns keep their default', async () => {
    const r = await run({ test: 'ks' });
    for (const c of r.columns) assert.equal(c.test, fx.columns[c.column]!.kind === 'numeric' ? 'ks' : 'jensenshannon', c.column);
  });

  it('threshold overrides (global and per column) and the drift share', async () => {
    const g = await run({ threshold: 0.175 });
    const expected = fx.features.filter((c) => num(fx.columns[c]!.default.statistic) >= 0.175).sort();
    assert.deepEqual(expected, ['income']);
    assert.deepEqual(drifted(g), expected);
    assert.ok(g.columns.every((c) => c.threshold === 0.175 && c.details.thresholdSource === 'override'));
    const p = await run({ thresholdByColumn: { age: 0.03 } });
    assert.deepEqual(drifted(p), [...fx.driftedByDefault, 'age'].sort());
    assert.equal(p.columns.find((c) => c.column === 'race')!.details.thresholdSource, 'default');
    const s = await run({ driftShare: 0.25 });
    assert.equal(s.dataset.drifted, true);
    assert.equal(s.dataset.driftShare, 0.25);
  });

  it('--columns and --exclude select the tested columns', async () => {
    const only = await run({ columns: ['income', 'region'] });
    assert.deepEqual(only.columns.map((c) => c.column), ['income', 'region']);
    assert.equal(only.dataset.totalColumns, 2);
    assert.equal(only.dataset.drifted, true);
    const ex = await run({ exclude: ['income', 'loan_purpose'] });
    assert.ok(!ex.columns.some((c) => c.column === 'income' || c.column === 'loan_purpose'));
    assert.equal(ex.columns.length, fx.features.length + 2 - 2);
    assert.ok(ex.skipped.some((s) => s.column === 'income' && /exclude/.test(s.reason)));
  });

  it('bad input throws InputError with a stable code', async () => {
    const code = async (s: DriftSettings, expected: string, message?: RegExp) => {
      await assert.rejects(run(s), (e: unknown) => e instanceof InputError && e.code === expected && (!message || message.test(e.message)));
    };
    await code({ columns: ['nope'] }, 'COLUMN_NOT_FOUND', /'nope'.*columns are: application_id/);
    await code({ label: 'nope' }, 'COLUMN_NOT_FOUND');
    await code({ test: 'nope' }, 'UNKNOWN_TEST', /Valid ids are: ks, chisquare/);
    await code({ testByColumn: { region: 'ks' } }, 'TEST_NOT_APPLICABLE');
    await code({ columns: ['region'], test: 'ks' }, 'TEST_NOT_APPLICABLE');
    await code({ driftShare: 0 }, 'BAD_ARGUMENT');
    await code({ columns: ['notes'] }, 'NO_COLUMNS');
    await code({ timeColumn: 'application_date' }, 'BAD_ARGUMENT');
  });
});
