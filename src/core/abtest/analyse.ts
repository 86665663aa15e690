import type { ColumnInfo } from '../data/dataset';
import { quoteIdent } from '../data/sql';
import { CancelledError, InputError } from '../errors';
import { bootstrapMeanDiffAsync } from './bootstrapMeanDiff';
import { compare } from './compare';
import { decide } from './decide';
import { groupStats, mergeStats, metricType, metricValues, requireColumn, type GroupStats, type RunSql } from './gather';
import { cochranQ } from './heterogeneity';
import { holm } from './holm';
import { msprt } from './msprt';
import { srmTest } from './srmTest';
import type { AbtestOptions, AbtestReport, GuardrailResult, MetricComparison, MetricType, SegmentReport, SegmentRow, SequentialReport } from './types';
import { own } from '../dict';

const MAX_VARIANTS = 20;
const MAX_SEGMENT_LEVELS = 50;
const MIN_SEGMENT_UNITS = 30;
const BOOTSTRAP_BUDGET = 1e8;
const MIN_BOOTSTRAP_DRAWS = 200;

/**
 * Analyse an experiment with one row per unit. NULL policy: rows with a NULL variant are left out and counted in
 * `issues`; a metric's NULLs are left out of that metric and counted per arm (`missing`).
 */
export async function analyseAbtest(run: RunSql, relation: string, columns: readonly ColumnInfo[], o: AbtestOptions, signal?: AbortSignal): Promise<AbtestReport> {
  const alpha = o.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw new InputError('BAD_ARGUMENT', `alpha must be in (0, 0.5); got ${alpha}.`);
  requireColumn(columns, o.variant, 'variant');
  if (o.metrics.length === 0) throw new InputError('BAD_ARGUMENT', 'give at least one metric (e.g. converted).');
  const v = `${quoteIdent(o.variant)}::VARCHAR`;
  const counts = await run(`SELECT ${v} AS v, count(*) AS n FROM ${relation} GROUP BY 1 ORDER BY 1`);
  const issues: string[] = [];
  const nullRows = Number(counts.find((r) => r['v'] === null)?.['n'] ?? 0);
  if (nullRows) issues.push(`${nullRows} row(s) with no ${o.variant} were left out.`);
  const present = counts.filter((r) => r['v'] !== null).map((r) => ({ name: String(r['v']), n: Number(r['n']) }));
  if (!present.some((p) => p.name === o.control)) throw new InputError('BAD_ARGUMENT', `control value '${o.control}' not found in column '${o.variant}'; its values are: ${present.slice(0, 20).map((p) => p.name).join(', ')}.`);
  if (present.length < 2) throw new InputError('BAD_ARGUMENT', `column '${o.variant}' has only one value ('${o.control}'); an A/B test needs a control and at least one treatment.`);
  if (present.length > MAX_VARIANTS) throw new InputError('BAD_ARGUMENT', `column '${o.variant}' has ${present.length} distinct values; is it really the variant column? (at most ${MAX_VARIANTS} variants).`);
  const ordered = [present.find((p) => p.name === o.control)!, ...present.filter((p) => p.name !== o.control)];
  const treatments = ordered.slice(1).map((p) => p.name);
  const split = o.expectedSplit ?? ordered.map(() => 1);
  if (split.length !== ordered.length) throw new InputError('BAD_ARGUMENT', `expected split has ${split.length} share(s) but there are ${ordered.length} variants (${ordered.map((p) => p.name).join(', ')}; control first).`);
  const srm = srmTest(ordered.map((p) => p.n), split);
  const where = `${quoteIdent(o.variant)} IS NOT NULL`;
  const checkCancel = () => {
    if (signal?.aborted) throw new CancelledError();
  };

  // Time buckets for the sequential looks: days, or hours when the data spans fewer than 3 days.
  let bucket: string | undefined;
  if (o.timeColumn) {
    requireColumn(columns, o.timeColumn, 'time');
    const ts = `TRY_CAST(${quoteIdent(o.timeColumn)} AS TIMESTAMP)`;
    const [r] = await run(`SELECT count(DISTINCT CAST(${ts} AS DATE)) AS days, count(*) FILTER (WHERE ${ts} IS NULL) AS bad FROM ${relation}`);
    if (Number(r?.['days'] ?? 0) === 0) throw new InputError('BAD_ARGUMENT', `time column '${o.timeColumn}' has no values that read as timestamps (e.g. 2026-03-02 14:05:00).`);
    if (Number(r?.['bad'] ?? 0) > 0) issues.push(`${Number(r?.['bad'])} row(s) with no readable ${o.timeColumn} are left out of the sequential looks.`);
    bucket = Number(r?.['days']) >= 3 ? `CAST(${ts} AS DATE)` : `date_trunc('hour', ${ts})`;
  }

  const analyseMetric = async (metric: string, role: string): Promise<MetricComparison[]> => {
    checkCancel();
    const type = await metricType(run, relation, columns, metric, role);
    const byVariant = new Map((await groupStats(run, relation, metric, [v], where)).map((g) => [g.keys[0]!, g.stats]));
    const c = byVariant.get(o.control);
    if (!c || c.n < 2) throw new InputError('BAD_ARGUMENT', `${role} '${metric}' has fewer than 2 values in the control group '${o.control}'.`);
    const out: MetricComparison[] = [];
    let controlValues: Float64Array | undefined;
    for (const name of treatments) {
      const t = byVariant.get(name);
      if (!t || t.n < 2) {
        issues.push(`'${metric}' has fewer than 2 values in variant '${name}'; not compared.`);
        continue;
      }
      const cmp = compare(type, t, c, alpha);
      const m: MetricComparison = {
        metric, type, variant: name,
        control: summary(type, c), treatment: summary(type, t),
        diff: cmp.diff, ci: cmp.ci, ciMethod: cmp.ciMethod, ...(cmp.waldCi ? { waldCi: cmp.waldCi } : {}),
        relativeLift: cmp.relativeLift, relativeCi: cmp.relativeCi,
        ...(cmp.z !== undefined ? { z: cmp.z } : {}), ...(cmp.t !== undefined ? { t: cmp.t, df: cmp.df ?? NaN } : {}),
        pValue: cmp.pValue, pAdjusted: cmp.pValue, significant: cmp.pValue < alpha,
        missing: { control: c.missing, treatment: t.missing },
      };
      if (type === 'continuous' && role === 'metric' && (o.bootstrapDraws ?? 1000) > 0) {
        // Bound the work at ~10⁸ resampled values (a few seconds); beyond 200 draws' worth the arms are so large
        // that the Welch interval is reliable even for heavy tails, and the bootstrap is skipped (said in issues).
        const requested = o.bootstrapDraws ?? 1000;
        const draws = Math.min(requested, Math.floor(BOOTSTRAP_BUDGET / (t.n + c.n)));
        if (draws < Math.min(requested, MIN_BOOTSTRAP_DRAWS)) {
          issues.push(`'${metric}' ${name}: bootstrap skipped on ${t.n + c.n} units (the Welch CI is reliable at this size).`);
        } else {
          if (draws < requested) issues.push(`'${metric}' ${name}: ${draws} bootstrap draws instead of ${requested}, to bound the time on ${t.n + c.n} units.`);
          controlValues ??= await metricValues(run, relation, metric, o.variant, o.control);
          const tv = await metricValues(run, relation, metric, o.variant, name);
          checkCancel();
          m.bootstrapCi = await bootstrapMeanDiffAsync(tv, controlValues, draws, o.seed ?? 0, alpha, signal);
          m.bootstrapDraws = draws;
        }
      }
      const sd = own(o.mixingSd, metric) ?? 0.1 * Math.abs(c.mean);
      if (sd > 0) m.sequential = await sequential(metric, name, sd * sd, cmp.diff, cmp.variance, t, c);
      out.push(m);
    }
    // Holm across the treatments of this metric.
    const h = holm(out.map((m) => m.pValue), alpha);
    out.forEach((m, i) => {
      m.pAdjusted = h.adjusted[i]!;
      m.significant = h.reject[i]!;
    });
    return out;
  };

  const bucketRows = new Map<string, Awaited<ReturnType<typeof groupStats>>>();
  const sequential = async (metric: string, treatment: string, tau2: number, diff: number, variance: number, t: GroupStats, c: GroupStats): Promise<SequentialReport> => {
    let looks: { at: string; nTreatment: number; nControl: number; diff: number; variance: number }[] = [{ at: 'final', nTreatment: t.n, nControl: c.n, diff, variance }];
    if (bucket) {
      // One query per metric for every variant and time bucket, shared by its treatments.
      let rows = bucketRows.get(metric);
      if (!rows) bucketRows.set(metric, (rows = await groupStats(run, relation, metric, [v, bucket], `${where} AND (${bucket}) IS NOT NULL`)));
      const buckets = [...new Set(rows.map((r) => r.keys[1]!))].sort();
      const empty: GroupStats = { n: 0, missing: 0, mean: 0, variance: 0, sum: 0 };
      let [ct, cc] = [empty, empty];
      looks = [];
      for (const b of buckets) {
        ct = mergeStats(ct, rows.find((r) => r.keys[0] === treatment && r.keys[1] === b)?.stats ?? empty);
        cc = mergeStats(cc, rows.find((r) => r.keys[0] === o.control && r.keys[1] === b)?.stats ?? empty);
        if (ct.n < 2 || cc.n < 2) continue;
        looks.push({ at: b, nTreatment: ct.n, nControl: cc.n, diff: ct.mean - cc.mean, variance: ct.variance / ct.n + cc.variance / cc.n });
      }
    }
    const seq = msprt(looks, tau2, alpha);
    const last = seq[seq.length - 1];
    return { mixingVariance: tau2, pValue: last?.pValue ?? 1, ci: last?.ci ?? [-Infinity, Infinity], significant: (last?.pValue ?? 1) < alpha, looks: seq };
  };

  const metrics: MetricComparison[] = [];
  for (const m of o.metrics) metrics.push(...(await analyseMetric(m, 'metric')));
  const guardrails: GuardrailResult[] = [];
  for (const g of o.guardrails ?? []) {
    for (const m of await analyseMetric(g.metric, 'guardrail')) {
      const harmful = g.harm === 'increase' ? m.diff > 0 : m.diff < 0;
      guardrails.push({ ...m, harm: g.harm, breached: harmful && m.pValue < alpha });
    }
  }

  const segments: SegmentReport[] = [];
  const primary = metrics[0];
  for (const s of o.segments ?? []) {
    if (!primary) break;
    checkCancel();
    requireColumn(columns, s, 'segment');
    const rows = await groupStats(run, relation, primary.metric, [v, `coalesce(${quoteIdent(s)}::VARCHAR, '(missing)')`], where);
    const levels = [...new Set(rows.map((r) => r.keys[1]!))];
    if (levels.length > MAX_SEGMENT_LEVELS) {
      issues.push(`segment '${s}' has ${levels.length} levels; only columns with at most ${MAX_SEGMENT_LEVELS} are broken down.`);
      continue;
    }
    for (const name of treatments) {
      const overall = metrics.find((m) => m.metric === primary.metric && m.variant === name);
      if (!overall) continue;
      const segRows: SegmentRow[] = [];
      const variances: number[] = [];
      for (const level of levels) {
        const t = rows.find((r) => r.keys[0] === name && r.keys[1] === level)?.stats;
        const c = rows.find((r) => r.keys[0] === o.control && r.keys[1] === level)?.stats;
        if (!t || !c || t.n < MIN_SEGMENT_UNITS || c.n < MIN_SEGMENT_UNITS) continue;
        const cmp = compare(primary.type, t, c, alpha);
        const significant = cmp.pValue < alpha;
        segRows.push({ segment: s, level, variant: name, metric: primary.metric, nControl: c.n, nTreatment: t.n, control: c.mean, treatment: t.mean, diff: cmp.diff, ci: cmp.ci, relativeLift: cmp.relativeLift, pValue: cmp.pValue, disagrees: significant && Math.sign(cmp.diff) !== Math.sign(overall.diff) && overall.diff !== 0 });
        variances.push(cmp.variance);
      }
      const q = cochranQ(segRows.map((r) => r.diff), variances);
      const against = segRows.filter((r) => r.disagrees).map((r) => `${s}=${r.level}`);
      let warning: string | null = null;
      if (against.length) warning = `${name}: '${primary.metric}' moves the other way in ${against.join(', ')} (significant there): the overall result does not hold for every ${s}.`;
      else if (q && q.pValue < 0.05) warning = `${name}: the effect on '${primary.metric}' differs across ${s} more than chance allows (Cochran's Q = ${q.q.toFixed(2)}, p = ${q.pValue.toPrecision(3)}).`;
      segments.push({ segment: s, variant: name, metric: primary.metric, rows: segRows, heterogeneity: q ? { q: q.q, df: q.df, pValue: q.pValue, i2: q.i2 } : null, warning });
    }
  }

  const report: Omit<AbtestReport, 'decision'> = {
    dataset: o.dataset, rows: ordered.reduce((s, p) => s + p.n, 0) + nullRows, variantColumn: o.variant, controlValue: o.control, alpha,
    variants: ordered.map((p, i) => ({ name: p.name, n: p.n, expectedShare: srm.expected[i]! })),
    srm, metrics, guardrails, segments, ...(o.timeColumn ? { timeColumn: o.timeColumn } : {}), issues,
  };
  return { ...report, decision: decide(srm, metrics, guardrails, segments, treatments, alpha) };
}

function summary(type: MetricType, s: GroupStats): MetricComparison['control'] {
  return type === 'binary' ? { n: s.n, mean: Math.round(s.sum) / s.n, successes: Math.round(s.sum) } : { n: s.n, mean: s.mean, sd: Math.sqrt(s.variance) };
}
