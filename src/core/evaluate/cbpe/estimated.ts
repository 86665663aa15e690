import { mulberry32 } from '../../random';
import { BINARY_METRIC_IDS } from '../binary/binarySums';
import type { SortedScores } from '../binary/sortedScores';
import { metricInfo } from '../metricCatalog';
import { sig3, windowName } from '../present';
import type { Estimated, EstimatedWindow } from '../types';
import { estimateWindow, fitCbpe, type CbpeValues } from './cbpe';

/** A set of rows CBPE looks at: all its usable scores (sorted) and, where labelled, their sorted scores and realised metrics. */
export interface CbpeTarget {
  index: number;
  start: string;
  end: string;
  all: Float64Array;
  labeled: { sorted: Float64Array; values: Float64Array } | null;
}

/** Merges two ascending arrays into one ascending array (the positives' and negatives' scores). */
export function mergeSorted(s: SortedScores): Float64Array {
  const out = new Float64Array(s.pos.length + s.neg.length);
  let i = 0, j = 0, k = 0;
  while (i < s.pos.length && j < s.neg.length) out[k++] = s.pos[i]! <= s.neg[j]! ? s.pos[i++]! : s.neg[j++]!;
  while (i < s.pos.length) out[k++] = s.pos[i++]!;
  while (j < s.neg.length) out[k++] = s.neg[j++]!;
  return out;
}

export const cbpeValues = (values: Float64Array): CbpeValues => {
  const get = (id: string) => values[(BINARY_METRIC_IDS as readonly string[]).indexOf(id)]!;
  return { rocAuc: get('rocAuc'), accuracy: get('accuracy'), precision: get('precision'), recall: get('recall'), f1: get('f1') };
};

/**
 * CBPE over the targets (the windows, or the whole dataset), fitted on the reference's sorted scores and its
 * realised metrics (BINARY_METRIC_IDS order). The summary sentence says where estimate and reality disagree.
 */
export function estimatePerformance(reference: { name: string; sorted: SortedScores; values: Float64Array }, targets: CbpeTarget[], threshold: number, seed: number, unit: string | null): Estimated {
  const model = fitCbpe(reference.sorted, threshold, cbpeValues(reference.values), mulberry32(seed ^ 0x5bd1e995));
  const windows: EstimatedWindow[] = targets.map((t) => ({
    index: t.index, start: t.start, end: t.end, rows: t.all.length, labeledRows: t.labeled?.sorted.length ?? 0,
    metrics: estimateWindow(model, t.all, t.labeled ? { sorted: t.labeled.sorted, realized: cbpeValues(t.labeled.values) } : null),
  }));
  const disagreements = windows.filter((w) => w.metrics.some((m) => m.disagrees)).map((w) => w.index);
  const alerts = windows.filter((w) => w.metrics.some((m) => m.alert && m.realized === null));
  const name = (i: number) => windowName(targets.find((t) => t.index === i)!, unit);
  let summary: string;
  if (disagreements.length) {
    const worst = windows.find((w) => w.index === disagreements[0])!.metrics.find((m) => m.disagrees)!;
    summary = `Estimated and realised performance disagree in ${disagreements.length} of ${windows.filter((w) => w.labeledRows > 0).length} labelled windows (first: ${name(disagreements[0]!)}, ${metricInfo(worst.name)?.label ?? worst.name} estimated ${sig3(worst.value)}, realised ${sig3(worst.realized)}): the scores' calibration no longer holds there, so estimates for unlabelled windows are not reliable (concept shift).`;
  } else if (alerts.length) {
    const last = alerts[alerts.length - 1]!;
    const m = last.metrics.find((x) => x.alert)!;
    summary = `Estimated ${metricInfo(m.name)?.label ?? m.name} fell to ${sig3(m.value)} in ${name(last.index)} (no labels yet), below the reference's ${sig3(model.reference[m.name as keyof CbpeValues])}.`;
  } else {
    const unlabeled = windows.filter((w) => w.labeledRows === 0).length;
    summary = `Estimates agree with realised performance wherever labels exist${unlabeled ? `; ${unlabeled} window${unlabeled === 1 ? '' : 's'} without labels are estimated only` : ''}.`;
  }
  return { method: 'CBPE', calibrated: model.calibrated, reference: reference.name, referenceRows: model.referenceRows, windows, disagreements, summary };
}
