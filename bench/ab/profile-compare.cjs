// Compares two profile reports: identical but the mean and std of numeric columns (DuckDB's parallel avg and
// stddev_samp vary in the last digits from run to run), for which the largest relative difference is printed.
'use strict';
const { readFileSync } = require('node:fs');
const [a, b] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
let worst = 0;
const mask = (r) => ({ ...r, columns: r.columns.map((c) => (c.numeric ? { ...c, numeric: { ...c.numeric, mean: 0, std: 0 } } : c)) });
a.columns.forEach((c, i) => {
  for (const k of ['mean', 'std']) {
    const x = c.numeric?.[k], y = b.columns[i]?.numeric?.[k];
    if (typeof x === 'number' && typeof y === 'number' && x !== y) worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
});
const same = JSON.stringify(mask(a)) === JSON.stringify(mask(b));
console.log(`  reports ${same ? 'identical' : 'DIFFER'} but mean/std (largest relative difference ${worst.toExponential(1)})`);
process.exitCode = same ? 0 : 1;
