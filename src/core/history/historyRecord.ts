import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ChecksReport } from '../checks/types';
import { gitRevision } from './gitRevision';
import type { HistoryRun } from './historyTypes';

/** Files above this size are hashed only in their first and last 64 MiB plus their size (noted as such). */
const FULL_HASH_BYTES = 256 * 1024 * 1024;
const cache = new Map<string, { key: string; sha256: string }>();

/** SHA-256 of a file's content (cached per path, size and modification time within the process). */
export function fileDigest(path: string): { sha256: string | null; bytes: number | null } {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return { sha256: null, bytes: null };
    const key = `${st.size}:${st.mtimeMs}`;
    const hit = cache.get(path);
    if (hit?.key === key) return { sha256: hit.sha256, bytes: st.size };
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    const hashRange = (from: number, to: number) => {
      for (let at = from; at < to;) {
        const n = readSync(fd!, buf, 0, Math.min(buf.length, to - at), at);
        if (n <= 0) break;
        h.update(buf.subarray(0, n));
        at += n;
      }
    };
    if (st.size <= FULL_HASH_BYTES) hashRange(0, st.size);
    else {
      hashRange(0, 64 << 20);
      hashRange(st.size - (64 << 20), st.size);
      h.update(`size:${st.size}`);
    }
    const sha256 = h.digest('hex');
    cache.set(path, { key, sha256 });
    return { sha256, bytes: st.size };
  } catch {
    return { sha256: null, bytes: null };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The history line of one run of the checks. Paths are stored relative to the workspace folder. */
export function runRecord(report: ChecksReport, baseDir: string, source: string): HistoryRun {
  const base = resolve(baseDir);
  const rel = (p: string) => relative(base, resolve(p)).split('\\').join('/');
  return {
    v: 1,
    runId: randomUUID(),
    time: report.startedAt,
    source,
    config: rel(report.config),
    git: gitRevision(base),
    status: report.status,
    durationMs: report.durationMs,
    checks: report.checks.map((c) => ({
      id: c.id, kind: c.kind, title: c.title, status: c.status, summary: c.summary,
      metrics: Object.fromEntries(Object.entries(c.metrics).filter(([, v]) => Number.isFinite(v))),
      files: c.files.filter((f) => !/^(git|mlflow):/.test(f)).map((f) => ({ path: rel(f), ...fileDigest(f) })),
    })),
  };
}
