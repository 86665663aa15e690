import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../../errors';
import type { ModelVersion } from '../types';
import { git, gitLog, gitRoot } from './git';
import { tempCopy } from './tempCopy';
import { dict, own } from '../../dict';

/** What DVC records about a tracked output. */
export interface DvcInfo {
  /** The file that tracks it: 'model.json.dvc' or 'dvc.lock'. */
  trackedBy: string;
  stage: string | null;
  md5: string | null;
  params: Record<string, string>;
  metrics: Record<string, number>;
}

const parseYaml = (text: string): unknown => {
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
};
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const posix = (p: string): string => p.split(sep).join('/');

/** Flattens nested objects with dots: {train: {eta: 0.1}} → {'train.eta': 0.1}. Arrays are kept as JSON text. */
export function flatten(v: unknown): Record<string, unknown> {
  const out = dict<unknown>();
  const walk = (x: unknown, prefix: string): void => {
    if (typeof x === 'object' && x !== null && !Array.isArray(x)) for (const [k, y] of Object.entries(x)) walk(y, prefix ? `${prefix}.${k}` : k);
    else if (prefix) out[prefix] = Array.isArray(x) ? JSON.stringify(x) : x;
  };
  walk(v, '');
  return out;
}

/** The md5 of `rel` (relative to the tracking file's folder) in a .dvc or dvc.lock document, with its stage. */
export function outMd5(doc: unknown, rel: string): { md5: string; stage: string | null } | null {
  const match = (outs: unknown, stage: string | null) => {
    for (const o of Array.isArray(outs) ? outs : []) {
      const e = obj(o);
      if (posix(String(e['path'] ?? '')) === rel && typeof e['md5'] === 'string') return { md5: e['md5'].replace(/\.dir$/, ''), stage };
    }
    return null;
  };
  const d = obj(doc);
  if (d['outs']) return match(d['outs'], null);
  for (const [stage, s] of Object.entries(obj(d['stages']))) {
    const hit = match(obj(s)['outs'], stage);
    if (hit) return hit;
  }
  return null;
}

/** Finds the DVC tracking of `file`: its `.dvc` file, or a dvc.lock in its folder or an ancestor up to the DVC/git root. */
export function dvcInfo(file: string): DvcInfo | null {
  const abs = resolve(file);
  const own = `${abs}.dvc`;
  if (existsSync(own)) {
    const hit = outMd5(parseYaml(readFileSync(own, 'utf8')), basename(abs));
    return { trackedBy: own, stage: null, md5: hit?.md5 ?? null, params: {}, metrics: {} };
  }
  for (let dir = dirname(abs); ; dir = dirname(dir)) {
    const lock = join(dir, 'dvc.lock');
    if (existsSync(lock)) {
      const doc = parseYaml(readFileSync(lock, 'utf8'));
      const hit = outMd5(doc, posix(relative(dir, abs)));
      if (hit) return { trackedBy: lock, ...hit, ...stageRecords(dir, doc, hit.stage) };
    }
    if (existsSync(join(dir, '.dvc')) || existsSync(join(dir, '.git')) || dirname(dir) === dir) return null;
  }
}

/** The stage's params (as locked in dvc.lock) and its metrics files (declared in dvc.yaml), flattened. */
function stageRecords(dir: string, lock: unknown, stage: string | null): { params: Record<string, string>; metrics: Record<string, number> } {
  const params = dict<string>();
  const metrics = dict<number>();
  if (!stage) return { params, metrics };
  for (const [, values] of Object.entries(obj(obj(own(obj(obj(lock)['stages']), stage))['params']))) {
    for (const [k, v] of Object.entries(flatten(values))) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  // Nothing locked (e.g. dvc.lock written before params were declared): fall back to params.yaml as it is now.
  const paramsFile = join(dir, 'params.yaml');
  if (Object.keys(params).length === 0 && existsSync(paramsFile)) {
    for (const [k, v] of Object.entries(flatten(parseYaml(readFileSync(paramsFile, 'utf8'))))) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  const yamlFile = join(dir, 'dvc.yaml');
  const declared = existsSync(yamlFile) ? obj(own(obj(obj(parseYaml(readFileSync(yamlFile, 'utf8')))['stages']), stage))['metrics'] : undefined;
  for (const m of Array.isArray(declared) ? declared : []) {
    const path = typeof m === 'string' ? m : Object.keys(obj(m))[0];
    if (!path) continue;
    const f = join(dir, path);
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    const doc: unknown = /\.json$/i.test(f) ? JSON.parse(text) : parseYaml(text);
    for (const [k, v] of Object.entries(flatten(doc))) if (typeof v === 'number') metrics[k] = v;
  }
  return { params, metrics };
}

/** Where DVC keeps a cached object: DVC 3 (.dvc/cache/files/md5/ab/cdef…) or DVC 2 (.dvc/cache/ab/cdef…). */
export function cachePath(projectRoot: string, md5: string): string | null {
  for (const p of [join(projectRoot, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2)), join(projectRoot, '.dvc', 'cache', md5.slice(0, 2), md5.slice(2))]) {
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/** The DVC project root: the nearest ancestor with a .dvc folder. */
export function dvcRoot(file: string): string | null {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.dvc'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

export interface DvcRevision {
  commit: string;
  short: string;
  date: string;
  subject: string;
  md5: string;
  /** The cached object holding this revision's content; null when the cache lacks it (run `dvc pull`). */
  cached: string | null;
}

/** Past revisions of a DVC-tracked model: the git history of its tracking file, each with the locked md5. */
export async function dvcRevisions(file: string): Promise<DvcRevision[]> {
  const info = dvcInfo(file);
  const root = dvcRoot(file);
  const repo = await gitRoot(file);
  if (!info || !root || !repo) return [];
  const rel = posix(relative(dirname(info.trackedBy), resolve(file)));
  const out: DvcRevision[] = [];
  for (const c of await gitLog(info.trackedBy, 50)) {
    const text = String(await git(repo, ['show', `${c.hash}:${c.path}`]).catch(() => ''));
    const hit = outMd5(parseYaml(text), info.trackedBy.endsWith('.dvc') ? basename(file) : rel);
    if (hit && !out.some((r) => r.md5 === hit.md5)) out.push({ commit: c.hash, short: c.short, date: c.date, subject: c.subject, md5: hit.md5, cached: cachePath(root, hit.md5) });
  }
  return out;
}

/** The working-copy model with what DVC records about it. */
export function attachDvc(v: ModelVersion, file: string): ModelVersion {
  const info = dvcInfo(file);
  if (!info) return v;
  return { ...v, params: { ...info.params, ...v.params }, metrics: { ...info.metrics, ...v.metrics }, info: { ...v.info, dvc: basename(info.trackedBy), ...(info.stage ? { dvcStage: info.stage } : {}), ...(info.md5 ? { md5: info.md5 } : {}) } };
}

/** A past DVC revision read from the cache (a temp copy, so the cache is never touched). */
export function dvcRevisionVersion(file: string, r: DvcRevision): ModelVersion {
  if (!r.cached) throw new InputError('DVC_NOT_CACHED', `DVC object ${r.md5} of ${basename(file)} at ${r.short} is not in the local cache; run 'dvc fetch' for that revision first.`, { md5: r.md5 });
  const bytes = readFileSync(r.cached);
  const tmp = tempCopy(basename(file), bytes);
  return { label: `${basename(file)} @ dvc ${r.short}`, source: 'dvc', file: tmp.file, name: basename(file), bytes: bytes.length, params: {}, metrics: {}, info: { commit: r.commit, date: r.date, message: r.subject, md5: r.md5 }, dispose: tmp.dispose };
}
