import { basename } from 'node:path';
import type { Dataset } from '../../data/dataset';
import { runDrift } from '../../drift/runDrift';
import { driftEvidence, driftVerdict } from '../../verdict/drift';
import type { DriftSettings } from '../../drift/driftSettings';
import { dataFile } from '../config';
import type { CheckKind, Finding } from '../types';
import { openCheckData, tableOf, tableText, type CheckTable } from '../checkTables';

interface DriftCheckSpec {
  reference: string;
  current?: string;
  /** The dataset's tables on a source (reference, and current unless drift over time): the drift plans run there. */
  tables?: { reference: CheckTable; current?: CheckTable };
  settings: DriftSettings;
}

/**
 * `checks.drift`: a current dataset against its reference (or one dataset's time windows). Fails on dataset
 * drift (share of drifted columns ≥ driftShare, default 0.5, or drift in any window); warns when some
 * columns drifted but not enough for dataset drift.
 */
export const driftCheck: CheckKind<DriftCheckSpec> = {
  section: 'drift',
  kind: 'drift',
  label: 'data drift',
  keys: ['dataset', 'reference', 'current', 'columns', 'exclude', 'test', 'threshold', 'tests', 'thresholds', 'driftShare', 'label', 'prediction', 'timeColumn', 'window', 'seed'],
  parse(r, p, ctx) {
    let reference = r.file([...p, 'reference']);
    let current = r.file([...p, 'current']);
    let name: string | undefined;
    const settings: DriftSettings = {};
    let tables: DriftCheckSpec['tables'];
    if (r.has([...p, 'dataset'])) {
      const d = dataFile(r, p, ctx, 'reference', true)?.dataset;
      if (!d) return undefined;
      name = d.name;
      const refTable = tableOf(d, 'reference');
      if (refTable) {
        if (reference || current) r.problem(p, `dataset '${d.name}' is a table of a source; give its sides with 'referenceWhere'/'currentWhere' or 'currentSource' on the dataset, not 'reference'/'current' files.`);
        tables = { reference: refTable };
        if (d.currentSource || d.currentWhere || d.referenceWhere) tables.current = tableOf(d, 'current')!;
        reference = refTable.ref;
        if (tables.current) current = tables.current.ref;
      }
      reference ??= d.reference;
      current ??= d.current;
      if (d.timeColumn) settings.timeColumn = d.timeColumn;
      if (d.label) settings.label = d.label;
      if (d.prediction) settings.prediction = d.prediction;
    }
    if (!reference) {
      r.problem(p, `a drift check needs 'dataset: <name>' (with a reference file) or 'reference: <file>'.`);
      return undefined;
    }
    const columns = r.strList([...p, 'columns']);
    const exclude = r.strList([...p, 'exclude']);
    const test = r.str([...p, 'test']);
    const threshold = r.num([...p, 'threshold'], { min: 0 });
    const tests = r.strMap([...p, 'tests']);
    const thresholds = r.numMap([...p, 'thresholds']);
    const driftShare = r.num([...p, 'driftShare'], { min: 0, max: 1 });
    const seed = r.num([...p, 'seed'], { integer: true, min: 0 });
    if (columns) settings.columns = columns;
    if (exclude) settings.exclude = exclude;
    if (test) settings.test = test;
    if (threshold !== undefined) settings.threshold = threshold;
    if (tests) settings.testByColumn = tests;
    if (thresholds) settings.thresholdByColumn = thresholds;
    if (driftShare !== undefined) settings.driftShare = driftShare;
    if (seed !== undefined) settings.seed = seed;
    for (const k of ['label', 'prediction', 'timeColumn', 'window'] as const) {
      const v = r.str([...p, k]);
      if (v) settings[k] = v;
    }
    if ((settings.timeColumn === undefined) !== (settings.window === undefined) && !(current && settings.window === undefined)) {
      r.problem(p, `'timeColumn' and 'window' go together (e.g. window: month) for drift over time.`);
    }
    if (!current && settings.window === undefined) {
      r.problem(p, tables
        ? `a drift check on a source table needs two sides: 'referenceWhere'/'currentWhere' or 'currentSource' on the dataset, or 'timeColumn' and 'window' for drift over time.`
        : `a drift check needs a current file ('current:' or the dataset's), or 'timeColumn' and 'window' to compare one file's time windows.`);
      return undefined;
    }
    if (current && settings.window === undefined) delete settings.timeColumn;
    if (tables && !current) delete tables.current;
    const files = tables ? [] : current ? [reference, current] : [reference];
    const show = (side: 'reference' | 'current', f: string) => { const t = tables?.[side]; return t ? tableText(t) : basename(f); };
    return {
      name: name ?? basename(current ?? reference).replace(/\.[^.]+$/, ''),
      title: current ? `Drift: ${show('current', current)} vs ${show('reference', reference)}` : `Drift over time: ${show('reference', reference)}`,
      files,
      spec: { ...(current ? { reference, current, settings } : { reference, settings }), ...(tables ? { tables } : {}) },
    };
  },
  async run(spec, env) {
    const opened: Dataset[] = [];
    try {
      const ref = await openCheckData(env, spec.reference, spec.tables?.reference);
      opened.push(ref.ds);
      if (spec.current) opened.push((await openCheckData(env, spec.current, spec.tables?.current)).ds);
      const report = await runDrift(ref.target, opened[0]!, opened[1], spec.settings, { signal: env.signal });
      const d = report.dataset;
      const drifted = report.columns.filter((c) => c.drifted);
      const windowsDrifted = (report.windows ?? []).filter((w) => w.dataset.drifted);
      const at = spec.tables ? {} : { file: spec.current ?? spec.reference };
      const findings: Finding[] = drifted.map((c) => ({
        severity: 'warning' as const,
        message: `column '${c.column}' drifted: ${driftEvidence(c)}.`,
        ...at,
        column: c.column,
      }));
      for (const w of windowsDrifted) findings.push({ severity: 'warning', message: `window ${w.start} – ${w.end}: ${w.dataset.driftedColumns} of ${w.dataset.totalColumns} columns drifted (dataset drift).`, ...at });
      if (report.prediction?.drifted) findings.push({ severity: 'warning', message: `prediction column '${report.prediction.column}' drifted (${report.prediction.test}).`, ...at, column: report.prediction.column });
      const verdict = driftVerdict(report);
      return { status: verdict.status, summary: verdict.headline, verdict, findings, metrics: { driftedColumns: d.driftedColumns, totalColumns: d.totalColumns, driftedShare: d.share }, report };
    } finally {
      for (const ds of opened) await ds.release();
    }
  },
};
