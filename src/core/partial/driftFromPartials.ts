import type { Engine } from '../data/engine';
import { runDrift } from '../drift/runDrift';
import type { DriftReport } from '../drift/driftReport';
import type { DriftSettings } from '../drift/driftSettings';
import type { ProfilePartial } from './profilePartial';
import { sideTable } from './partialSideTable';
import { driftWithSketches, sketchedColumns } from './driftWithSketches';

/**
 * Drift of the reference parts against the current parts, from their partial profiles (`profile --partial`). Drift
 * tests are per column and read each column's values (or their counts), never how columns pair up in a row; so each
 * side is rebuilt in the engine from its parts' exact value → count maps (every value as often as it occurs, the
 * missing ones as NULL) and the unchanged drift runs on the two tables: the statistics are those of the files.
 * A column with more distinct values than a part carries exactly (10,000) has no value map: refused with
 * DRIFT_NEEDS_VALUES, naming the column and the part, unless `options.sketches` (the CLI's default; `--exact`
 * turns it off): then those columns' drift comes from the parts' sketches with a stated error (driftWithSketches.ts)
 * and every other column stays exact.
 */
export async function driftFromPartials(engine: Engine, reference: readonly ProfilePartial[], current: readonly ProfilePartial[], settings: DriftSettings, names: { reference: readonly string[]; current: readonly string[] }, options: { sketches?: boolean } = {}): Promise<DriftReport> {
  if (options.sketches) {
    const sketched = sketchedColumns(reference, current, names);
    if (sketched.size) return driftWithSketches(engine, reference, current, settings, names, sketched);
  }
  const ref = await sideTable(engine, reference, names.reference);
  const cur = await sideTable(engine, current, names.current);
  try {
    return await runDrift(engine, ref, cur, settings);
  } finally {
    await ref.release();
    await cur.release();
  }
}
