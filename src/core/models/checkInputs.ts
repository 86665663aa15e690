import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { InputError } from '../errors';
import { categorySql } from './featureSql';
import type { FeatureInput } from './types';

const EXAMPLES = 5;

/**
 * Refuses a dataset that the model itself would refuse (scikit-learn raises on these rows): a missing value in a
 * column the estimator cannot take missing (FEATURE_MISSING_VALUE), or a category an OneHotEncoder fitted with
 * handle_unknown='error' never saw (FEATURE_UNKNOWN_CATEGORY). One aggregate query over the dataset.
 */
export async function checkInputs(engine: Engine, ds: Dataset, inputs: readonly (FeatureInput | null)[], columns: readonly string[], options: RunOptions = {}): Promise<void> {
  const parts: string[] = [];
  const checks: { kind: 'missing' | 'unknown'; column: string; known?: readonly (string | number)[] }[] = [];
  columns.forEach((column, j) => {
    const input = inputs[j];
    const x = quoteIdent(column);
    if (input?.refusesMissing && !input.categories) {
      const bad = `${x} IS NULL OR isnan(TRY_CAST(${x} AS DOUBLE))`;
      parts.push(`count(*) FILTER (WHERE ${bad})`, 'NULL');
      checks.push({ kind: 'missing', column });
    }
    if (input?.categories?.unknown === 'error') {
      const bad = `(${categorySql(column, input.categories)}) = -1`;
      parts.push(`count(*) FILTER (WHERE ${bad})`, `list_distinct(list(CAST(${x} AS VARCHAR)) FILTER (WHERE ${bad}))[1:${EXAMPLES}]`);
      checks.push({ kind: 'unknown', column, known: input.categories.values });
    }
  });
  if (checks.length === 0) return;
  const rows = await engine.run(`SELECT ${parts.map((p, i) => `${p} AS c${i}`).join(', ')} FROM ${ds.relation}`, options);
  const row = rows[0] ?? {};
  checks.forEach((c, i) => {
    const count = Number(row[`c${2 * i}`] ?? 0);
    if (count === 0) return;
    if (c.kind === 'missing') {
      throw new InputError(
        'FEATURE_MISSING_VALUE',
        `Column '${c.column}' has ${count} missing value${count === 1 ? '' : 's'}, and the model cannot take a missing value there (scikit-learn refuses such rows too). Fill them in first, or use a model that handles them (a Pipeline with a SimpleImputer, or HistGradientBoosting).`,
        { column: c.column, count },
      );
    }
    const raw = row[`c${2 * i + 1}`];
    const examples = (Array.isArray(raw) ? raw : []).map((v) => (v === null ? 'a missing value' : `'${String(v)}'`));
    const known = (c.known ?? []).filter((v) => typeof v !== 'number' || !Number.isNaN(v)).slice(0, 10).map((v) => (typeof v === 'string' && v.startsWith('\u0000') ? 'None' : String(v)));
    throw new InputError(
      'FEATURE_UNKNOWN_CATEGORY',
      `Column '${c.column}' holds ${examples.join(', ') || 'values'} (${count} row${count === 1 ? '' : 's'}) that its OneHotEncoder never saw in training; it was fitted with handle_unknown='error', so scikit-learn refuses these rows too. Known categories: ${known.join(', ')}${(c.known?.length ?? 0) > 10 ? ', …' : ''}.`,
      { column: c.column, count, examples },
    );
  });
}
