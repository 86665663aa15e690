import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';
import type { ExecutorFastPaths, PlanExecutor } from '../../../src/core/plan/executor';
import { asExecutor } from '../../../src/core/plan/target';

type Stream = NonNullable<ExecutorFastPaths['streamDoubles']>;

/** The embedded executor with its streamed passes after the first `clean` changed by `change`. */
function withPasses(engine: Engine, clean: number, change: (stream: Stream, ...args: Parameters<Stream>) => Promise<void>): PlanExecutor {
  const base = asExecutor(engine);
  const stream = base.fast.streamDoubles!.bind(base.fast);
  let calls = 0;
  const exec = Object.create(base) as PlanExecutor & { fast: ExecutorFastPaths };
  Object.defineProperty(exec, 'fast', { value: { ...base.fast, streamDoubles: (...args: Parameters<Stream>) => (++calls <= clean ? stream(...args) : change(stream, ...args)) } });
  return exec;
}

/**
 * Review of the grouped bucket read (compareSides.ts): a group whose values disagree with its grids is read
 * column by column, but any other failure of its pass (here a read error) is the run's, not swallowed.
 */
describe('drift: failures of the grouped bucket read', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-bucket-errors-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('rethrows a failed pass, and reads a group column by column only when its values disagree with the grids', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const files = [0, 1].map((side) => join(dir, `side${side}.parquet`));
      for (const [side, f] of files.entries()) {
        const cols = ['a', 'b', 'c'].map((name, j) => `(hash(i, ${side}, ${j}) % 100000) / ${j + 7}.0 AS ${name}`);
        await engine.exec(`COPY (SELECT ${cols.join(', ')} FROM range(30000) t(i)) TO '${f}' (FORMAT parquet)`);
      }
      const ds = await openDriftDatasets(engine, files);
      const expected = await runDrift(engine, ds[0]!, ds[1], {});
      // The two grid passes run unchanged; then the bucket pass of each side fails.
      const failing = withPasses(engine, 2, async () => {
        throw new Error('read error: disk gone');
      });
      await assert.rejects(runDrift(failing, ds[0]!, ds[1], {}), /read error: disk gone/);
      // A pass that loses a row of every batch: the counts disagree with the grids, and the columns are read one by one.
      const losing = withPasses(engine, 2, (stream, source, exprs, visit, options) => stream(source, exprs, (cols, n) => visit(cols, n - 1), options));
      assert.deepEqual(await runDrift(losing, ds[0]!, ds[1], {}), expected);
      for (const d of ds) await d.release();
    } finally {
      engine.close();
    }
  });
});
