/** One line of the run history: a summary of one run of the checks. */
export interface HistoryRun {
  v: 1;
  /** Random id; the same run read from two files counts once. */
  runId: string;
  /** When the run started (ISO 8601, UTC). */
  time: string;
  /** Who ran it: 'cli' (model-lens check), 'vscode' (Run All Checks), 'ci' (model-lens check with CI set). */
  source: string;
  /** The configuration file, relative to the workspace folder. */
  config: string;
  git: { commit: string; branch: string | null } | null;
  status: 'pass' | 'warn' | 'fail' | 'error';
  durationMs: number;
  checks: HistoryCheck[];
}

export interface HistoryCheck {
  id: string;
  kind: string;
  title: string;
  status: 'pass' | 'warn' | 'fail' | 'error';
  summary: string;
  /** Key figures (the check's headline numbers, e.g. rocAuc, driftedShare). */
  metrics: Record<string, number>;
  /** Input files, relative to the workspace folder, with a SHA-256 of their content (null when unreadable). */
  files: { path: string; sha256: string | null; bytes: number | null }[];
}

const STATUSES = new Set(['pass', 'warn', 'fail', 'error']);
const str = (v: unknown, max = 4000): v is string => typeof v === 'string' && v.length <= max;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whitelist parse of one history line: only known fields, checked types; anything else → undefined. */
export function parseHistoryRun(raw: unknown): HistoryRun | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (r['v'] !== 1 || !str(r['runId'], 100) || !str(r['time'], 40) || Number.isNaN(Date.parse(String(r['time']))) || !str(r['source'], 40) || !str(r['config']) || !STATUSES.has(String(r['status'])) || !num(r['durationMs']) || !Array.isArray(r['checks'])) return undefined;
  let git: HistoryRun['git'] = null;
  if (r['git'] !== null && r['git'] !== undefined) {
    const g = r['git'] as Record<string, unknown>;
    if (typeof g !== 'object' || !str(g['commit'], 64) || !(g['branch'] === null || str(g['branch'], 400))) return undefined;
    git = { commit: g['commit'] as string, branch: (g['branch'] as string | null) ?? null };
  }
  const checks: HistoryCheck[] = [];
  for (const c of r['checks'] as unknown[]) {
    const x = parseCheck(c);
    if (!x) return undefined;
    checks.push(x);
  }
  return { v: 1, runId: r['runId'] as string, time: r['time'] as string, source: r['source'] as string, config: r['config'] as string, git, status: r['status'] as HistoryRun['status'], durationMs: r['durationMs'] as number, checks };
}

function parseCheck(raw: unknown): HistoryCheck | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const c = raw as Record<string, unknown>;
  if (!str(c['id'], 400) || !str(c['kind'], 100) || !str(c['title'], 1000) || !STATUSES.has(String(c['status'])) || !str(c['summary'], 20000)) return undefined;
  const metrics = Object.create(null) as Record<string, number>;
  const m = c['metrics'];
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) if (num(v) && k.length <= 200) metrics[k] = v;
  const files: HistoryCheck['files'] = [];
  if (!Array.isArray(c['files'])) return undefined;
  for (const f of c['files'] as unknown[]) {
    const x = f as Record<string, unknown>;
    if (typeof x !== 'object' || x === null || !str(x['path']) || !(x['sha256'] === null || str(x['sha256'], 64)) || !(x['bytes'] === null || num(x['bytes']))) return undefined;
    files.push({ path: x['path'] as string, sha256: x['sha256'] as string | null, bytes: x['bytes'] as number | null });
  }
  return { id: c['id'] as string, kind: c['kind'] as string, title: c['title'] as string, status: c['status'] as HistoryCheck['status'], summary: c['summary'] as string, metrics, files };
}
