import type { Dataset } from '../data/dataset';
import type { DatasetFormat } from '../data/formats';
import type { Engine } from '../data/engine';
import { quoteIdent, quoteLiteral } from '../bias/sql';
import { InputError } from '../errors';
import type { ProfilePartial } from './profilePartial';
import { mergeProfilePartials } from './profilePartialMerge';

let sides = 0;
const SIMPLE_TYPE = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL\(\d{1,2}, ?\d{1,2}\)|VARCHAR|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE)$/;

/** Each side rebuilt as a table, without the columns in `skip` (those come from sketches). */
export async function sideTable(engine: Engine, parts: readonly ProfilePartial[], names: readonly string[], skip: ReadonlySet<string> = new Set()): Promise<Dataset> {
  const profile = mergeProfilePartials(parts, [...names]);
  parts.forEach((p, k) => {
    const c = p.columns.find((x) => x.values === null && x.nonNull > 0 && !skip.has(x.name));
    if (c) throw new InputError('DRIFT_NEEDS_VALUES', `merge: column '${c.name}' of ${names[k]} has more than 10,000 distinct values, so its partial result carries a sketch, not its values; drift from partial results is exact only from value maps. For an exact answer run 'model-lens drift' on the files, or make smaller parts (at most 10,000 distinct values per column and part), or leave the column out of the parts; without --exact, 'model-lens merge' estimates that column's drift from the sketches with a stated error.`, { column: c.name, part: names[k] });
  });
  const kept = [...profile.columns.entries()].filter(([, c]) => !skip.has(c.name));
  for (const [, c] of kept) {
    // Types come from the partials (input): only plain type names reach the SQL.
    if (!SIMPLE_TYPE.test(c.type)) throw new InputError('BAD_PARTIAL', `merge: column '${c.name}' has the type '${c.type}', which drift from partial results does not rebuild; run 'model-lens drift' on the files.`, { column: c.name });
  }
  if (parts.some((p) => p.columns.some((c) => c.values?.some(([t]) => t.includes('\u0000'))))) throw new InputError('BAD_PARTIAL', 'merge: a value holds a NUL character; not a partial result Model Lens wrote.');
  const table = `ml_partial_side_${++sides}`;
  const rows = profile.rows;
  const joins: string[] = [];
  const selects: string[] = [];
  for (const [i, col] of kept) {
    const counts = new Map<string, number>();
    for (const p of parts) {
      const c = p.columns[i]!;
      for (const [t, n] of [...(c.values ?? []), ...(c.num?.nonFinite ?? [])]) counts.set(t, (counts.get(t) ?? 0) + n);
    }
    const v = `v${i}`;
    if (counts.size) {
      // Each value repeated as often as it occurs, numbered 1.. so the side's columns line up by position.
      const values = [...counts].map(([t, n]) => `(${quoteLiteral(t)}, ${n})`).join(', ');
      await engine.run(`CREATE TABLE ${table}_${v} AS SELECT row_number() OVER () AS rn, CAST(t AS ${col.type}) AS v FROM (VALUES ${values}) AS m(t, n), range(n)`);
      joins.push(`LEFT JOIN ${table}_${v} ON ${table}_${v}.rn = r.range + 1`);
      selects.push(`${table}_${v}.v AS ${quoteIdent(col.name)}`);
    } else selects.push(`CAST(NULL AS ${col.type}) AS ${quoteIdent(col.name)}`);
  }
  await engine.run(`CREATE TABLE ${table} AS SELECT ${selects.join(', ')} FROM range(${rows}) AS r ${joins.join(' ')} ORDER BY r.range`);
  for (const [i] of kept) await engine.run(`DROP TABLE IF EXISTS ${table}_v${i}`);
  return {
    path: names.join(' + '), format: parts[0]!.format as DatasetFormat, relation: table, columns: kept.map(([, c]) => ({ name: c.name, type: c.type })),
    rows, issues: [], engineTable: true,
    release: async () => { await engine.run(`DROP TABLE IF EXISTS ${table}`); },
  };
}
