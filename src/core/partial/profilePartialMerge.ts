import { dict, own } from '../dict';
import { estimateFromSample } from '../data/distinctCount';
import type { DataIssue } from '../data/dataset';
import type { DatasetFormat } from '../data/formats';
import { InputError } from '../errors';
import { mergeSketches, RELATIVE_ACCURACY, sketchQuantile, type LogSketch } from '../health/sketch';
import { estimateDuplicates } from '../profile/duplicateEstimate';
import { columnFromFirstPass, columnIssues } from '../profile/firstPassColumns';
import { histogramEdges } from '../profile/profileSql';
import { QUANTILE_KEYS, QUANTILE_LEVELS, type DatasetProfile } from '../profile/types';
import { histogramFromCounts, quantilesFromCounts, valueCounts } from '../profile/valueCounts';
import { sketchHistogram } from './sketchHistogram';
import { type ColumnPartial, type ProfilePartial } from './profilePartial';

const bytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));
const minOf = <T>(xs: (T | null)[], cmp: (a: T, b: T) => number): T | null => xs.reduce<T | null>((m, x) => (x === null ? m : m === null || cmp(x, m) < 0 ? x : m), null);

/**
 * The profile of the whole dataset from the partial profiles of its parts (any order). Exact (equal to the one-file
 * profile, sums to 1e-12): rows, missing, min/max, mean, std, text lengths, kinds, issues; and, while every part
 * carried its value map, distinct counts, quantiles, histograms and top values; duplicate rows while every part
 * carried its row hashes. Otherwise those figures come from the merged sketches and say so: `approximateDistinct`
 * with its relative error, `approximateQuantiles` with `quantileRelativeError` (DDSketch), `approximateHistogram`,
 * `approximateTop`, `duplicateRowsEstimate`.
 */
export function mergeProfilePartials(parts: readonly ProfilePartial[], names: readonly string[] = parts.map((p) => p.dataset)): DatasetProfile {
  if (!parts.length) throw new InputError('BAD_ARGUMENT', 'merge: no partial results given.');
  const first = parts[0]!;
  parts.forEach((p, k) => {
    const say = (what: string, fix: string) => {
      throw new InputError('PARTIAL_MISMATCH', `merge: ${names[k]} ${what} ${names[0]}; ${fix}`);
    };
    if (p.bins !== first.bins || p.top !== first.top) say(`was profiled with --bins ${p.bins} --top ${p.top}, --bins ${first.bins} --top ${first.top} for`, "run 'model-lens profile --partial' on every part with the same options.");
    if (p.columns.map((c) => c.name).join('\u0000') !== first.columns.map((c) => c.name).join('\u0000')) say('has other columns than', 'parts of one dataset share its columns, in the same order.');
  });
  const rows = parts.reduce((a, p) => a + p.rows, 0);
  let exactAll = true;
  const columns = first.columns.map((c0, i) => {
    const filled = parts.map((p, k) => ({ k, c: p.columns[i]! })).filter((x) => x.c.nonNull > 0);
    const type = filled[0]?.c.type ?? c0.type;
    const odd = filled.find((x) => x.c.type !== type);
    if (odd) throw new InputError('PARTIAL_MISMATCH', `merge: column '${c0.name}' reads as ${type} in ${names[filled[0]!.k]} and as ${odd.c.type} in ${names[odd.k]}; write the parts with the same column types (e.g. cast '${c0.name}' in every file).`, { column: c0.name });
    const cs = filled.map((x) => x.c);
    const { row, distinct, exact, quantiles, sketch, values } = mergeColumn(cs, i, rows);
    exactAll &&= exact;
    const col = columnFromFirstPass(c0.name, type, i, row, rows, exact, distinct, undefined);
    const s = col.numeric;
    if (s) {
      s.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, quantiles[j] ?? null])) as typeof s.quantiles;
      if (!exact) s.quantileRelativeError = RELATIVE_ACCURACY;
    }
    if (s && col.kind === 'numeric' && s.min !== null && s.max !== null) {
      const [lo, hi] = s.min === s.max ? [s.min - 0.5, s.max + 0.5] : [s.min, s.max];
      if (hi > lo && Number.isFinite(hi - lo)) {
        const edges = histogramEdges(lo, hi, first.bins);
        s.histogram = { edges, counts: values ? histogramFromCounts(valueCounts(values.map(([, n, v]) => [v!, n])), edges) : sketchHistogram(sketch!, edges) };
        if (!values) s.approximateHistogram = true;
      }
    } else if (col.kind !== 'identifier' && col.kind !== 'datetime' && col.missing < rows) {
      const counts = new Map<string, number>();
      for (const c of cs) for (const [t, n] of [...(c.values ?? c.top ?? []), ...(c.num?.nonFinite ?? [])]) counts.set(t, (counts.get(t) ?? 0) + n);
      col.top = [...counts].sort((a, b) => b[1] - a[1] || bytes(a[0], b[0])).slice(0, first.top).map(([value, count]) => ({ value, count, pct: rows ? (100 * count) / rows : 0 }));
      col.top.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      if (cs.some((c) => c.values === null)) col.approximateTop = true;
    }
    return col;
  });
  const dup = duplicates(parts, rows);
  const issues = new Map<string, DataIssue>();
  for (const p of parts) for (const x of p.issues) issues.set(`${x.code}\u0000${x.message}`, x);
  return {
    path: names.join(' + '), format: first.format as DatasetFormat, rows, columnCount: first.columns.length,
    duplicateRows: dup.value, ...(dup.estimate ? { duplicateRowsEstimate: dup.estimate } : {}),
    ...(first.delimiter !== null ? { delimiter: first.delimiter } : {}),
    approximate: !exactAll || dup.estimate !== undefined, columns, issues: [...issues.values(), ...columnIssues(columns, rows)],
  };
}

/** One column's first-pass figures (the row columnFromFirstPass reads), distinct count, quantiles and what they came from. */
function mergeColumn(cs: readonly ColumnPartial[], i: number, rows: number) {
  const row = dict<unknown>([['n', rows]]);
  const key = (s: string) => `c${i}_${s}`;
  const nonNull = cs.reduce((a, c) => a + c.nonNull, 0);
  row[key('nn')] = nonNull;
  const exact = cs.every((c) => c.values !== null);
  let values: [string, number, number?][] | null = null;
  if (exact) {
    const m = new Map<string, [string, number, number?]>();
    for (const c of cs) for (const [t, n, v] of c.values!) {
      const cur = m.get(t);
      if (cur) cur[1] += n;
      else m.set(t, v === undefined ? [t, n] : [t, n, v]);
    }
    values = [...m.values()];
  }
  let quantiles: (number | null)[] = [];
  let sketch: LogSketch | undefined;
  const nums = cs.flatMap((c) => (c.num ? [c.num] : []));
  let nonFiniteKinds = 0;
  if (nums.length) {
    const finite = nums.reduce((a, x) => a + x.finite, 0);
    const sum = nums.reduce((a, x) => a + x.sum, 0);
    const mean = finite > 0 ? sum / finite : null;
    // Chan et al.'s pairwise update of Σ(x − mean)²: M2 = Σ M2ₖ + Σ nₖ(meanₖ − mean)².
    const m2 = mean === null ? 0 : nums.reduce((a, x) => a + x.m2 + (x.finite > 0 ? x.finite * (x.sum / x.finite - mean) ** 2 : 0), 0);
    Object.assign(row, { [key('min')]: minOf(nums.map((x) => x.min), (a, b) => a - b), [key('max')]: minOf(nums.map((x) => x.max), (a, b) => b - a), [key('mean')]: mean, [key('std')]: finite > 1 ? Math.sqrt(m2 / (finite - 1)) : null, [key('finite')]: finite });
    sketch = nums.map((x) => x.sketch).reduce(mergeSketches);
    const levels = QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]);
    const lo = own(row, key('min')) as number | null;
    const hi = own(row, key('max')) as number | null;
    quantiles = finite === 0 ? levels.map(() => null) : values ? quantilesFromCounts(valueCounts(values.map(([, n, v]) => [v!, n])), levels) : levels.map((q) => sketchQuantile(sketch!, q, lo, hi));
    row[key('q')] = quantiles;
    nonFiniteKinds = new Set(nums.flatMap((x) => x.nonFinite.map(([t]) => t))).size;
  }
  const texts = cs.flatMap((c) => (c.text ? [c.text] : []));
  if (texts.length) {
    Object.assign(row, {
      [key('lmin')]: minOf(texts.map((t) => t.lmin), (a, b) => a - b), [key('lmax')]: minOf(texts.map((t) => t.lmax), (a, b) => b - a),
      [key('lmean')]: nonNull > 0 ? texts.reduce((a, t) => a + t.lsum, 0) / nonNull : null, [key('space')]: nonNull > 0 ? texts.reduce((a, t) => a + t.space, 0) / nonNull : null,
      [key('smin')]: minOf(texts.map((t) => t.smin), bytes), [key('smax')]: minOf(texts.map((t) => t.smax), (a, b) => bytes(b, a)),
    });
  }
  const times = cs.flatMap((c) => (c.time ? [c.time] : []));
  if (times.length) Object.assign(row, { [key('tmin')]: minOf(times.map((t) => t.min), bytes), [key('tmax')]: minOf(times.map((t) => t.max), (a, b) => bytes(b, a)) });
  let distinct: { value: number; relativeError: number };
  if (values) distinct = { value: values.length + nonFiniteKinds, relativeError: 0 };
  else {
    // Every part carries its hash sample (hash(value) % rate = 0): the union is the whole's sample.
    const e = estimateFromSample(new Set(cs.flatMap((c) => c.sample)).size);
    distinct = { value: Math.min(nonNull, Math.max(e.estimate, ...cs.map((c) => c.values?.length ?? 0))), relativeError: e.relativeError };
  }
  return { row, distinct, exact, quantiles, sketch, values };
}

function duplicates(parts: readonly ProfilePartial[], rows: number): { value: number; estimate?: DatasetProfile['duplicateRowsEstimate'] } {
  if (parts.every((p) => p.rowHashes !== null)) return { value: rows - new Set(parts.flatMap((p) => p.rowHashes!)).size };
  // Some part has too many distinct rows: every part's rows in the 1-in-16 hash sample, grouped by the hash's top bits.
  const sampled = new Map<string, number>();
  for (const p of parts) for (const [h, n] of p.rowSample) sampled.set(h, (sampled.get(h) ?? 0) + n);
  const groups = new Map<number, { n: number; d: number }>();
  for (const [h, n] of sampled) {
    const g = Number(BigInt(h) >> 60n);
    const cur = groups.get(g) ?? { n: 0, d: 0 };
    cur.n += n;
    cur.d += 1;
    groups.set(g, cur);
  }
  const e = estimateDuplicates([...groups.values()]);
  return { value: Math.min(e.value, Math.max(0, rows - 1)), estimate: { standardError: e.standardError, relativeError: e.relativeError, sampleRate: e.sampleRate } };
}
