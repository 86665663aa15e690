import { mulberry32 } from '../../random';

/**
 * min(k, rows) distinct row indices in [0, rows), drawn uniformly without replacement with a seeded partial
 * Fisher–Yates shuffle (mulberry32), returned sorted. Same seed, same rows.
 */
export function sampleRows(rows: number, k: number, seed: number): number[] {
  const m = Math.max(0, Math.min(k, rows));
  const rng = mulberry32(seed);
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (rows - i));
    const vj = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}
