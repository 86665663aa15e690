import { InputError } from '../../errors';
import { getDriftTest } from '../../drift/registry';
import { isDrifted } from '../../drift/isDrifted';
import { orderedBuckets, type LogSketch } from '../sketch';
import { fmt, pairedColumns, type Finding, type HealthCheck } from '../check';

/** Bins of the distribution check: up to this many groups of baseline sketch buckets of about equal mass. */
export const DISTRIBUTION_BINS = 10;

/**
 * Counts of two sketches over shared bins: consecutive buckets of the baseline's sketch grouped into
 * DISTRIBUTION_BINS bins of about equal baseline mass (a bucket is never split, so a bin is a union of buckets
 * of the fixed grid); a current bucket goes to the first bin whose largest value is ≥ its value (the last bin
 * beyond). Keys are 'b0' … in value order.
 */
export function binnedSketches(base: LogSketch, cur: LogSketch): { reference: Map<string, number>; current: Map<string, number> } {
  const buckets = orderedBuckets(base);
  const n = buckets.reduce((a, b) => a + b.count, 0);
  const uppers: number[] = [];
  const reference = new Map<string, number>();
  let cum = 0;
  let bin = 0;
  for (const b of buckets) {
    cum += b.count;
    reference.set(`b${bin}`, (reference.get(`b${bin}`) ?? 0) + b.count);
    uppers[bin] = b.value;
    if (cum >= ((bin + 1) * n) / DISTRIBUTION_BINS) bin += 1;
  }
  const current = new Map<string, number>();
  const last = uppers.length - 1;
  for (const b of orderedBuckets(cur)) {
    let k = uppers.findIndex((u) => u >= b.value);
    if (k < 0) k = last;
    current.set(`b${k}`, (current.get(`b${k}`) ?? 0) + b.count);
  }
  return { reference, current };
}

/**
 * An unexpected distribution: a drift test from the drift registry (default PSI) on the baseline's histogram
 * against the current data's — numeric columns over binnedSketches, categorical and boolean columns over
 * category counts. `threshold` defaults to the test's own default (PSI 0.1).
 */
export const distributionCheck: HealthCheck = {
  id: 'distribution',
  title: 'Unexpected distribution',
  threshold: "the drift test's threshold (PSI: drifted at ≥ 0.1)",
  defaultThreshold: NaN,
  severity: 'warning',
  run(ctx) {
    const test = getDriftTest(ctx.distributionTest);
    if (!test.appliesTo.includes('categorical')) {
      throw new InputError('BAD_ARGUMENT', `the distribution check compares histograms, so it needs a drift test on binned counts (psi, jensenshannon, hellinger, kl_div, tvd, chisquare …); '${test.id}' takes raw values.`, { test: test.id });
    }
    const threshold = Number.isNaN(ctx.threshold) ? test.defaultThreshold : ctx.threshold;
    const out: Finding[] = [];
    for (const { base, cur } of pairedColumns(ctx)) {
      let ref: Map<string, number>;
      let now: Map<string, number>;
      let detail = '';
      if (base.numeric && cur.numeric) {
        ({ reference: ref, current: now } = binnedSketches(base.numeric.sketch, cur.numeric.sketch));
        detail = `; median ${fmt(base.numeric.quantiles['p50'])} → ${fmt(cur.numeric.quantiles['p50'])}`;
      } else if (base.categories && cur.categories) {
        ref = new Map(base.categories);
        now = new Map(cur.categories);
      } else continue;
      if (![...ref.values()].some((x) => x > 0) || ![...now.values()].some((x) => x > 0)) continue;
      const r = test.run({ kind: 'categorical', counts: ref }, { kind: 'categorical', counts: now });
      const drifted = isDrifted(test, r.score, threshold);
      const cmp = test.scoreKind === 'pValue' ? (drifted ? '<' : '≥') : drifted ? '≥' : '<';
      const message = `column '${base.name}': ${drifted ? 'distribution differs from the baseline' : 'distribution close to the baseline'} (${test.label} ${fmt(r.score)} ${cmp} ${fmt(threshold)})${detail}`;
      // The histograms themselves are the evidence: shares per bin (numeric) or per category (baseline's first 20, then new ones).
      const keys = base.numeric ? [...ref.keys()] : [...ref.keys(), ...[...now.keys()].filter((k) => !ref.has(k))].slice(0, 20);
      const shares = (m: Map<string, number>) => {
        const total = [...m.values()].reduce((a, b) => a + b, 0);
        return keys.map((k) => Number(((m.get(k) ?? 0) / total).toFixed(4)));
      };
      out.push({ column: base.name, violated: drifted, message, observed: { test: test.id, score: r.score, bins: shares(now) }, expected: { threshold, bins: shares(ref), ...(base.numeric ? {} : { categories: keys }) } });
    }
    return out;
  },
};
