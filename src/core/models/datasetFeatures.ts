import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { InputError } from '../errors';
import { featureMapping } from './featureMapping';
import { checkInputs } from './checkInputs';
import type { Model } from './types';

/** DuckDB types that cast to DOUBLE without loss of meaning (BOOLEAN → 0/1). */
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|BOOLEAN|DECIMAL(\(\d+,\s*\d+\))?)$/i;

/**
 * The dataset columns that feed the model's features, in feature order, with the same rules as
 * `featureMapping` (by name when the model stores feature names, else the first numFeatures columns in
 * order). Each column must be numeric or boolean in the engine; a text (or date, …) column fails unless it
 * holds only NULLs (all missing). Features the model reads as categories (model.inputs, scikit-learn's
 * OneHotEncoder) take any column type; checkInputs then refuses what scikit-learn would refuse.
 *
 * @throws InputError FEATURE_MISSING — a model feature has no dataset column (lists the columns).
 * @throws InputError FEATURE_TYPE — a mapped column is not numeric; names the column, its type and a value.
 * @throws InputError FEATURE_MISSING_VALUE / FEATURE_UNKNOWN_CATEGORY — see checkInputs.
 */
export async function datasetFeatures(engine: Engine, ds: Dataset, model: Pick<Model, 'numFeatures' | 'featureNames' | 'inputs'>, options: RunOptions = {}): Promise<string[]> {
  const { columns } = featureMapping(model, ds.columns.map((c) => ({ name: c.name, values: [] })));
  const typeOf = new Map(ds.columns.map((c) => [c.name, c.type]));
  for (const [j, name] of columns.entries()) {
    if (model.inputs?.[j]?.categories) continue;
    const type = typeOf.get(name)!;
    if (NUMERIC_TYPE.test(type)) continue;
    const x = quoteIdent(name);
    const rows = await engine.run(`SELECT ${x}::VARCHAR AS v FROM ${ds.relation} WHERE ${x} IS NOT NULL LIMIT 1`, options);
    if (rows.length === 0) continue;
    const example = String(rows[0]!['v']);
    throw new InputError(
      'FEATURE_TYPE',
      `Column '${name}' is used as a numeric model feature but has type ${type} (e.g. ${JSON.stringify(example.slice(0, 40))}). Encode it numerically before predicting or explaining.`,
      { column: name, type, value: example },
    );
  }
  if (model.inputs) await checkInputs(engine, ds, model.inputs, columns, options);
  return columns;
}
