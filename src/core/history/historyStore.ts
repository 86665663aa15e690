import { closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { InputError } from '../errors';
import { parseHistoryRun, type HistoryRun } from './historyTypes';

/**
 * The run history: `.modellens/history/*.jsonl` beside modellens.yml, one JSON object per line, one line per
 * run of the checks. Append-only and safe against a killed run: a run is one write of one line (a torn last
 * line from a killed writer is skipped on read and never glued to the next record, which starts on a fresh
 * line). Mergeable: every machine writes its own file (`<host>.jsonl`), CI artefacts are just more files in
 * the folder, and readers take the union of all files, dropping duplicate run ids. Links are refused: the
 * folder and the file must be real directories and files inside the workspace (a planted symlink could
 * otherwise make Model Lens append to any file the user can write).
 */
export const HISTORY_DIR = join('.modellens', 'history');
/** Files larger than this are not read (a history line is ~1 KB; 64 MiB is ~60,000 runs per machine). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** This machine's history file name: a short hash of the host name, so names never leak and never clash. */
export function hostFileName(host = hostname()): string {
  return `${createHash('sha256').update(host).digest('hex').slice(0, 12)}.jsonl`;
}

function refuseLink(path: string, what: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return; // absent: it will be created
  }
  if (st.isSymbolicLink()) throw new InputError('HISTORY_LINK', `${what} ${path} is a symbolic link; Model Lens does not follow links when it writes the run history. Replace it with a folder.`, { path });
  if (what === 'history folder' && !st.isDirectory()) throw new InputError('HISTORY_NOT_DIR', `${path} exists but is not a folder; the run history needs ${HISTORY_DIR} to be a folder.`, { path });
}

/** Appends one run to `<baseDir>/.modellens/history/<host>.jsonl` (created as needed). */
export function appendRun(baseDir: string, run: HistoryRun, file = hostFileName()): string {
  const base = resolve(baseDir);
  const dir = join(base, HISTORY_DIR);
  // Every component below the workspace folder must be a real folder, never a link.
  let at = base;
  for (const part of relative(base, dir).split(sep)) {
    at = join(at, part);
    refuseLink(at, part === 'history' ? 'history folder' : 'folder');
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  refuseLink(path, 'history file');
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    if (!fstatSync(fd).isFile()) throw new InputError('HISTORY_NOT_FILE', `${path} is not a regular file.`, { path });
    const line = `${JSON.stringify(run)}\n`;
    writeSync(fd, endsWithNewline(path) ? line : `\n${line}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}

function endsWithNewline(path: string): boolean {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

export interface HistoryRead {
  runs: HistoryRun[];
  /** Lines that were not a valid run (a torn line of a killed run, a hand edit), per file. */
  skipped: { file: string; line: number }[];
  files: string[];
}

/** The history of the workspace folder `baseDir` (its .modellens/history). */
export function readWorkspaceHistory(baseDir: string): HistoryRead {
  return readHistory(join(resolve(baseDir), HISTORY_DIR));
}

/**
 * Every run in a history folder (every *.jsonl file in it, e.g. .modellens/history or a folder of CI
 * artefacts), oldest first, duplicates (same run id, e.g. a file copied in twice) once.
 */
export function readHistory(dir: string): HistoryRead {
  const folder = resolve(dir);
  const out: HistoryRead = { runs: [], skipped: [], files: [] };
  if (!isDir(folder)) return out;
  const seen = new Set<string>();
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.jsonl')).sort()) {
    const path = join(folder, name);
    const st = lstatSync(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) {
      out.skipped.push({ file: path, line: 0 });
      continue;
    }
    out.files.push(path);
    readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
      if (text.trim() === '') return;
      let run: HistoryRun | undefined;
      try {
        run = parseHistoryRun(JSON.parse(text));
      } catch {
        run = undefined;
      }
      if (!run) { out.skipped.push({ file: path, line: i + 1 }); return; }
      if (seen.has(run.runId)) return;
      seen.add(run.runId);
      out.runs.push(run);
    });
  }
  out.runs.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.runId < b.runId ? -1 : 1));
  return out;
}

function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The workspace folder a history folder belongs to. */
export function historyBase(historyDir: string): string {
  return dirname(dirname(resolve(historyDir)));
}
