import { waterfall, type ExplainDocument, type ExplainedRow } from '../../src/core/explain/explainDocument';
import type { ExplainSnapshot } from '../../src/shared/explainProtocol';

export interface ExplainViewState {
  status: 'loading' | 'ready' | 'failed';
  snapshot?: ExplainSnapshot;
  error?: string;
  /** Class whose contributions are shown (multiclass); 0 otherwise. */
  classIndex: number;
  /** Feature of the dependence plot. */
  feature?: string;
  /** Position in doc.rows of the row whose waterfall is shown. */
  row: number;
}

export type ExplainAction =
  | { type: 'loading' }
  | { type: 'snapshot'; snapshot: ExplainSnapshot }
  | { type: 'failed'; message: string }
  | { type: 'class'; index: number }
  | { type: 'feature'; feature: string }
  /** Show the waterfall of a dataset row (0-based index in the file), if it was explained. */
  | { type: 'focus'; datasetRow: number };

export const initialExplainState: ExplainViewState = { status: 'loading', classIndex: 0, row: 0 };

export const classCount = (doc: ExplainDocument): number => (Array.isArray(doc.baseValue) ? doc.baseValue.length : 1);

/** Position of a dataset row among the explained rows (rows are sorted by index), or -1. */
export function rowPosition(doc: ExplainDocument, datasetRow: number): number {
  let lo = 0;
  let hi = doc.rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = doc.rows[mid]!.index;
    if (v === datasetRow) return mid;
    if (v < datasetRow) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Pure state transitions of the explanation panel; unit-tested without a DOM. */
export function reduceExplain(s: ExplainViewState, a: ExplainAction): ExplainViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading' };
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'snapshot': {
      const doc = a.snapshot.doc;
      const focus = a.snapshot.focusRow === undefined ? -1 : rowPosition(doc, a.snapshot.focusRow);
      const keepRow = s.snapshot ? rowPosition(doc, s.snapshot.doc.rows[s.row]?.index ?? -1) : -1;
      const feature = s.feature !== undefined && doc.features.includes(s.feature) ? s.feature : doc.global[0]?.feature;
      const { error: _e, ...rest } = s;
      return {
        ...rest,
        status: 'ready',
        snapshot: a.snapshot,
        classIndex: s.classIndex < classCount(doc) ? s.classIndex : 0,
        row: focus >= 0 ? focus : keepRow >= 0 ? keepRow : 0,
        ...(feature !== undefined ? { feature } : {}),
      };
    }
    case 'class':
      return s.snapshot && a.index >= 0 && a.index < classCount(s.snapshot.doc) ? { ...s, classIndex: a.index } : s;
    case 'feature':
      return s.snapshot?.doc.features.includes(a.feature) ? { ...s, feature: a.feature } : s;
    case 'focus': {
      if (!s.snapshot) return s;
      const p = rowPosition(s.snapshot.doc, a.datasetRow);
      return p >= 0 ? { ...s, row: p } : s;
    }
  }
}

/** One row's contributions for a class (the row's own vector for single-output models). */
export function phiOf(row: ExplainedRow, classIndex: number): readonly number[] {
  return Array.isArray(row.contributions[0]) ? (row.contributions as number[][])[classIndex]! : (row.contributions as number[]);
}

/** The waterfall the panel shows: core's waterfall() of the selected row and class, all features when few. */
export function selectedWaterfall(s: ExplainViewState, maxSteps = 12): ReturnType<typeof waterfall> | undefined {
  const doc = s.snapshot?.doc;
  if (!doc || doc.rows.length === 0) return undefined;
  return waterfall(doc, s.row, s.classIndex, maxSteps);
}

/**
 * Rank of each value among the non-missing values of its column, scaled to [0, 1] (ties share the mean rank);
 * null for missing. The beeswarm and dependence plots colour points by it (low = blue, high = red).
 */
export function valueRanks(values: readonly (number | null)[]): (number | null)[] {
  const present = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== null).sort((a, b) => a.v - b.v);
  const out: (number | null)[] = values.map(() => null);
  const m = present.length;
  for (let k = 0; k < m; ) {
    let e = k;
    while (e + 1 < m && present[e + 1]!.v === present[k]!.v) e++;
    const r = m === 1 ? 0.5 : (k + e) / 2 / (m - 1);
    for (let t = k; t <= e; t++) out[present[t]!.i] = r;
    k = e + 1;
  }
  return out;
}

/** Most points a scatter plot draws per feature; larger explanations are thinned evenly (every k-th row). */
export const MAX_PLOT_ROWS = 2000;

/** Positions in doc.rows of the rows a plot draws: all of them, or every k-th when there are more than `max`. */
export function plotRows(count: number, max = MAX_PLOT_ROWS): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * count) / max));
}

export interface BeeswarmPoint {
  /** SHAP value. */
  x: number;
  /** Lane (0 = most important feature, drawn on top) plus a jitter in (−0.4, 0.4). */
  y: number;
  /** Feature value rank in [0, 1], null when missing. */
  c: number | null;
  /** Position in doc.rows. */
  row: number;
}

/**
 * Beeswarm layout of the summary plot: one lane per feature (the `maxFeatures` largest by global mean |φ|),
 * one point per explained row (thinned evenly beyond MAX_PLOT_ROWS rows). Points are binned on x (`bins` across the overall range) and stacked
 * alternately above and below the lane in each bin, scaled so the fullest bin spans ±0.4 (as shap's summary plot).
 */
export function beeswarm(doc: ExplainDocument, classIndex: number, maxFeatures = 12, bins = 60): { features: string[]; points: BeeswarmPoint[] } {
  const features = doc.global.slice(0, maxFeatures).map((g) => g.feature);
  const cols = features.map((f) => doc.features.indexOf(f));
  const rows = plotRows(doc.rows.length);
  const xs = cols.map((j) => rows.map((r) => phiOf(doc.rows[r]!, classIndex)[j]!));
  const all = xs.flat();
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const width = hi - lo || 1;
  const points: BeeswarmPoint[] = [];
  cols.forEach((j, lane) => {
    const ranks = valueRanks(rows.map((r) => doc.rows[r]!.values[j] ?? null));
    const bin = xs[lane]!.map((x) => Math.min(bins - 1, Math.floor(((x - lo) / width) * bins)));
    const counts = new Map<number, number>();
    for (const b of bin) counts.set(b, (counts.get(b) ?? 0) + 1);
    const fullest = Math.max(1, ...counts.values());
    const step = 0.4 / Math.max(1, Math.ceil((fullest - 1) / 2));
    const seen = new Map<number, number>();
    xs[lane]!.forEach((x, i) => {
      const k = seen.get(bin[i]!) ?? 0;
      seen.set(bin[i]!, k + 1);
      const offset = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2) * step;
      points.push({ x, y: lane + Math.max(-0.4, Math.min(0.4, offset)), c: ranks[i]!, row: rows[i]! });
    });
  });
  return { features, points };
}

/**
 * Dependence plot of `feature`: x = its value, y = its SHAP value, coloured by the rank of the strongest
 * interacting feature's value (snapshot.interactions). Rows with the feature missing are left out (counted);
 * beyond MAX_PLOT_ROWS rows the plot is thinned evenly.
 */
export function dependence(snapshot: ExplainSnapshot, classIndex: number, feature: string): { partner: string | null; points: { x: number; y: number; c: number | null; row: number }[]; missing: number } {
  const doc = snapshot.doc;
  const j = doc.features.indexOf(feature);
  const partner = snapshot.interactions.find((i) => i.feature === feature)?.partner ?? null;
  const p = partner === null ? -1 : doc.features.indexOf(partner);
  const rows = plotRows(doc.rows.length);
  const ranks = p < 0 ? rows.map(() => null) : valueRanks(rows.map((k) => doc.rows[k]!.values[p] ?? null));
  const points: { x: number; y: number; c: number | null; row: number }[] = [];
  let missing = 0;
  rows.forEach((k, i) => {
    const r = doc.rows[k]!;
    const v = r.values[j];
    if (v === null || v === undefined) {
      missing++;
      return;
    }
    points.push({ x: v, y: phiOf(r, classIndex)[j]!, c: ranks[i]!, row: k });
  });
  return { partner, points, missing };
}

/** Colour of a value rank: blue (low) to red (high) as in shap's plots; grey for missing. */
export function rankColor(c: number | null): string {
  if (c === null) return 'rgba(136,136,136,0.7)';
  const lerp = (a: number, b: number): number => Math.round(a + (b - a) * c);
  return `rgba(${lerp(0, 255)},${lerp(138, 0)},${lerp(255, 82)},0.8)`;
}
