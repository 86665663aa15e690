/**
 * One-off timing (not part of the mocha run): a 10M-row dataset with 3 sensitive attributes
 * (3, 20 and 5 levels incl. NULL), generated inside DuckDB from range() with hash-based
 * pseudo-random values and written to /tmp as Parquet; then the full audit() without bootstrap
 * (validation queries + ONE GROUPING SETS query over 3 attributes and their 4 intersections),
 * and the alternative plan (GROUP BY the full intersection, roll-up in memory).
 *
 *   npx tsx test/unit/bias/perf10m.ts
 */
import { existsSync } from 'node:fs';
import { audit } from '../../../src/core/bias/audit';
import { memoryDb } from './helpers';

const FILE = '/tmp/model-lens-bias-10m.parquet';

async function main(): Promise<void> {
  const db = await memoryDb();
  await db.execute('SET threads TO 2');
  if (!existsSync(FILE)) {
    const t0 = performance.now();
    await db.execute(`COPY (
      SELECT
        ['female', 'male', 'nonbinary'][(1 + hash(i * 8 + 1) % 3)::BIGINT] AS gender,
        'r' || (1 + hash(i * 8 + 2) % 20)::VARCHAR AS region,
        CASE WHEN hash(i * 8 + 3) % 5 = 0 THEN NULL ELSE ['<30', '30-50', '>50', '70+'][(1 + hash(i * 8 + 4) % 4)::BIGINT] END AS age,
        (hash(i * 8 + 5) % 1000 < 400)::INTEGER AS y,
        (hash(i * 8 + 6) % 1000) / 1000.0 AS score,
        (hash(i * 8 + 6) % 1000 >= 500)::INTEGER AS pred
      FROM range(10000000) t(i)) TO '${FILE}' (FORMAT PARQUET)`);
    console.log(`generated ${FILE} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  const from = `read_parquet('${FILE}')`;
  for (const run of [1, 2]) {
    for (const strategy of ['groupingSets', 'finest'] as const) {
      const t0 = performance.now();
      const r = await audit(db.execute, from, { dataset: FILE, sensitive: ['gender', 'region', 'age'], label: 'y', prediction: 'pred', favorable: 1, strategy });
      const ms = performance.now() - t0;
      const groups = r.attributes.reduce((s, a) => s + a.groups.length, 0);
      console.log(`${strategy} run ${run}: ${r.rows} rows, ${r.attributes.length} attribute sets, ${groups} groups: ${(ms / 1000).toFixed(2)} s`);
    }
  }
  db.close();
}

void main();
