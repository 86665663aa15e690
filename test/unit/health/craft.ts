// Shared by the health unit tests: broken copies of sample/loans_reference.csv written with DuckDB's COPY.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import type { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteLiteral } from '../../../src/core/data/sql';

export const SAMPLE = join(__dirname, '../../../sample/loans_reference.csv');
const dir = mkdtempSync(join(tmpdir(), 'ml-health-'));
let k = 0;

/** Writes `SELECT …` (which may read the table `ref`) to a new CSV file and opens it as a dataset. */
export async function craft(engine: Engine, ref: Dataset, select: string, name = 'crafted'): Promise<Dataset> {
  k += 1;
  const path = join(dir, `${name}_${k}.csv`);
  await engine.exec(`COPY (${select.replace(/\bref\b/g, ref.relation)}) TO ${quoteLiteral(path)} (HEADER, DELIMITER ',')`);
  return loadDataset(engine, path);
}
