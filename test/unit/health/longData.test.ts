import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { computeCurrent } from '../../../src/core/health/computeCurrent';
import { computeStats } from '../../../src/core/health/computeStats';
import { runHealth } from '../../../src/core/health/runHealth';
import { duplicatesCheck } from '../../../src/core/health/checks/duplicates';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { AggregatePlan, PlanRow } from '../../../src/core/plan/plan';
import type { RunOptions } from '../../../src/core/data/engine';

/** Records every plan it runs (to see which GROUP BYs a computation asked for). */
class RecordingExecutor extends DuckDbExecutor {
  readonly plans: AggregatePlan[] = [];
  override run(plan: AggregatePlan, options: RunOptions = {}): Promise<PlanRow[]> {
    this.plans.push(plan);
    return super.run(plan, options);
  }
  override runAll(plans: readonly AggregatePlan[], options: RunOptions = {}): Promise<PlanRow[][]> {
    this.plans.push(...plans);
    return super.runAll(plans, options);
  }
}

const groupsBy = (p: AggregatePlan, column: string) => (p.groupBy ?? []).some((g) => JSON.stringify(g.expr).includes(`"${column}"`));

/**
 * Issue 18, baseline + health check at 100M rows under 2 GiB: an identifier-like text column is not counted value by
 * value (its GROUP BY ran the engine out of memory at 100M rows), and duplicate rows beyond what the engine's memory
 * holds are estimated, with their error, instead of counted in a hash table of every row.
 */
describe('health on long data', function () {
  this.timeout(120000);
  let engine: Engine;
  let file: string;
  before(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'ml-health-long-')), 't.parquet');
    engine = await Engine.create({ threads: 2, memoryLimit: '32MB' });
    // 1,000,000 rows: a text id (every value distinct), a category of 3, a number; rows 0..2,999 repeated once at the end.
    await engine.exec(`CREATE TABLE t AS SELECT 'id-' || i AS record_id, (['a', 'b', 'c'])[1 + i % 3] AS g, (i % 1000) / 10.0 AS x FROM range(997000) r(i) UNION ALL SELECT 'id-' || i, (['a', 'b', 'c'])[1 + i % 3], (i % 1000) / 10.0 FROM range(3000) r(i)`);
    await engine.exec(`COPY t TO '${file}' (FORMAT parquet)`);
  });
  after(() => engine.close());

  it('a text column proven to have more than 500 values is text without counting its values', async () => {
    const exec = new RecordingExecutor(engine);
    const ds = await loadDataset(engine, file);
    const { baseline } = await computeStats(exec, ds);
    const id = baseline.columns.find((c) => c.name === 'record_id')!;
    const g = baseline.columns.find((c) => c.name === 'g')!;
    assert.equal(id.kind, 'text');
    assert.equal(id.categories, undefined);
    assert.equal(g.kind, 'categorical');
    assert.deepEqual(g.categories, [['a', 333334], ['b', 333333], ['c', 333333]]);
    assert.ok(!exec.plans.some((p) => groupsBy(p, 'record_id')), 'record_id was grouped by value');
    assert.ok(exec.plans.some((p) => groupsBy(p, 'g')));
  });

  it('duplicate rows beyond the engine memory are estimated, and the check says so', async () => {
    const exec = new RecordingExecutor(engine);
    const ds = await loadDataset(engine, file);
    const { baseline } = await computeStats(exec, ds);
    const facts = await computeCurrent(exec, ds, baseline, { rangeTolerance: 0.1, windowDays: 7 });
    // 1,000,000 rows × 40 bytes > 32 MB: the 1-in-16 sample of distinct rows; the exact answer is 3,000.
    assert.ok(facts.duplicateRowsEstimate, 'not estimated');
    const se = facts.duplicateRowsEstimate!.standardError;
    assert.ok(se > 0 && Math.abs(facts.duplicateRows - 3000) <= 4 * se, `${facts.duplicateRows} ± ${se} vs 3,000`);
    const report = await runHealth(exec, ds, baseline, { now: new Date('2026-12-06T00:00:00Z') });
    const dup = JSON.stringify(report).match(/"[^"]*duplicate row\(s\)[^"]*"/)?.[0] ?? '';
    assert.match(dup, /estimated from a 1-in-16 sample of distinct rows, standard error ±/);
  });

  it('an estimate with no duplicate in its sample says what the sample could miss', () => {
    const current = { stats: { rows: 100_000_000 }, duplicateRows: 0, duplicateRowsEstimate: { standardError: 0, sampleRate: 16 } } as unknown as Parameters<typeof duplicatesCheck.run>[0]['current'];
    const [f] = duplicatesCheck.run({ current, threshold: 0.01 } as Parameters<typeof duplicatesCheck.run>[0]);
    assert.match(f!.message, /^0 duplicate row\(s\) \(none in a 1-in-16 sample of distinct rows: fewer than 47 distinct repeated rows can go unseen, 95%\)/);
    assert.equal(f!.violated, false);
  });
});
