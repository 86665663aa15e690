import { metricInfo } from '../metricCatalog';
import { sig3, windowName } from '../present';
import type { EvaluationReport } from '../types';
import type { ChartSpec } from './svgChart';
import { unitOf } from './reportRows';

/** Colours that read on light and dark backgrounds (the HTML report; the panel uses theme colours instead). */
export const COLORS = { primary: '#3b78c4', estimate: '#9b59b6', reference: '#7a7a7a', bad: '#c62828', good: '#2e7d32' };

const label = (id: string) => metricInfo(id)?.label ?? id;

/** The one chart that shows the verdict: the primary metric over time when there are windows, else the main curve. */
export function headlineChart(r: EvaluationReport): ChartSpec | null {
  return r.windows ? trendChart(r) : r.curves.roc ? rocChart(r) : r.curves.residuals ? residualChart(r) : null;
}

export function trendChart(r: EvaluationReport): ChartSpec | null {
  if (!r.windows?.length) return null;
  const unit = unitOf(r);
  const p = r.primaryMetric;
  const pts: [number, number][] = [];
  const band: [number, number, number][] = [];
  r.windows.forEach((w, i) => {
    const m = w.metrics.find((x) => x.name === p);
    pts.push([i, m?.value ?? NaN]);
    if (m?.ci) band.push([i, m.ci[0], m.ci[1]]);
  });
  const series: ChartSpec['series'] = [{ name: `${label(p)} (realised)`, color: COLORS.primary, points: pts, band, highlight: r.windows.filter((w) => w.flagged).map((w) => w.index) }];
  const est = r.estimated;
  if (est && est.windows.length === r.windows.length) {
    const name = est.windows[0]!.metrics.some((m) => m.name === p) ? p : est.windows[0]!.metrics[0]!.name;
    const e = est.windows.map((w, i): [number, number] => [i, w.metrics.find((m) => m.name === name)?.value ?? NaN]);
    const eb = est.windows.flatMap((w, i): [number, number, number][] => { const m = w.metrics.find((x) => x.name === name); return m?.band ? [[i, m.band[0], m.band[1]]] : []; });
    series.push({ name: `${label(name)} (estimated, CBPE)`, color: COLORS.estimate, points: e, band: eb, dashed: true });
  }
  const ref = r.referenceMetrics?.find((m) => m.name === p)?.value;
  const flagged = r.windows.filter((w) => w.flagged).length;
  const last = r.windows[r.windows.length - 1]!;
  const lastValue = last.metrics.find((m) => m.name === p)?.value;
  return {
    title: `${label(p)} per ${unit === 'chunk' ? 'chunk' : unit}`,
    description: `${label(p)} over ${r.windows.length} windows${ref !== undefined && ref !== null ? `, reference ${sig3(ref)}` : ''}; ${flagged} window${flagged === 1 ? '' : 's'} significantly worse; latest (${windowName(last, unit)}) ${lastValue === null || lastValue === undefined ? 'has no labels' : sig3(lastValue)}.`,
    xLabel: unit === 'chunk' ? 'chunk' : unit ?? 'window', yLabel: label(p), series,
    xTicks: r.windows.map((w) => windowName(w, unit).replace('week of ', '')),
    xRange: [0, Math.max(1, r.windows.length - 1)],
    ...(ref !== undefined && ref !== null ? { hLines: [{ y: ref, label: 'reference', color: COLORS.reference }] } : {}),
  };
}

export function rocChart(r: EvaluationReport): ChartSpec | null {
  const roc = r.curves.roc;
  if (!roc) return null;
  const auc = r.metrics.find((m) => m.name === 'rocAuc')?.value;
  return {
    title: 'ROC curve', description: `ROC curve, area ${sig3(auc)}: true-positive rate against false-positive rate over every threshold.`,
    xLabel: 'false-positive rate', yLabel: 'true-positive rate', xRange: [0, 1], yRange: [0, 1], diagonal: true,
    series: [{ name: `ROC (AUC ${sig3(auc)})`, color: COLORS.primary, points: [[0, 0], ...roc.fpr.map((f, i): [number, number] => [f, roc.tpr[i]!])] }],
  };
}

export function prChart(r: EvaluationReport): ChartSpec | null {
  const pr = r.curves.pr;
  if (!pr) return null;
  const ap = r.metrics.find((m) => m.name === 'prAuc')?.value;
  return {
    title: 'Precision–recall curve', description: `Precision against recall over every threshold; average precision ${sig3(ap)}.`,
    xLabel: 'recall', yLabel: 'precision', xRange: [0, 1], yRange: [0, 1],
    series: [{ name: `PR (AP ${sig3(ap)})`, color: COLORS.primary, points: pr.recall.map((x, i): [number, number] => [x, pr.precision[i]!]) }],
  };
}

export function reliabilityChart(r: EvaluationReport): ChartSpec | null {
  const rel = r.curves.reliability;
  if (!rel?.length) return null;
  const ece = r.metrics.find((m) => m.name === 'ece')?.value;
  return {
    title: 'Reliability (calibration)', description: `Observed share of positives against the mean predicted probability in 10 bins; calibration error ${sig3(ece)}.`,
    xLabel: 'mean predicted probability', yLabel: 'observed share of positives', xRange: [0, 1], yRange: [0, 1], diagonal: true,
    series: [{ name: `observed (ECE ${sig3(ece)})`, color: COLORS.primary, points: rel.map((b): [number, number] => [b.meanPredicted, b.fractionPositive]) }],
  };
}

export function residualChart(r: EvaluationReport): ChartSpec | null {
  const res = r.curves.residuals;
  if (!res) return null;
  return {
    title: 'Residuals against predictions', description: `${res.prediction.length} rows: residual (label − prediction) against the prediction; a pattern means systematic error.`,
    xLabel: 'prediction', yLabel: 'residual (label − prediction)', hLines: [{ y: 0, label: '0', color: COLORS.reference }],
    series: [{ name: 'rows', color: COLORS.primary, dots: true, points: res.prediction.map((p, i): [number, number] => [p, res.residual[i]!]) }],
  };
}
