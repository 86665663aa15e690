import type { HistoryRun } from './historyTypes';
import { own } from '../dict';

/** A key figure of one check over runs, oldest first (runs where the check did not report it are skipped). */
export function figureHistory(runs: readonly HistoryRun[], checkId: string, figure: string): number[] {
  const out: number[] = [];
  for (const r of runs) {
    const c = r.checks.find((x) => x.id === checkId);
    const v = own(c?.metrics, figure);
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

export interface TrendPoint { time: string; runId: string; value: number; status: string; commit: string | null }
export interface CheckTrend {
  id: string;
  kind: string;
  title: string;
  /** Runs that include the check, oldest first. */
  runs: { time: string; runId: string; status: string; summary: string; commit: string | null; dataChanged: boolean }[];
  /** Each key figure over those runs. */
  figures: { name: string; points: TrendPoint[]; last: number; change: number | null }[];
}

/** Every check's trend over the history (optionally one check), in first-seen order. */
export function checkTrends(runs: readonly HistoryRun[], only?: string): CheckTrend[] {
  const byId = new Map<string, CheckTrend>();
  const lastFiles = new Map<string, string>();
  for (const r of runs) {
    for (const c of r.checks) {
      if (only !== undefined && c.id !== only) continue;
      let t = byId.get(c.id);
      if (!t) byId.set(c.id, (t = { id: c.id, kind: c.kind, title: c.title, runs: [], figures: [] }));
      t.title = c.title;
      const prev = t.runs.length ? lastFiles.get(c.id) : undefined;
      const files = c.files.map((f) => `${f.path}:${f.sha256}`).sort().join('|');
      lastFiles.set(c.id, files);
      t.runs.push({ time: r.time, runId: r.runId, status: c.status, summary: c.summary, commit: r.git?.commit ?? null, dataChanged: prev !== undefined && prev !== files });
      for (const [name, value] of Object.entries(c.metrics)) {
        let f = t.figures.find((x) => x.name === name);
        if (!f) t.figures.push((f = { name, points: [], last: value, change: null }));
        f.points.push({ time: r.time, runId: r.runId, value, status: c.status, commit: r.git?.commit ?? null });
      }
    }
  }
  for (const t of byId.values()) for (const f of t.figures) {
    const n = f.points.length;
    f.last = f.points[n - 1]!.value;
    f.change = n > 1 ? f.last - f.points[n - 2]!.value : null;
  }
  return [...byId.values()];
}
