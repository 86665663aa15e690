import { arr, obj } from '../http';

/**
 * Bytes and rows a Trino-family engine (Trino, Presto, Athena engine v3) expects to read, from the JSON of
 * `EXPLAIN (TYPE IO, FORMAT JSON)`: the sum over `inputTableColumnInfos[].estimate`. A connector without
 * statistics writes "NaN" there; the figure is then null (unknown).
 */
export function ioEstimate(planJson: string): { bytes: number | null; rows: number | null } {
  const plan = obj(JSON.parse(planJson || '{}'));
  let bytes: number | null = 0;
  let rows: number | null = 0;
  for (const input of arr(plan['inputTableColumnInfos'])) {
    const e = obj(obj(input)['estimate']);
    const b = Number(e['outputSizeInBytes']);
    const n = Number(e['outputRowCount']);
    bytes = Number.isFinite(b) && bytes !== null ? bytes + b : null;
    rows = Number.isFinite(n) && rows !== null ? rows + n : null;
  }
  return { bytes, rows };
}
