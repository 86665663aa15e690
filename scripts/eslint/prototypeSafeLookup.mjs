// ESLint rule `model-lens/prototype-safe-lookup` (type-aware): a lookup keyed by arbitrary text must not reach
// Object.prototype. Issue 17, item 5: columns named `constructor`, `toString` or `__proto__`, an XGBoost objective
// `constructor` and `--threshold __proto__=0.1` broke commands because `obj[name]` on a plain object returns
// inherited members (`obj['constructor']` is the Object function) and `obj['__proto__'] = v` replaces the prototype
// instead of storing a value.
//
// Reported: `obj[key]` (read or write) and `key in obj` where `key` has the type `string` (not a union of literals,
// which is a closed set the code chose) and `obj` is a string-indexed object (Record<string, T>, an index signature,
// or `any`). Allowed: arrays and typed arrays (number keys), a local variable initialised with
// `Object.create(null)` or `dict(…)` (src/core/dict.ts), and reading through `own(obj, key)`. Everything else should
// be a Map.
import { ESLintUtils } from '@typescript-eslint/utils';
import ts from 'typescript';

const NULL_PROTO_FACTORIES = new Set(['dict']);
/** Every member name of Object.prototype ('constructor', 'toString', '__proto__', …). */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/**
 * A template literal whose leading text no Object.prototype member starts with (`d${i}`, `file.${name}`) can
 * never name one, whatever it interpolates: code-chosen aliases such as DuckDB result columns are safe.
 */
function isSafeTemplate(node, isNumber) {
  if (node.type !== 'TemplateLiteral') return false;
  const head = node.quasis[0]?.value.cooked ?? '';
  if (head === '') return false;
  if (!PROTOTYPE_NAMES.some((name) => name.startsWith(head) || head.startsWith(name))) return true;
  // `c${i}` with a number i: what follows the head is a digit, '-', 'N'(aN) or 'I'(nfinity).
  const first = node.expressions[0];
  return first !== undefined && isNumber(first) && !PROTOTYPE_NAMES.some((name) => [...'0123456789-NI'].some((ch) => name.startsWith(head + ch)));
}

/** True for `Object.create(null)` or `dict(…)`, under any `as` casts / parentheses / non-null assertions. */
function isNullPrototypeInit(node) {
  let n = node;
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression')) n = n.expression;
  if (!n || n.type !== 'CallExpression') return false;
  const c = n.callee;
  if (c.type === 'Identifier') return NULL_PROTO_FACTORIES.has(c.name);
  return c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'Object' && c.property.type === 'Identifier' && c.property.name === 'create' && n.arguments.length >= 1 && n.arguments[0].type === 'Literal' && n.arguments[0].value === null;
}

export default ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: 'problem',
    messages: {
      lookup: "'{{text}}': a string key on a plain object can reach Object.prototype ('constructor', '__proto__'). Use a Map, own() from src/core/dict.ts, or a dict()/Object.create(null) local.",
      inOperator: "'{{text}}': `in` sees inherited keys such as 'constructor'. Use Object.hasOwn, or a Map.",
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    const source = context.sourceCode;

    const isWideString = (t) => {
      if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.Any)) return true;
      if (t.flags & ts.TypeFlags.TemplateLiteral) return true;
      return t.isUnion() ? t.types.some(isWideString) : false;
    };
    const isStringIndexed = (t) => {
      const types = t.isUnion() ? t.types : [t];
      return types.some((m) => {
        if (m.flags & ts.TypeFlags.Any) return true;
        if (m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return false;
        if (checker.isArrayType(m) || checker.isTupleType(m)) return false;
        const apparent = checker.getApparentType(m);
        return checker.getIndexInfoOfType(apparent, ts.IndexKind.String) !== undefined;
      });
    };
    const nullPrototypeLocal = (node) => {
      if (node.type !== 'Identifier') return false;
      let scope = source.getScope(node);
      while (scope) {
        const v = scope.set.get(node.name);
        if (v) return v.defs.some((d) => d.type === 'Variable' && d.node.init && isNullPrototypeInit(d.node.init));
        scope = scope.upper;
      }
      return false;
    };
    const typeOf = (node) => services.getTypeAtLocation(node);

    return {
      MemberExpression(node) {
        if (!node.computed) return;
        const key = node.property;
        if (key.type === 'Literal' || isSafeTemplate(key, (n) => (typeOf(n).flags & ts.TypeFlags.NumberLike) !== 0)) return;
        if (!isWideString(typeOf(key))) return;
        if (!isStringIndexed(typeOf(node.object))) return;
        if (nullPrototypeLocal(node.object)) return;
        context.report({ node, messageId: 'lookup', data: { text: source.getText(node).slice(0, 60) } });
      },
      BinaryExpression(node) {
        if (node.operator !== 'in' || node.left.type === 'Literal' || node.left.type === 'PrivateIdentifier') return;
        if (!isWideString(typeOf(node.left))) return;
        if (nullPrototypeLocal(node.right)) return;
        context.report({ node, messageId: 'inOperator', data: { text: source.getText(node).slice(0, 60) } });
      },
    };
  },
});
