import { strict as assert } from 'node:assert';
import { compileRules } from '../../../src/core/rules/compileRules';
import { InputError } from '../../../src/core/errors';

const YAML = `rules:
  - id: non-negative-price
    expr: predicted_price >= 0
  - id: within-3x-cost
    expr: predicted_price <= 3 * unit_cost
    when: category != "luxury"
    severity: warning
`;

describe('rules/compileRules', () => {
  const check = compileRules(YAML);

  it('returns no violations for a good record', () => {
    assert.deepEqual(check({ predicted_price: 10, unit_cost: 5, category: 'basic' }), []);
  });

  it('returns each violated rule with the values it read', () => {
    const v = check({ predicted_price: -20, unit_cost: -10, category: 'basic' });
    assert.deepEqual(v.map((x) => [x.id, x.kind, x.severity]), [['non-negative-price', 'violated', 'error'], ['within-3x-cost', 'violated', 'warning']]);
    assert.deepEqual({ ...v[1]!.values }, { predicted_price: -20, unit_cost: -10, category: 'basic' });
  });

  it('skips a rule whose when is false or null, and does not count null results as violations', () => {
    assert.deepEqual(check({ predicted_price: 100, unit_cost: 1, category: 'luxury' }), []);
    assert.deepEqual(check({ predicted_price: 100, unit_cost: 1, category: null }), []);
    assert.deepEqual(check({ predicted_price: null, unit_cost: 1, category: 'a' }), []);
  });

  it('reports a record it cannot evaluate as kind error instead of throwing', () => {
    const v = check({ predicted_price: '12', unit_cost: 1, category: 'a' });
    assert.deepEqual(v.map((x) => [x.id, x.kind]), [['non-negative-price', 'error'], ['within-3x-cost', 'error']]);
    assert.match(v[0]!.message, /'>=' compares values of one type, but got a string \("12"\) and a number \(0\)/);
    const missing = check({ unit_cost: 1, category: 'a' });
    assert.match(missing[0]!.message, /column 'predicted_price' not found/);
  });

  it('accepts rule objects and is safe with hostile field names', () => {
    const guard = compileRules([{ id: 'proto', expr: '__proto__ is null and constructor > 0' }]);
    assert.equal(guard({ constructor: 1 })[0]!.kind, 'error'); // __proto__ is not an own field
    assert.deepEqual(guard(JSON.parse('{"__proto__": null, "constructor": 1}') as Record<string, unknown>), []);
    assert.equal(guard(JSON.parse('{"__proto__": null, "constructor": -1}') as Record<string, unknown>)[0]!.kind, 'violated');
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it('throws InputError for invalid rules at compile time', () => {
    assert.throws(() => compileRules([{ id: 'x', expr: 'process.exit()' }]), (e: unknown) => e instanceof InputError && e.code === 'EXPR_SYNTAX' && /rule #1 \('x'\)/.test(e.message));
    assert.throws(() => compileRules([{ id: 'x', expr: 'a > 1' }, { id: 'x', expr: 'b > 1' }]), { code: 'RULES_DUPLICATE_ID' });
    assert.throws(() => compileRules('rules:\n  - id: a\n    expr: price + 1\n'), { code: 'EXPR_TYPE' });
  });
});
