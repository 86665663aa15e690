/**
 * Typed AST of the business-rules expression language.
 *
 * Every node carries the span of source text it came from: `start`/`end` are UTF-16 offsets into the
 * expression (end exclusive), `line`/`column` are 1-based and point at `start` — the same convention as
 * VS Code positions, so an error can be underlined exactly.
 */

export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

/** The whitelist of callable functions; nothing else can be called. */
export const FUNCTION_NAMES = [
  'abs', 'min', 'max', 'round', 'floor', 'ceil', 'log', 'exp', 'sqrt', 'len', 'lower', 'upper', 'coalesce',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export type Expr =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'boolean'; value: boolean; span: Span }
  | { kind: 'null'; span: Span }
  | { kind: 'column'; name: string; span: Span }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'in'; negated: boolean; value: Expr; list: Expr[]; span: Span }
  | { kind: 'between'; negated: boolean; value: Expr; low: Expr; high: Expr; span: Span }
  | { kind: 'isNull'; negated: boolean; value: Expr; span: Span }
  | { kind: 'call'; name: FunctionName; args: Expr[]; span: Span };

export const ARITHMETIC_OPS: readonly BinaryOp[] = ['+', '-', '*', '/', '%', '^'];
export const COMPARISON_OPS: readonly BinaryOp[] = ['=', '!=', '<', '<=', '>', '>='];

/** Direct children of a node, in source order. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'in':
      return [e.value, ...e.list];
    case 'between':
      return [e.value, e.low, e.high];
    case 'isNull':
      return [e.value];
    case 'call':
      return e.args;
    default:
      return [];
  }
}

/** Names of all columns an expression reads, in first-use order, without duplicates (iterative walk). */
export function columnsOf(e: Expr): string[] {
  const seen = new Set<string>();
  const stack: Expr[] = [e];
  const out: string[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'column' && !seen.has(node.name)) {
      seen.add(node.name);
      out.push(node.name);
    }
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** Height of the tree (a leaf has depth 1), computed without recursion so huge trees cannot overflow the stack. */
export function depthOf(e: Expr): number {
  let max = 0;
  const stack: Array<[Expr, number]> = [[e, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of children(node)) stack.push([c, d + 1]);
  }
  return max;
}
