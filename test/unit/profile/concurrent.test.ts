import assert from 'node:assert/strict';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine, observeStatements, type RunOptions } from '../../../src/core/data/engine';
import { CancelledError } from '../../../src/core/errors';
import type { PlanExecutor } from '../../../src/core/plan/executor';
import type { AggregatePlan, PlanRow } from '../../../src/core/plan/plan';
import { asExecutor } from '../../../src/core/plan/target';
import { ConcurrentJobs } from '../../../src/core/profile/concurrent';
import { profileDataset } from '../../../src/core/profile/profileDataset';

/**
 * Issue 18 (profile speed): on the embedded engine the profile runs its independent statements at once (first
 * pass, distinct-count samples, duplicate sample; value counts/top values beside the fine bins). The report must
 * be the one the same statements give one at a time, and a failing statement must stop the others and be the
 * error reported, with nothing left running.
 */
describe('profile statements at once on the embedded engine', function () {
  this.timeout(120_000);
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    // 24,500 rows above an exact-size limit of 1,000: fine bins (x; u with a value on a histogram edge that its
    // fine bin puts one bin low, so the edge is counted exactly; y with a dense cluster, so quantiles are refined),
    // value counts (k), top values (c), a date, a mostly-empty column and 500 repeated rows (the duplicate estimate).
    const row = (i: string) => `(hash(${i}, 1) % 100000)::DOUBLE / 7 AS x, (${i} % 37)::BIGINT AS k, ['a', 'b', 'c'][1 + (${i} % 3)::INTEGER] AS c,
      DATE '2026-01-01' + (${i} % 300)::INTEGER AS d, CASE WHEN ${i} % 97 = 0 THEN 'note ' || (${i} % 5)::VARCHAR END AS t,
      CASE ${i} WHEN 0 THEN 0.1 WHEN 1 THEN 0.9 WHEN 2 THEN 0.18 ELSE 0.1 + 0.8 * ((hash(${i}, 5) % 1000000)::DOUBLE / 1000000) END AS u,
      CASE WHEN ${i} % 2 = 0 THEN 1000 + (${i} % 9973) * 1e-9 ELSE (hash(${i}, 2) % 100000)::DOUBLE / 3 END AS y`;
    await engine.exec(`CREATE TABLE t AS SELECT ${row('i')} FROM range(24000) r(i) UNION ALL SELECT ${row('i')} FROM range(500) r(i)`);
  });
  after(() => engine.close());

  const dataset = async (): Promise<Dataset> => {
    const columns = (await engine.run('DESCRIBE t')).map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
    return { path: 't', format: 'parquet', relation: 't', columns, rows: 24500, issues: [], release: async () => undefined };
  };

  /** The embedded executor seen through a counter of statements in flight; `serial` makes them wait for each other. */
  function watched(serial: boolean, failOn?: (plan: AggregatePlan) => boolean) {
    const inner = asExecutor(engine);
    const state = { inFlight: 0, most: 0, statements: 0 };
    let queue: Promise<unknown> = Promise.resolve();
    const track = <T>(body: () => Promise<T>): Promise<T> => {
      const go = async () => {
        state.inFlight++;
        state.statements++;
        state.most = Math.max(state.most, state.inFlight);
        try {
          await new Promise((r) => setTimeout(r, 5)); // long enough for a sibling to start
          return await body();
        } finally {
          state.inFlight--;
        }
      };
      if (!serial) return go();
      const p = queue.then(go, go);
      queue = p.catch(() => undefined);
      return p;
    };
    const exec: PlanExecutor = {
      dialect: inner.dialect,
      engine: inner.engine,
      capabilities: inner.capabilities!,
      run: (plan: AggregatePlan, o?: RunOptions) => track(async () => {
        if (failOn?.(plan)) {
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('injected failure');
        }
        return inner.run(plan, o);
      }),
      runAll: (plans: readonly AggregatePlan[], o?: RunOptions) => track((): Promise<PlanRow[][]> => inner.runAll(plans, o)),
      fast: { ...inner.fast, doubleColumns: (plans: readonly AggregatePlan[], o?: RunOptions) => track(() => inner.fast.doubleColumns!(plans, o)) },
    };
    return { exec, state };
  }

  it('runs statements at once and gives the report of the same statements one at a time', async () => {
    const ds = await dataset();
    const one = watched(true);
    const serial = await profileDataset(one.exec, ds, { exactRowLimit: 1000 });
    const many = watched(false);
    const sql: string[] = [];
    observeStatements((s) => sql.push(s));
    const concurrent = await profileDataset(many.exec, ds, { exactRowLimit: 1000 }).finally(() => observeStatements(undefined));
    assert.ok(sql.some((s) => s.includes('CASE WHEN ("v" <')), 'a histogram edge was counted exactly');
    assert.ok(sql.some((s) => /AS "lo", CAST\(count\(\*\) AS BIGINT\) AS "n"/.test(s)), 'quantile bins were refined');
    assert.equal(one.state.most, 1);
    assert.ok(many.state.most >= 2, `at most ${many.state.most} statement(s) in flight`);
    assert.equal(many.state.statements, one.state.statements);
    assert.ok(concurrent.approximate && concurrent.duplicateRowsEstimate, 'the estimate path ran');
    assert.ok(sql.some((s) => s.includes('::DOUBLE AS o3')), 'fine bins ran');
    assert.deepStrictEqual(concurrent, serial);
    // Below the limit (exact: one first pass) the report is the same whether or not statements overlap.
    assert.deepStrictEqual(await profileDataset(watched(false).exec, ds), await profileDataset(watched(true).exec, ds));
  });

  it('a failing statement is the error reported, and no statement is left running', async () => {
    const ds = await dataset();
    // The duplicate sample (grouped by g) fails while the first pass and the distinct samples run.
    const w = watched(false, (plan) => plan.groupBy?.[0]?.name === 'g');
    await assert.rejects(profileDataset(w.exec, ds, { exactRowLimit: 1000 }), /injected failure/);
    assert.equal(w.state.inFlight, 0);
  });

  it('cancelling the profile stops every statement in flight and rejects with CancelledError', async () => {
    const ds = await dataset();
    const w = watched(false);
    const controller = new AbortController();
    const timer = setInterval(() => { if (w.state.inFlight >= 2) controller.abort(); }, 1);
    try {
      await assert.rejects(profileDataset(w.exec, ds, { exactRowLimit: 1000, signal: controller.signal }), CancelledError);
    } finally {
      clearInterval(timer);
    }
    assert.equal(controller.signal.aborted, true);
    assert.equal(w.state.inFlight, 0);
  });

  it('ConcurrentJobs: the first failure aborts the others, which are awaited; the cause is returned', async () => {
    const parent = new AbortController();
    const jobs = new ConcurrentJobs(parent.signal);
    let siblingDone = false;
    const sibling = jobs.start((signal) => new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => resolve(1), 5_000);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        setTimeout(() => { siblingDone = true; reject(new CancelledError()); }, 30);
      }, { once: true });
    }));
    const failing = jobs.start(async () => {
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('cause');
    });
    await assert.rejects(failing, /cause/);
    assert.equal(jobs.signal.aborted, true);
    const error = await jobs.failed(new CancelledError());
    assert.match(String(error), /cause/);
    assert.equal(siblingDone, true, 'failed() waited for the aborted sibling');
    await assert.rejects(sibling, CancelledError);
    jobs.close();
    // The caller's cancellation reaches every job.
    const jobs2 = new ConcurrentJobs(parent.signal);
    parent.abort();
    assert.equal(jobs2.signal.aborted, true);
    jobs2.close();
  });
});
