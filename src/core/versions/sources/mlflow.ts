import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../../errors';
import type { ModelVersion } from '../types';
import { own } from '../../dict';
import { dict } from '../../dict';

/** One MLflow run of a local file store (mlruns/<experiment>/<run>/). */
export interface MlflowRun {
  mlruns: string;
  experimentId: string;
  experimentName: string;
  runId: string;
  runName: string;
  /** Epoch milliseconds. */
  startTime: number;
  status: string;
  params: Record<string, string>;
  /** The last value of each metric file (lines "timestamp value step"); the last line by step, then timestamp. */
  metrics: Record<string, number>;
  tags: Record<string, string>;
  /** Model files found in the run's artifacts (MLmodel flavors' data), absolute paths. */
  models: string[];
  /** Model-registry entries pointing at this run: 'name v3 (Production)'. */
  registered: string[];
}

const STATUS: Record<string, string> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' };
const MODEL_EXT = /\.(json|ubj|xgb|bst|model|txt|onnx|lgb|pkl|pickle|joblib)$/i;

const readYaml = (file: string): Record<string, unknown> => {
  try {
    const v: unknown = parse(readFileSync(file, 'utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
const files = (dir: string): string[] => (isDir(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : []);

/** Reads a folder of one-value files (params/, tags/); names may be nested folders ('a/b'). */
function valueFolder(dir: string, prefix = ''): Record<string, string> {
  const out = dict<string>();
  for (const f of files(dir)) {
    const p = join(dir, f);
    if (isDir(p)) Object.assign(out, valueFolder(p, `${prefix}${f}/`));
    else out[`${prefix}${f}`] = readFileSync(p, 'utf8').trim();
  }
  return out;
}

/** The final value of each metric: the entry with the highest step (ties: latest timestamp, then last line). */
export function lastMetricValues(dir: string, prefix = ''): Record<string, number> {
  const out = dict<number>();
  for (const f of files(dir)) {
    const p = join(dir, f);
    if (isDir(p)) {
      Object.assign(out, lastMetricValues(p, `${prefix}${f}/`));
      continue;
    }
    let best: { step: number; ts: number; value: number } | undefined;
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      const [ts, value, step] = line.trim().split(/\s+/);
      if (ts === undefined || value === undefined || ts === '') continue;
      const e = { ts: Number(ts), value: Number(value), step: Number(step ?? 0) };
      if (!best || e.step > best.step || (e.step === best.step && e.ts >= best.ts)) best = e;
    }
    if (best && Number.isFinite(best.value)) out[`${prefix}${f}`] = best.value;
  }
  return out;
}

/** Model files of the MLmodel folders under `artifacts` (the xgboost/lightgbm/onnx/sklearn flavor's data, else any model-like file). */
function modelFiles(artifacts: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 4) return;
    for (const f of files(dir)) {
      const p = join(dir, f);
      if (isDir(p)) walk(p, depth + 1);
      else if (f === 'MLmodel') {
        const flavors = (readYaml(p)['flavors'] ?? {}) as Record<string, { data?: unknown; model_data?: unknown; pickled_model?: unknown; model_path?: unknown }>;
        const data = [flavors['xgboost'], flavors['lightgbm'], flavors['onnx'], flavors['sklearn'], flavors['python_function']].map((x) => x?.data ?? x?.model_data ?? x?.pickled_model ?? x?.model_path).find((d): d is string => typeof d === 'string');
        const target = data ? join(dir, data) : dir;
        if (isDir(target)) found.push(...files(target).filter((x) => MODEL_EXT.test(x)).map((x) => join(target, x)));
        else if (existsSync(target)) found.push(target);
      }
    }
  };
  walk(artifacts, 0);
  return found;
}

/** All runs of a local mlruns folder (skipping deleted experiments/runs and the .trash and models folders). */
export function listRuns(mlruns: string): MlflowRun[] {
  const root = resolve(mlruns);
  const registry = registryEntries(root);
  const runs: MlflowRun[] = [];
  for (const exp of files(root)) {
    const expDir = join(root, exp);
    if (exp === 'models' || !existsSync(join(expDir, 'meta.yaml'))) continue;
    const em = readYaml(join(expDir, 'meta.yaml'));
    if (em['lifecycle_stage'] === 'deleted') continue;
    for (const run of files(expDir)) {
      const d = join(expDir, run);
      if (!isDir(d) || !existsSync(join(d, 'meta.yaml'))) continue;
      const m = readYaml(join(d, 'meta.yaml'));
      if (m['lifecycle_stage'] === 'deleted') continue;
      const tags = valueFolder(join(d, 'tags'));
      const runId = String(m['run_id'] ?? m['run_uuid'] ?? run);
      runs.push({
        mlruns: root, experimentId: String(em['experiment_id'] ?? exp), experimentName: String(em['name'] ?? exp), runId,
        runName: String(m['run_name'] ?? tags['mlflow.runName'] ?? runId.slice(0, 8)), startTime: Number(m['start_time'] ?? 0),
        status: own(STATUS, String(m['status'])) ?? String(m['status'] ?? ''),
        params: valueFolder(join(d, 'params')), metrics: lastMetricValues(join(d, 'metrics')), tags,
        models: modelFiles(join(d, 'artifacts')), registered: registry.get(runId) ?? [],
      });
    }
  }
  return runs.sort((a, b) => a.startTime - b.startTime || a.runId.localeCompare(b.runId));
}

/** Registry folders mlruns/models/<name>/version-<n>/meta.yaml, by run id. */
function registryEntries(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of files(join(root, 'models'))) {
    for (const v of files(join(root, 'models', name))) {
      const meta = join(root, 'models', name, v, 'meta.yaml');
      if (!v.startsWith('version-') || !existsSync(meta)) continue;
      const m = readYaml(meta);
      const run = typeof m['run_id'] === 'string' ? m['run_id'] : '';
      const stage = m['current_stage'] && m['current_stage'] !== 'None' ? ` (${String(m['current_stage'])})` : '';
      out.set(run, [...(out.get(run) ?? []), `${String(m['name'] ?? name)} v${String(m['version'] ?? v.slice(8))}${stage}`]);
    }
  }
  return out;
}

/** The nearest `mlruns` folder: `start` itself, an ancestor named mlruns, or an mlruns child of an ancestor. */
export function findMlruns(start: string): string | null {
  let dir = resolve(start);
  if (existsSync(dir) && !isDir(dir)) dir = dirname(dir);
  for (;;) {
    if (basename(dir) === 'mlruns') return dir;
    if (isDir(join(dir, 'mlruns'))) return join(dir, 'mlruns');
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function runVersion(run: MlflowRun, model?: string): ModelVersion {
  const file = model ?? run.models[0];
  if (!file) throw new InputError('MLFLOW_NO_MODEL', `MLflow run ${run.runId} (${run.runName}) has no model artifact (no MLmodel file with a model file under ${join(run.mlruns, run.experimentId, run.runId, 'artifacts')}).`, { runId: run.runId });
  return {
    label: `mlflow ${run.runName} (${run.runId.slice(0, 8)})`,
    source: 'mlflow', file, name: file.slice(run.mlruns.length + 1), bytes: statSync(file).size, params: run.params, metrics: run.metrics,
    info: {
      runId: run.runId, run: run.runName, experiment: run.experimentName, status: run.status,
      ...(run.startTime ? { started: new Date(run.startTime).toISOString() } : {}),
      ...(run.registered.length ? { registered: run.registered.join(', ') } : {}),
    },
  };
}

/** Resolves `mlflow:RUN_ID` (a full id or a unique prefix, or a run name) in the mlruns folder nearest `near`. */
export function mlflowVersion(spec: string, near: string): ModelVersion {
  const mlruns = findMlruns(near) ?? findMlruns(process.cwd());
  if (!mlruns) throw new InputError('MLFLOW_NOT_FOUND', `No mlruns folder found near ${near} or in ${process.cwd()}; 'mlflow:${spec}' needs a local MLflow file store.`);
  const runs = listRuns(mlruns);
  const hits = runs.filter((r) => r.runId === spec || r.runId.startsWith(spec) || r.runName === spec);
  if (hits.length !== 1) {
    throw new InputError('MLFLOW_RUN', `${hits.length ? 'Several' : 'No'} MLflow runs match '${spec}' in ${mlruns}; runs are: ${runs.map((r) => `${r.runId} (${r.runName})`).join(', ') || 'none'}.`, { spec });
  }
  return runVersion(hits[0]!);
}

/** The run whose artifacts hold `file`, if the file is inside an mlruns folder. */
export function runOfFile(file: string): MlflowRun | null {
  const abs = resolve(file);
  const mlruns = findMlruns(abs);
  if (!mlruns || !abs.startsWith(mlruns + sep)) return null;
  return listRuns(mlruns).find((r) => abs.startsWith(join(r.mlruns, r.experimentId, r.runId) + sep)) ?? null;
}
