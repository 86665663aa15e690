import type { Engine } from '../data/engine';

/** Per engine: how many callers hold it at one thread, and the thread count to restore when the last one is done. */
const held = new WeakMap<Engine, { holders: number; threads: number; ready: Promise<void> }>();

/**
 * Sets the engine's worker threads to one and returns what restores them (call it in a finally), or undefined
 * when there was one thread already (issue 18: the wide profile's column batches). A batch of a wide file is at
 * most one row group (122,880 rows) per column, so a second thread mostly adds coordination: 81 columns × 100k
 * rows of Parquet copied into an engine table cost 1.4–2.1 CPU-s on two threads against 0.53–0.68 on one, and a
 * whole 160 × 100k profile 7.6 CPU-s against 4.6 (400 × 10k: 3.6 against 2.8), with no more wall time on the
 * 2-core machine. The setting is the database's: statements of other analyses running meanwhile get one thread
 * too until it is restored. Callers that overlap (two wide profiles in the extension host) share the hold: the
 * first records the count, the last restores it (each restoring its own would leave the engine at one thread).
 */
export async function singleThread(engine: Engine): Promise<(() => Promise<void>) | undefined> {
  let h = held.get(engine);
  if (!h) {
    const entry = { holders: 0, threads: 1, ready: Promise.resolve() };
    entry.ready = (async () => {
      const rows = await engine.run(`SELECT current_setting('threads') AS v`);
      const threads = Number(rows[0]?.['v']);
      entry.threads = Number.isInteger(threads) ? threads : 1;
      if (entry.threads > 1) await engine.exec('SET threads = 1');
    })();
    h = entry;
    held.set(engine, h);
  }
  const entry = h;
  entry.holders++;
  try {
    await entry.ready;
  } catch (e) {
    if (--entry.holders === 0) held.delete(engine);
    throw e;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--entry.holders > 0) return;
    held.delete(engine);
    if (entry.threads > 1) await engine.exec(`SET threads = ${entry.threads}`).catch(() => undefined);
  };
}
