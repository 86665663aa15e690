import assert from 'node:assert/strict';
import { formatChange, formatCount, formatInterval, formatNumber, formatPercent, formatPValue, formatRatio, parseShown, pEquals } from '../../../src/core/render/numbers';

describe('numbers: one formatter for every number a person reads (issue 22)', () => {
  it('3 significant digits, never fewer than the integer part, separators, a real minus', () => {
    assert.equal(formatNumber(0.123456), '0.123');
    assert.equal(formatNumber(1234.567), '1,235');
    assert.equal(formatNumber(69765.4), '69,765');
    assert.equal(formatNumber(-4.5678), '\u22124.57');
    assert.equal(formatNumber(0.99951), '1');
    assert.equal(formatNumber(2.5e-6), '2.5e\u22126');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(null), '—');
    assert.equal(formatNumber(Number.NaN), '—');
    assert.equal(formatNumber(Infinity), '∞');
  });

  it('counts with separators', () => {
    assert.equal(formatCount(3300), '3,300');
    assert.equal(formatCount(1234567), '1,234,567');
  });

  it('percentages with sensible precision (regression: "0.9697%")', () => {
    assert.equal(formatPercent(0.009697), '0.97%');
    assert.equal(formatPercent(0.4534), '45.3%');
    assert.equal(formatPercent(0.097), '9.7%');
    assert.equal(formatPercent(0.0005), '0.05%');
    assert.equal(formatPercent(0.00001), '< 0.01%');
    assert.equal(formatPercent(0.99996), '> 99.9%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatPercent(0), '0%');
  });

  it('p-values: "< 0.001" below 0.001, also for underflow (regression: "p = 7.46e-320" beside "p < 1e-300")', () => {
    assert.equal(formatPValue(7.46e-320), '< 0.001');
    assert.equal(formatPValue(0), '< 0.001');
    assert.equal(formatPValue(0.0283), '0.028');
    assert.equal(formatPValue(0.72), '0.72');
    assert.equal(pEquals(0.0283), 'p = 0.028');
    assert.equal(pEquals(1e-9), 'p < 0.001');
  });

  it('changes always say whether they are absolute or relative', () => {
    assert.equal(formatChange(0.102, 'relative'), '+10.2% relative');
    assert.equal(formatChange(-0.007, 'absolute'), '\u22120.007 absolute');
    assert.equal(formatChange(15.2, 'absolute', 'ms'), '+15.2 ms');
    assert.equal(formatChange(-0.007, 'points'), '\u22120.7 pp');
  });

  it('intervals, ratios, and parsing back what was shown', () => {
    assert.equal(formatInterval([0.12, 0.31]), '[0.12, 0.31]');
    assert.equal(formatRatio(0.6234), '0.62×');
    for (const x of [1234.5, -0.00123, 45.3]) assert.ok(Math.abs(parseShown(formatNumber(x)) - x) <= 5e-3 * Math.abs(x));
    assert.equal(parseShown('\u22121,200'), -1200);
  });
});
