import type { Engine } from '../data/engine';

/**
 * Sets the engine's worker threads to one and returns what restores them (call it in a finally), or undefined
 * when there was one thread already (issue 18: the wide profile's column batches). A batch of a wide file is at
 * most one row group (122,880 rows) per column, so a second thread mostly adds coordination: 81 columns × 100k
 * rows of Parquet copied into an engine table cost 1.4–2.1 CPU-s on two threads against 0.53–0.68 on one, and a
 * whole 160 × 100k profile 7.6 CPU-s against 4.6 (400 × 10k: 3.6 against 2.8), with no more wall time on the
 * 2-core machine. The setting is the database's: statements of other analyses running meanwhile get one thread
 * too until it is restored.
 */
export async function singleThread(engine: Engine): Promise<(() => Promise<void>) | undefined> {
  const rows = await engine.run(`SELECT current_setting('threads') AS v`);
  const threads = Number(rows[0]?.['v']);
  if (!Number.isInteger(threads) || threads <= 1) return undefined;
  await engine.exec('SET threads = 1');
  return async () => {
    await engine.exec(`SET threads = ${threads}`).catch(() => undefined);
  };
}
