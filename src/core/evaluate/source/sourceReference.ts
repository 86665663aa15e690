/**
 * The reference of `evaluate --source … --reference …` (binary scores): the labelled rows windows are compared with
 * and CBPE is calibrated on, as the file path's --reference. It is a table (or a filtered part of one) of the same
 * source, or a local file read by the embedded engine; either way only aggregates are read from it: its label
 * values, its size, and GROUP BY (score, label) counts. From the counts, in TypeScript: its metrics and bootstrap
 * standard errors (summarizeBinaryCounts on the file path's stream 1 with the overall settings), its usable scores
 * sorted (score drift) and its positives' and negatives' scores sorted (CBPE's calibration).
 */
import type { Dataset } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import { sourceOf } from '../../plan/target';
import type { SortedScores } from '../binary/sortedScores';
import { isNumeric, requireColumn } from '../evaluationSql';
import type { InputPlan } from '../inputs';
import { summarizeBinaryCounts, type BootstrapSettings, type Summary } from '../summarize';
import { countsOf, descending, expand, guardExpanded } from './scoreCounts';
import { binarySizePlan, labelText, labelValuesPlan, scoreCountsPlan } from './sourcePlans';

export interface SourceReference {
  /** Where the reference's plans run: the source's executor, or the embedded engine's for a local file. */
  exec: PlanExecutor;
  ds: Dataset;
  /** The reference as the user gave it (report.reference). */
  given: string;
}

/** What the windows and CBPE need of the reference. */
export interface ReferenceSide {
  name: string;
  summary: Summary;
  /** Usable scores (labelled or not), ascending: score drift and the flags' reference. */
  all: Float64Array;
  /** Labelled scores, positives and negatives ascending: CBPE's calibration. */
  labeled: SortedScores;
}

export interface LabelCount { value: string; count: number }

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** The distinct label values (NaN left out; at most 3) of a table as the file path writes them, with counts. */
export async function labelValueCounts(exec: PlanExecutor, ds: Dataset, labelName: string, role: string, run: RunOptions): Promise<LabelCount[]> {
  const label = requireColumn(ds, labelName, role);
  const rows = await exec.run(labelValuesPlan(sourceOf(ds), label), run);
  return rows.map((r) => ({ value: labelText(label, r['v']), count: num(r['n']) })).sort((a, b) => b.count - a.count);
}

const same = (a: string, b: string) => a === b || (a.trim() !== '' && b.trim() !== '' && Number.isFinite(Number(a)) && Number(a) === Number(b));

/**
 * The label values of the evaluated rows and the reference together (most frequent first): the classes come from
 * both, so a current period without labels yet still gets the reference's classes. A value written differently
 * by two column types (1 and 1.0) is one value, under the evaluated rows' spelling. Throws LABEL_VALUES when the
 * reference brings a third value.
 */
export function mergeLabelValues(current: readonly LabelCount[], reference: readonly LabelCount[], referenceName: string, labelName: string): LabelCount[] {
  const out = current.map((v) => ({ ...v }));
  for (const r of reference) {
    const hit = out.find((v) => same(v.value, r.value));
    if (hit) hit.count += r.count;
    else out.push({ ...r });
  }
  if (current.length <= 2 && out.length > 2) {
    const extra = out.filter((v) => !current.some((c) => same(c.value, v.value))).map((v) => `'${v.value}'`);
    throw new InputError('LABEL_VALUES', `The reference ${referenceName} holds label value${extra.length === 1 ? '' : 's'} ${extra.join(', ')} in '${labelName}' besides ${current.map((c) => `'${c.value}'`).join(' and ') || 'none'} of the evaluated rows; a binary evaluation needs the same two classes on both sides. Filter the reference (--reference-where) or use a reference with the same label values.`, { column: labelName, values: extra });
  }
  return out.sort((a, b) => b.count - a.count);
}

/** Reads the reference's counts and computes what the windows and CBPE use of it. */
export async function referenceSide(ref: SourceReference, labelName: string, scoreName: string, plan: InputPlan, settings: BootstrapSettings, maxScores: number, run: RunOptions): Promise<ReferenceSide> {
  const path = ref.ds.path;
  const label = requireColumn(ref.ds, labelName, 'Reference label');
  const score = requireColumn(ref.ds, scoreName, 'Reference score');
  if (!isNumeric(score)) throw new InputError('SCORE_TYPE', `Score column '${score.name}' of the reference ${path} has type ${score.type}; it must be numeric, like the evaluated rows' score.`, { column: score.name, type: score.type });
  const source = sourceOf(ref.ds);
  const [size] = await ref.exec.run(binarySizePlan(source, label, score, plan.positive!, 'usable'), run);
  const distinct = num(size?.['scores']);
  if (distinct > maxScores) {
    throw new InputError('TOO_MANY_SCORES', `The reference ${path} has ${distinct.toLocaleString('en-US')} distinct usable scores in '${score.name}'; evaluate --source reads one count per (score, label) of the reference and stops above ${maxScores.toLocaleString('en-US')} distinct scores (--max-scores). Raise the limit with --max-scores ${Math.ceil(distinct / 1000) * 1000} (the figures stay exact), or narrow the reference (--reference-where).`, { distinct, limit: maxScores });
  }
  if (!(num(size?.['labeled']) > 0)) throw new InputError('NO_LABELS', `The reference ${path} has no row with both a label ('${labelName}') and a usable score ('${scoreName}'); CBPE and the window flags need a labelled reference. Give a reference with labels (or a --reference-where that keeps labelled rows).`, { path, column: labelName });
  guardExpanded(num(size?.['usable']), `the reference ${path}`, 'Narrow it with --reference-where.');
  const c = countsOf(await ref.exec.run(scoreCountsPlan(source, label, score, plan.positive!), run));
  const d = descending(c);
  return { name: path, summary: summarizeBinaryCounts(d.scores, d.pos, d.neg, plan, settings, 1), all: expand(c.pos, c.neg, c.unl), labeled: { pos: expand(c.pos), neg: expand(c.neg) } };
}
