import { InputError } from '../errors';
import { sketchHistogram, sketchQuantiles } from './derived';
import { mergeSketches } from './sketch';
import { MAX_CATEGORIES, type Baseline, type BaselineColumn } from './types';

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const minStr = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
const maxStr = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function addPairs(a: [string, number][], b: [string, number][]): [string, number][] {
  const m = new Map<string, number>();
  for (const [k, n] of [...a, ...b]) m.set(k, (m.get(k) ?? 0) + n);
  return [...m.entries()];
}

/**
 * The baseline of the union of two partitions from their baselines, exactly: counts, missing, non-finite and
 * negative counts add; min/max combine; sketch buckets add (fixed grid), and quantiles and histograms are
 * re-derived from the merged sketch; category counts add (a column whose merged categories exceed
 * MAX_CATEGORIES becomes 'text', as computeStats would decide on the union); rows per day add.
 * The partitions must have the same columns (name and type) and the same time column; otherwise
 * InputError 'BASELINE_MISMATCH'.
 */
export function mergeBaselines(a: Baseline, b: Baseline): Baseline {
  const names = (x: Baseline) => x.columns.map((c) => `${c.name}:${c.type}`).join(', ');
  if (names(a) !== names(b)) {
    throw new InputError('BASELINE_MISMATCH', `baselines of ${a.source.files.join(', ')} and ${b.source.files.join(', ')} have different columns (${names(a)} vs ${names(b)}); only partitions of the same table can be merged.`);
  }
  if ((a.time?.column ?? null) !== (b.time?.column ?? null)) {
    throw new InputError('BASELINE_MISMATCH', `baselines use different time columns ('${a.time?.column ?? 'none'}' vs '${b.time?.column ?? 'none'}'); create both with the same --time-column.`);
  }
  if (a.sketch.relativeAccuracy !== b.sketch.relativeAccuracy) {
    throw new InputError('BASELINE_MISMATCH', `baselines use sketches of different accuracy (${a.sketch.relativeAccuracy} vs ${b.sketch.relativeAccuracy}); re-create them with the same version of Model Lens.`);
  }
  const columns = a.columns.map((ca, i) => mergeColumn(ca, b.columns[i]!));
  const time = a.time && b.time
    ? { column: a.time.column, min: minStr(a.time.min, b.time.min), max: maxStr(a.time.max, b.time.max), daily: addPairs(a.time.daily, b.time.daily).sort((x, y) => (x[0] < y[0] ? -1 : 1)) }
    : null;
  return {
    schema: a.schema,
    version: a.version,
    source: { files: [...a.source.files, ...b.source.files], format: a.source.format === b.source.format ? a.source.format : 'mixed' },
    rows: a.rows + b.rows,
    sketch: a.sketch,
    time,
    columns,
  };
}

function mergeColumn(a: BaselineColumn, b: BaselineColumn): BaselineColumn {
  const out: BaselineColumn = { name: a.name, type: a.type, kind: a.kind, count: a.count + b.count, missing: a.missing + b.missing };
  if (a.numeric && b.numeric) {
    const min = minOf(a.numeric.min, b.numeric.min);
    const max = maxOf(a.numeric.max, b.numeric.max);
    const sketch = mergeSketches(a.numeric.sketch, b.numeric.sketch);
    out.numeric = { min, max, nonFinite: a.numeric.nonFinite + b.numeric.nonFinite, negatives: a.numeric.negatives + b.numeric.negatives, sketch, quantiles: sketchQuantiles(sketch, min, max), histogram: sketchHistogram(sketch, min, max) };
  } else if (a.datetime && b.datetime) {
    out.datetime = { min: minStr(a.datetime.min, b.datetime.min), max: maxStr(a.datetime.max, b.datetime.max) };
  } else if (a.kind === 'identifier') {
    // counts and missing only
  } else if (a.kind === 'text' || b.kind === 'text') {
    out.kind = a.kind === 'boolean' ? 'boolean' : 'text';
  } else {
    const list = addPairs(a.categories ?? [], b.categories ?? []).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    if (list.length > MAX_CATEGORIES && a.kind !== 'boolean') out.kind = 'text';
    else out.categories = list;
  }
  return out;
}
