import type { Dataset } from '../../core/data/dataset';
import type { Engine } from '../../core/data/engine';
import { quoteIdent } from '../../core/data/sql';
import { profileDataset } from '../../core/profile/profileDataset';
import type { ColumnProfile } from '../../core/profile/types';

/** Columns profiled per pass: the first headers fill in after one small pass instead of after the whole profile. */
const BATCH = 6;

/**
 * The data viewer's one use of profileDataset: the profile streamed to the header cells in batches of columns (the
 * first columns first), each batch an engine view over those columns that profileDataset profiles as it does a
 * file; before each batch it waits for `idle` (no grid query running). Per-column results equal the whole-file profile's (dataset-level figures such as duplicate rows are not
 * used here). Stops between batches when `signal` aborts.
 */
export async function streamProfile(engine: Engine, ds: Dataset, send: (columns: ColumnProfile[], done: boolean) => void, signal: AbortSignal, idle: () => Promise<void> = async () => undefined): Promise<void> {
  const columns = ds.columns;
  for (let i = 0; i < columns.length; i += BATCH) {
    await idle(); // the grid's own queries (pages, sorts) go first
    if (signal.aborted) return;
    const batch = columns.slice(i, i + BATCH);
    const view = quoteIdent(engine.uniqueName('profile_cols'));
    await engine.exec(`CREATE VIEW ${view} AS SELECT ${batch.map((c) => quoteIdent(c.name)).join(', ')} FROM ${ds.relation}`);
    try {
      const profile = await profileDataset(engine, { ...ds, relation: view, columns: batch, issues: [] }, { signal, duplicates: false });
      send(profile.columns, i + BATCH >= columns.length);
    } finally {
      await engine.exec(`DROP VIEW IF EXISTS ${view}`).catch(() => undefined);
    }
  }
}
