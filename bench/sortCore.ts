// Timings of stats/sortDoubles (the project's one sort of doubles) against Float64Array.prototype.sort, the order it
// must reproduce, on one thread: called by bench/sort.mjs (`npm run bench -- --only sort`), prints one JSON line.
import { sortDoubles } from '../src/core/stats/sortDoubles';
import { mulberry32 } from '../src/core/random';

const kinds: Record<string, (r: () => number) => number> = {
  normal: (r) => 50 + 10 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()),
  'rounded to 0.01': (r) => Math.round((50 + 10 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())) * 100) / 100,
  'integers 0–99': (r) => Math.floor(r() * 100),
  'scores in (0, 1)': (r) => 1 / (1 + Math.exp(-3 * (r() - 0.5))),
};
const quick = process.argv.includes('--quick');
const rows: { n: number; kind: string; ms: number; nativeMs: number }[] = [];
for (const n of quick ? [1000, 100_000, 1_000_000] : [1000, 100_000, 1_000_000, 4_000_000]) {
  for (const [kind, draw] of Object.entries(kinds)) {
    const r = mulberry32(n);
    const base = Float64Array.from({ length: n }, () => draw(r));
    const reps = Math.max(1, Math.floor(4e6 / n));
    const best = { ms: Infinity, nativeMs: Infinity };
    // Interleaved, best of 3: the machine is shared.
    for (let k = 0; k < 3; k++) {
      for (const which of ['ms', 'nativeMs'] as const) {
        const t = process.hrtime.bigint();
        for (let j = 0; j < reps; j++) {
          const a = base.slice();
          if (which === 'ms') sortDoubles(a);
          else a.sort();
        }
        best[which] = Math.min(best[which], Number(process.hrtime.bigint() - t) / 1e6 / reps);
      }
    }
    rows.push({ n, kind, ...best });
  }
}
console.log(JSON.stringify(rows));
