/**
 * Public entry of the business-rules engine (intended as the `model-lens/rules` export).
 *
 * Language summary (details in parser.ts, evaluate.ts, functions.ts, toSql.ts):
 * - Values: numbers (IEEE doubles), "strings" or 'strings' with \\ \" \' \n \t \r escapes, true, false, null.
 *   Columns by bare name, or `quoted with backticks` for any other name (a literal backtick doubled).
 * - Precedence, loosest first: or < and < not < comparisons/in/between/is null < + - < * / % < unary - < ^.
 * - Functions: abs, min, max, round, floor, ceil, log (natural), exp, sqrt, len, lower, upper, coalesce.
 * - Nulls: SQL three-valued logic. A rule row is a violation only when `when` is true (or absent) and `expr`
 *   is false; a null `expr` is not a violation and is counted in `nullResults`; a null `when` skips the row.
 * - Limits: 65,536 characters and 100 levels of nesting (EXPR_TOO_LONG / EXPR_TOO_DEEP).
 * - Safety: a hand-written parser, no eval/Function; columns read only as own properties of the row; SQL built
 *   only from quoted identifiers, escaped strings, validated numbers and whitelisted functions.
 */
export type { Expr, Span, FunctionName } from './ast';
export { FUNCTION_NAMES } from './ast';
export { parseExpression, MAX_DEPTH, MAX_EXPR_LENGTH } from './parser';
export { compileExpression, evaluate } from './evaluate';
export type { Row, Evaluator } from './evaluate';
export { toSql, quoteIdent, quoteString, duckdbColumnType } from './toSql';
export { checkTypes } from './typeCheck';
export type { ColumnType, StaticType } from './typeCheck';
export type { Rule, Severity } from './rule';
export { checkRule } from './rule';
export { checkRulesFile, parseRulesFile } from './rulesFile';
export type { RulesFileProblem } from './rulesFile';
export { compileRules } from './compileRules';
export type { Violation, RuleInput } from './compileRules';
export { validateRules } from './validate';
export type { RulesReport, RuleResult, RuleExample, SqlSource, RecordsSource } from './validate';
export type { Value } from './values';
