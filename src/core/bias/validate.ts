import { InputError } from '../errors';
import { matchesFavorable } from './confusionFromArrays';
import type { SqlScalar } from './confusionSql';
import { quoteIdent } from './sql';
import type { ConfusionTable, ExecuteSql } from './types';

/**
 * Input checks for the audit, run as small SQL queries before the main scan. Each failure is an
 * InputError with a stable code: COLUMN_NOT_FOUND, BAD_ARGUMENT, LABEL_NOT_BINARY,
 * PREDICTION_NOT_BINARY, FAVORABLE_NOT_FOUND, PREDICTION_LABEL_MISMATCH, SCORE_NOT_NUMERIC, NOT_NUMERIC,
 * PRIVILEGED_NOT_FOUND, SCORE_OUT_OF_RANGE (scoreMetrics.ts), NO_DATA_ROWS.
 */
export async function columnTypes(execute: ExecuteSql, from: string): Promise<Map<string, string>> {
  const rows = await execute(`DESCRIBE SELECT * FROM ${from}`);
  return new Map(rows.map((r) => [String(r['column_name']), String(r['column_type'])]));
}

export function requireColumns(types: Map<string, string>, wanted: Record<string, string | undefined>): void {
  for (const [role, col] of Object.entries(wanted)) {
    if (col === undefined) continue;
    if (!types.has(col)) {
      throw new InputError('COLUMN_NOT_FOUND', `${role} column '${col}' not found; columns are: ${[...types.keys()].join(', ')}. Check the spelling (names are case-sensitive).`, { role, column: col, columns: [...types.keys()] });
    }
  }
}

/** Distinct non-null values of a column (at most `limit`). */
export async function distinctValues(execute: ExecuteSql, from: string, column: string, limit: number): Promise<SqlScalar[]> {
  const rows = await execute(`SELECT DISTINCT ${quoteIdent(column)} AS v FROM ${from} WHERE ${quoteIdent(column)} IS NOT NULL ORDER BY 1 LIMIT ${Math.floor(limit)}`);
  return rows.map((r) => r['v'] as SqlScalar);
}

/** A label column with no value (every row empty, or NaN) cannot be audited: say so, not "favourable value not found". */
export function requireLabelValues(values: readonly SqlScalar[], column: string): void {
  if (values.some((v) => !(typeof v === 'number' && Number.isNaN(v)))) return;
  throw new InputError(
    'LABEL_EMPTY',
    `label column '${column}' has no values: every row is empty${values.length > 0 ? ' or NaN' : ''}. A bias audit compares predictions with known outcomes; choose the column that holds them (--label), or fill it in.`,
    { column },
  );
}

export function requireBinary(values: readonly SqlScalar[], column: string, role: 'label' | 'prediction'): void {
  if (values.length > 2) {
    const code = role === 'label' ? 'LABEL_NOT_BINARY' : 'PREDICTION_NOT_BINARY';
    throw new InputError(code, `${role} column '${column}' has more than two values (${values.slice(0, 3).map(String).join(', ')}, …) but a binary ${role} was expected. Use the multiclass task (one-vs-rest) or the regression task for continuous targets.`, { column, values: values.map(String) });
  }
}

/** The label value equal to `favorable`, typed as in the column. */
export function resolveFavorable(values: readonly SqlScalar[], favorable: SqlScalar, column: string): SqlScalar {
  const hit = values.find((v) => matchesFavorable(v, favorable));
  if (hit === undefined) {
    throw new InputError('FAVORABLE_NOT_FOUND', `favourable value '${String(favorable)}' does not occur in label column '${column}', whose values are: ${values.map(String).join(', ')}. Pass --favorable with one of them.`, { column, favorable: String(favorable), values: values.map(String) });
  }
  return hit;
}

/** Prediction values must be label values (else every prediction would silently count as negative). */
export function requirePredictionsInLabels(pred: readonly SqlScalar[], labels: readonly SqlScalar[], column: string): void {
  const strange = pred.filter((p) => !labels.some((l) => matchesFavorable(p, l)));
  if (strange.length > 0) {
    throw new InputError('PREDICTION_LABEL_MISMATCH', `prediction column '${column}' has values not seen in the label: ${strange.map(String).join(', ')} (label values: ${labels.map(String).join(', ')}). Predictions must use the label's values.`, { column, values: strange.map(String) });
  }
}

export function requireNumeric(types: Map<string, string>, column: string, role: 'score' | 'label' | 'prediction' = 'score'): void {
  const t = types.get(column) ?? '';
  if (!/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) {
    const need = role === 'score' ? 'a numeric score (e.g. a probability in [0, 1])' : `a numeric ${role} for a regression audit`;
    throw new InputError(role === 'score' ? 'SCORE_NOT_NUMERIC' : 'NOT_NUMERIC', `${role} column '${column}' has type ${t}; ${need} is needed.`, { column, type: t });
  }
}

/** Each `--privileged a=value` must name an existing group of attribute a. */
export function requirePrivilegedGroups(table: ConfusionTable, privileged: Record<string, string>): void {
  for (const [attr, value] of Object.entries(privileged)) {
    const groups = table.groups.filter((g) => g.attribute === attr).map((g) => g.group);
    if (!groups.includes(value)) {
      throw new InputError('PRIVILEGED_NOT_FOUND', `privileged group ${attr}=${value} does not occur; the groups of ${attr} are: ${groups.join(', ')}.`, { attribute: attr, value, groups });
    }
  }
}
