import { InputError } from '../errors';
import type { Span } from './ast';

/** Stable error codes of the expression language (tests assert them). */
export type ExprErrorCode =
  | 'EXPR_EMPTY'
  | 'EXPR_TOO_LONG'
  | 'EXPR_TOO_DEEP'
  | 'EXPR_SYNTAX'
  | 'EXPR_UNKNOWN_FUNCTION'
  | 'EXPR_ARITY'
  | 'EXPR_TYPE'
  | 'COLUMN_NOT_FOUND';

let cachedSource = '';
let cachedLineStarts: number[] = [0];

/** Offsets where each line of `source` starts; cached for the last source, so spans cost O(log n). */
function lineStarts(source: string): number[] {
  if (source !== cachedSource) {
    const starts = [0];
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    cachedSource = source;
    cachedLineStarts = starts;
  }
  return cachedLineStarts;
}

/** The span of `[start, end)` in `source`, with 1-based line and column of `start` (UTF-16 columns, as VS Code). */
export function spanAt(source: string, start: number, end: number): Span {
  const starts = lineStarts(source);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= start) lo = mid;
    else hi = mid - 1;
  }
  return { start, end, line: lo + 1, column: start - starts[lo]! + 1 };
}

/** The offending source line with a caret under the span, for messages shown in a terminal or hover. */
function snippet(source: string, span: Span): string {
  const lineStart = span.start - (span.column - 1);
  let lineEnd = source.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = source.length;
  // Control characters are shown as U+FFFD (one for one, so the caret stays aligned), never echoed.
  const text = source.slice(lineStart, lineEnd).replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '\uFFFD');
  if (text.length > 200) return '';
  const width = Math.max(1, Math.min(span.end, lineEnd) - span.start);
  return `\n  ${text}\n  ${' '.repeat(span.column - 1)}${'^'.repeat(width)}`;
}

/**
 * An InputError located in an expression. The message ends with "(line L, column C)" and, when the source
 * is known, the line with a caret; `details` carries `{ start, end, line, column }` for editors.
 */
export function exprError(code: ExprErrorCode, message: string, span: Span, source?: string): InputError {
  const where = ` (line ${span.line}, column ${span.column})`;
  const shown = source === undefined ? '' : snippet(source, span);
  return new InputError(code, message + where + shown, {
    start: span.start,
    end: span.end,
    line: span.line,
    column: span.column,
  });
}
