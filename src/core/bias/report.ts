import { bootstrapIntervals, type Interval } from './bootstrap';
import { evaluate, OVERALL_KEY, type AttributeEvaluation } from './evaluate';
import { findings } from './findings';
import { BASE_METRICS } from './metrics';
import { mulberry32 } from '../random';
import type { SweepPoint } from './sweep';
import type { ConfusionTable, MaybeNumber } from './types';
import { dict } from '../dict';

/** Turns confusion counts into the JSON report (per attribute: groups, metrics, CIs, findings). */
export interface ReportOptions {
  minGroupSize: number;
  privileged: Record<string, string>;
  bootstrap?: { draws: number; seed: number; level?: number };
}

export interface GroupReport {
  group: string;
  n: number;
  small: boolean;
  [metric: string]: unknown;
}

export interface AttributeReport {
  attribute: string;
  reference: { group: string | null; chosen: 'given' | 'highestSelectionRate' };
  groups: GroupReport[];
  overall: Record<string, number | null>;
  metrics: Record<string, number | null>;
  /** Why a metric is null, or which groups it left out. */
  metricNotes: Record<string, string>;
  metricCi?: Record<string, [number, number]>;
  /** Bootstrap intervals of the overall metrics (same draws as the groups). */
  overallCi?: Record<string, [number, number]>;
  excludedSmallGroups: string[];
  findings: string[];
  /** Score columns only: selection rate, TPR, FPR and parity metrics as the threshold moves. */
  thresholdSweep?: SweepPoint[];
}

const values = (m: Record<string, MaybeNumber>): Record<string, number | null> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.value]));

export function buildAttributeReports(table: ConfusionTable, options: ReportOptions): AttributeReport[] {
  const evals = evaluate(table.attributes, table, options);
  let cis: Map<string, Interval> | undefined;
  if (options.bootstrap && options.bootstrap.draws > 0) {
    cis = bootstrapIntervals(table, { ...options, draws: options.bootstrap.draws, level: options.bootstrap.level ?? 0.95, rng: mulberry32(options.bootstrap.seed) });
  }
  return evals.map((e) => attributeReport(e, options, cis));
}

function attributeReport(e: AttributeEvaluation, options: ReportOptions, cis: Map<string, Interval> | undefined): AttributeReport {
  const ci = (key: string): [number, number] | undefined => {
    const i = cis?.get(key);
    return i ? [i.lo, i.hi] : undefined;
  };
  const perGroup = new Map(e.privileged.perGroup.map((p) => [p.group, p]));
  const groups = e.groups.map((g) => {
    const r: GroupReport = { group: g.group, n: g.counts.n, small: g.small, counts: { ...g.counts }, ...values(g.metrics) };
    const undef = Object.fromEntries(BASE_METRICS.filter((m) => g.metrics[m.id].value === null).map((m) => [m.id, g.metrics[m.id].reason ?? '']));
    if (Object.keys(undef).length > 0) r['undefined'] = undef;
    const p = perGroup.get(g.group);
    if (p) Object.assign(r, { disparateImpact: p.disparateImpact.value, statisticalParityDifference: p.statisticalParityDifference.value, averageOddsDifference: p.averageOddsDifference.value, belowFourFifths: p.belowFourFifths });
    if (cis) r['ci'] = Object.fromEntries(BASE_METRICS.flatMap((m) => { const c = ci(`${e.attribute}\u0000${g.group}\u0000${m.id}`); return c ? [[m.id, c]] : []; }));
    return r;
  });
  const metrics = dict<number | null>();
  const notes = dict<string>();
  for (const [k, v] of Object.entries(e.disparities)) {
    metrics[k] = v.value;
    if (v.reason !== undefined) notes[k] = v.reason;
    else if (v.excludedUndefined.length > 0) notes[k] = `left out (metric undefined): ${v.excludedUndefined.join(', ')}`;
  }
  for (const k of ['disparateImpact', 'statisticalParityDifference', 'averageOddsDifference'] as const) {
    const v = e.privileged[k];
    metrics[k] = v.value;
    if (v.reason !== undefined) notes[k] = v.reason;
    else if (v.group !== undefined) notes[k] = `worst group: ${v.group}`;
  }
  const report: AttributeReport = {
    attribute: e.attribute,
    reference: { group: e.privileged.reference, chosen: e.privileged.referenceChosen },
    groups,
    overall: values(e.overall),
    metrics,
    metricNotes: notes,
    excludedSmallGroups: e.groups.filter((g) => g.small).map((g) => g.group),
    findings: findings(e, options.minGroupSize),
  };
  if (cis) report.overallCi = Object.fromEntries(BASE_METRICS.flatMap((m) => { const c = ci(`${OVERALL_KEY}${m.id}`); return c ? [[m.id, c]] : []; }));
  if (cis) report.metricCi = Object.fromEntries(Object.keys(metrics).flatMap((k) => { const c = ci(`${e.attribute}\u0000\u0000${k}`); return c ? [[k, c]] : []; }));
  return report;
}
