import type { Dataset } from '../../../src/core/data/dataset';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset, type ProfileOptions } from '../../../src/core/profile/profileDataset';
import type { DatasetProfile } from '../../../src/core/profile/types';

/** Writes `rows` rows of the column definitions (SQL over `i`, 0…rows − 1) to a Parquet file. */
export async function writeWideParquet(file: string, defs: readonly string[], rows: number): Promise<void> {
  const engine = await Engine.create({ threads: 2 });
  try {
    await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(${rows}) r(i)) TO '${file}' (FORMAT parquet)`);
  } finally {
    engine.close();
  }
}

/**
 * The Parquet file's profile in column batches (with the statements it ran) and the unbatched profile of the same
 * data as one engine table (quantile_cont, the SQL histograms and top values, count(DISTINCT)).
 */
export async function batchedAndWhole(engine: Engine, file: string, options: ProfileOptions & { batchColumns: number }): Promise<{ batched: DatasetProfile; whole: DatasetProfile; sql: string[] }> {
  const ds = await loadDataset(engine, file, { allowFileView: true });
  const sql: string[] = [];
  observeStatements((s) => sql.push(s));
  let batched: DatasetProfile;
  try {
    batched = await profileDataset(engine, ds, options);
  } finally {
    observeStatements(undefined);
  }
  await engine.exec(`CREATE TABLE whole AS SELECT * FROM ${ds.relation}`);
  const { fileScan: _s, fileView: _v, ...rest } = ds;
  const table: Dataset = { ...rest, relation: 'whole', engineTable: true };
  const { batchColumns: _b, ...unbatched } = options;
  return { batched, whole: await profileDataset(engine, table, unbatched), sql };
}
