import assert from 'node:assert/strict';
import { checkableMetrics } from '../../../src/core/bias/checks';
import { BASE_METRICS } from '../../../src/core/bias/metrics';
import { DRIFT_TESTS } from '../../../src/core/drift/registry';
import { HEALTH_CHECKS } from '../../../src/core/health/registry';
import { humanize, looksRaw, term, VOCABULARY } from '../../../src/core/render/vocabulary';
import { EVAL_METRICS } from '../../../src/core/versions/metrics';

describe('vocabulary: one table of display names and definitions (no raw ids as labels)', () => {
  it('names and defines every metric, test and check id a report can carry', () => {
    const ids = [...BASE_METRICS.map((m) => m.id).filter((id) => id !== 'baseRate' || VOCABULARY.has(id)), ...checkableMetrics(), ...DRIFT_TESTS.map((t) => t.id), ...HEALTH_CHECKS.map((c) => c.id), ...EVAL_METRICS.map((m) => m.id).filter((id) => !['precision', 'accuracy'].includes(id))];
    const missing = ids.filter((id) => !VOCABULARY.has(id));
    assert.deepEqual(missing, [], 'ids without a display name and definition');
    for (const id of ids) {
      const t = term(id);
      assert.ok(!looksRaw(t.name), `${id}: the display name '${t.name}' looks like an identifier`);
      assert.ok(t.definition.length > 10, `${id}: a one-line definition`);
    }
    assert.equal(term('demographicParityRatioToOverall').name, 'Demographic parity ratio to overall');
  });

  it('humanizes unknown ids instead of showing them raw', () => {
    assert.equal(humanize('someNewMetric'), 'Some new metric');
    assert.equal(humanize('log_loss'), 'Log loss');
    assert.ok(!looksRaw(term('brandNewThing').name));
  });

  it('looksRaw spots camelCase ids and JSON, not ordinary words or snake_case column names', () => {
    assert.ok(looksRaw('demographicParityRatioToOverall'));
    assert.ok(looksRaw('{"min":1.2}'));
    assert.ok(!looksRaw('Demographic parity ratio'));
    assert.ok(!looksRaw('loan_amount'));
  });
});
