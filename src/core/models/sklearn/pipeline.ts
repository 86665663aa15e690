import { NONE_CATEGORY } from '../featureSql';
import type { CategoryEncoding } from '../types';
import { arrayValues } from '../pickle/ndarray';
import { NdArray, PyObject, PySlice, PyTuple, type PyValue } from '../pickle/values';
import { opsIncreasing, type Column, type Op } from './columns';
import { Attrs, bad, className, unsupported } from './state';

/** What a fitted Pipeline (or bare estimator) reads from a dataset, and what its final estimator sees. */
export interface Prepared {
  /** Input column names (feature_names_in_), or null when it was fitted without names. */
  rawNames: string[] | null;
  numRaw: number;
  /** The final estimator's input columns, each a function of one raw column. */
  columns: Column[];
  /** Per raw column, its category encoding when a OneHotEncoder reads it. */
  encodings: (CategoryEncoding | null)[];
  final: Attrs;
  /** The structure in words, e.g. 'Pipeline(StandardScaler, LogisticRegression)'. */
  structure: string;
  /** Every fitted object with its get_params-style prefix ('' for the top level, 'clf__' for a step). */
  objects: { prefix: string; obj: Attrs }[];
}

const PASSTHROUGH = (v: PyValue | undefined): boolean => v === 'passthrough' || v === null;

/** Reads the pipeline structure around the final estimator. */
export function preparePipeline(top: Attrs): Prepared {
  const objects: Prepared['objects'] = [{ prefix: '', obj: top }];
  const steps: { name: string; est: PyValue }[] = top.name === 'Pipeline' ? pipelineSteps(top) : [{ name: '', est: top.obj }];
  const active = steps.filter((s) => !PASSTHROUGH(s.est));
  const last = active[active.length - 1];
  if (!last) throw bad('has a Pipeline without an estimator');
  const first = Attrs.of(active[0]!.est, 'the first step');
  const rawNames = first.featureNames();
  const numRaw = rawNames ? rawNames.length : first.int('n_features_in_');
  const ctx = new Context(rawNames, numRaw);
  let columns: Column[] = Array.from({ length: numRaw }, (_, raw): Column => ({ kind: 'numeric', raw, ops: [] }));
  const parts: string[] = [];
  for (const step of active.slice(0, -1)) {
    const t = Attrs.of(step.est, `step '${step.name}'`);
    if (top.name === 'Pipeline') objects.push({ prefix: `${step.name}__`, obj: t });
    columns = ctx.transform(t, columns, `${step.name}__`, objects);
    parts.push(ctx.describe(t));
  }
  const final = Attrs.of(last.est, top.name === 'Pipeline' ? `step '${last.name}'` : 'the model');
  if (top.name === 'Pipeline') objects.push({ prefix: `${last.name}__`, obj: final });
  const n = final.has('n_features_in_') ? final.int('n_features_in_') : columns.length;
  if (n !== columns.length) throw bad(`has a ${final.name} fitted on ${n} columns, but the steps before it produce ${columns.length}`);
  for (const c of columns) {
    if (c.kind === 'category') {
      const name = rawNames?.[c.raw] ?? `column ${c.raw}`;
      throw unsupported(`passes '${name}' to ${final.name} as text (imputed with ${JSON.stringify(c.fill)}) without a OneHotEncoder`);
    }
    if (c.kind === 'numeric' && ctx.encodings[c.raw]) throw unsupported(`uses '${rawNames?.[c.raw] ?? c.raw}' both one-hot encoded and as a number`);
  }
  parts.push(final.name);
  const structure = top.name === 'Pipeline' ? `Pipeline(${parts.join(', ')})` : final.name;
  return { rawNames, numRaw, columns, encodings: ctx.encodings, final, structure, objects };
}

function pipelineSteps(p: Attrs): { name: string; est: PyValue }[] {
  return p.list('steps').map((s, i) => {
    const items = s instanceof PyTuple ? s.items : Array.isArray(s) ? s : null;
    if (!items || items.length !== 2 || typeof items[0] !== 'string') throw bad(`has a Pipeline whose step ${i} is not a (name, estimator) pair`);
    return { name: items[0], est: items[1] ?? null };
  });
}

class Context {
  readonly encodings: (CategoryEncoding | null)[];

  constructor(readonly rawNames: string[] | null, numRaw: number) {
    this.encodings = new Array<CategoryEncoding | null>(numRaw).fill(null);
  }

  private name(raw: number): string {
    return `'${this.rawNames?.[raw] ?? `column ${raw}`}'`;
  }

  describe(t: Attrs): string {
    if (t.name !== 'ColumnTransformer' && t.name !== 'Pipeline') return t.name;
    if (t.name === 'Pipeline') return `Pipeline(${pipelineSteps(t).filter((s) => !PASSTHROUGH(s.est)).map((s) => this.describe(Attrs.of(s.est, s.name))).join(', ')})`;
    const parts = transformerTriples(t).filter(([, tr]) => tr !== 'drop').map(([name, tr]) => `${name}: ${typeof tr === 'string' ? tr : this.describe(Attrs.of(tr, name))}`);
    return `ColumnTransformer(${parts.join('; ')})`;
  }

  transform(t: Attrs, inputs: Column[], prefix: string, objects: Prepared['objects']): Column[] {
    if (t.has('n_features_in_') && t.int('n_features_in_') !== inputs.length) {
      throw bad(`has a ${t.name} fitted on ${t.int('n_features_in_')} columns, but it receives ${inputs.length}`);
    }
    switch (t.name) {
      case 'Pipeline': {
        let cols = inputs;
        for (const s of pipelineSteps(t)) {
          if (PASSTHROUGH(s.est)) continue;
          const inner = Attrs.of(s.est, `${t.path} step '${s.name}'`);
          objects.push({ prefix: `${prefix}${s.name}__`, obj: inner });
          cols = this.transform(inner, cols, `${prefix}${s.name}__`, objects);
        }
        return cols;
      }
      case 'ColumnTransformer': return this.columnTransformer(t, inputs, prefix, objects);
      case 'StandardScaler': return this.numeric(t, inputs, (i) => [
        ...(t.bool('with_mean', true) && t.raw('mean_') ? [{ kind: 'sub' as const, value: t.numbers('mean_')[i]! }] : []),
        ...(t.bool('with_std', true) && t.raw('scale_') ? [{ kind: 'div' as const, value: t.numbers('scale_')[i]! }] : []),
      ]);
      case 'RobustScaler': return this.numeric(t, inputs, (i) => [
        ...(t.raw('center_') ? [{ kind: 'sub' as const, value: t.numbers('center_')[i]! }] : []),
        ...(t.raw('scale_') ? [{ kind: 'div' as const, value: t.numbers('scale_')[i]! }] : []),
      ]);
      case 'MinMaxScaler': {
        const range = t.list('feature_range');
        const [lo, hi] = range.map(Number);
        return this.numeric(t, inputs, (i) => [
          { kind: 'mul', value: t.numbers('scale_')[i]! },
          { kind: 'add', value: t.numbers('min_')[i]! },
          ...(t.bool('clip', false) ? [{ kind: 'clip' as const, lo: lo!, hi: hi! }] : []),
        ]);
      }
      case 'SimpleImputer': return this.imputer(t, inputs);
      case 'OneHotEncoder': return this.oneHot(t, inputs);
      case 'FunctionTransformer':
        if (t.raw('func') !== null && t.raw('func') !== undefined) throw unsupported('uses a FunctionTransformer with a function');
        return inputs;
      default:
        throw unsupported(`uses ${t.name} as a transformer; Model Lens reads StandardScaler, MinMaxScaler, RobustScaler, SimpleImputer, OneHotEncoder, ColumnTransformer and Pipeline`);
    }
  }

  private numeric(t: Attrs, inputs: Column[], ops: (i: number) => Op[]): Column[] {
    return inputs.map((c, i) => {
      if (c.kind !== 'numeric') throw unsupported(`applies ${t.name} to ${this.name(c.raw)}, which is ${c.kind === 'indicator' ? 'one-hot encoded' : 'text'}`);
      const added = ops(i);
      if (added.some((o) => 'value' in o && !Number.isFinite(o.value))) throw bad(`has a ${t.name} with a non-finite statistic for ${this.name(c.raw)}`);
      const all = [...c.ops, ...added];
      if (!opsIncreasing(all)) throw unsupported(`has a ${t.name} with a negative scale for ${this.name(c.raw)}`);
      return { kind: 'numeric', raw: c.raw, ops: all };
    });
  }

  private imputer(t: Attrs, inputs: Column[]): Column[] {
    const mv = t.raw('missing_values');
    if (!(mv === null || (typeof mv === 'number' && Number.isNaN(mv)))) {
      throw unsupported(`has a SimpleImputer(missing_values=${String(mv)}); only NaN/None missing values are read`);
    }
    if (t.bool('add_indicator', false)) throw unsupported('has a SimpleImputer(add_indicator=True), which is not supported');
    const statsArr = t.optArray('statistics_');
    if (!statsArr) throw bad('has a SimpleImputer without statistics_ (is it fitted?)');
    const stats = arrayValues(statsArr, 'SimpleImputer.statistics_');
    const keepEmpty = t.bool('keep_empty_features', false);
    const out: Column[] = [];
    inputs.forEach((c, i) => {
      let s = stats[i];
      if (s === undefined) throw bad(`has a SimpleImputer with ${stats.length} statistics for ${inputs.length} columns`);
      if (typeof s === 'number' && Number.isNaN(s)) {
        if (!keepEmpty) return; // scikit-learn drops a column that was all missing when fitted
        s = 0;
      }
      if (c.kind === 'indicator') throw unsupported(`imputes ${this.name(c.raw)} after one-hot encoding`);
      if (typeof s === 'number') {
        if (c.kind === 'category') out.push({ ...c, fill: c.fill ?? s });
        else out.push({ kind: 'numeric', raw: c.raw, ops: [...c.ops, { kind: 'impute', value: s }] });
        return;
      }
      if (typeof s !== 'string') throw unsupported(`has a SimpleImputer statistic ${className(s)} for ${this.name(c.raw)}`);
      if (c.kind === 'numeric' && c.ops.length > 0) throw unsupported(`imputes the text ${JSON.stringify(s)} into the scaled column ${this.name(c.raw)}`);
      out.push({ kind: 'category', raw: c.raw, fill: c.kind === 'category' ? (c.fill ?? s) : s });
    });
    return out;
  }

  private oneHot(t: Attrs, inputs: Column[]): Column[] {
    const cats = t.list('categories_');
    if (cats.length !== inputs.length) throw bad(`has a OneHotEncoder with ${cats.length} category lists for ${inputs.length} columns`);
    if (t.bool('_infrequent_enabled', false)) {
      const inf = t.raw('infrequent_categories_');
      const lists = Array.isArray(inf) ? inf : [];
      if (lists.some((l) => l !== null)) throw unsupported('has a OneHotEncoder with infrequent categories (min_frequency / max_categories), which is not supported');
    }
    const unknownMode = t.optStr('handle_unknown') === 'error' ? 'error' : 'ignore';
    const dropRaw = t.raw('drop_idx_');
    const drops = dropRaw instanceof NdArray ? arrayValues(dropRaw, 'OneHotEncoder.drop_idx_') : null;
    const out: Column[] = [];
    inputs.forEach((c, i) => {
      const arr = cats[i];
      if (!(arr instanceof NdArray)) throw bad('has a OneHotEncoder whose categories_ are not arrays');
      const values = arrayValues(arr, 'OneHotEncoder.categories_');
      let fill: string | number | null = null;
      if (c.kind === 'indicator') throw unsupported(`one-hot encodes ${this.name(c.raw)} twice`);
      if (c.kind === 'numeric') {
        if (c.ops.some((o) => o.kind !== 'impute')) throw unsupported(`one-hot encodes the scaled column ${this.name(c.raw)}`);
        const imp = c.ops.find((o) => o.kind === 'impute');
        fill = imp && imp.kind === 'impute' ? imp.value : null;
      } else {
        fill = c.fill;
      }
      const known: (string | number)[] = [];
      let missing = -1;
      values.forEach((v, k) => {
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
          if (missing < 0 || typeof v === 'number') missing = k; // NaN (what pandas reads) before None
          known.push(typeof v === 'number' ? NaN : NONE_CATEGORY);
        } else if (typeof v === 'string' || typeof v === 'number') known.push(v);
        else if (typeof v === 'boolean') known.push(v ? 1 : 0);
        else throw unsupported(`has a OneHotEncoder category of type ${className(v)}`);
      });
      if (fill !== null) missing = known.findIndex((v) => v === fill);
      const encoding: CategoryEncoding = { values: known, missing, unknown: unknownMode };
      const prior = this.encodings[c.raw];
      if (prior) throw unsupported(`one-hot encodes ${this.name(c.raw)} in two places`);
      this.encodings[c.raw] = encoding;
      const drop = drops?.[i];
      known.forEach((_v, k) => {
        if (typeof drop === 'number' && drop === k) return;
        out.push({ kind: 'indicator', raw: c.raw, code: k });
      });
    });
    return out;
  }

  private columnTransformer(t: Attrs, inputs: Column[], prefix: string, objects: Prepared['objects']): Column[] {
    if (t.raw('transformer_weights') !== null && t.raw('transformer_weights') !== undefined) throw unsupported('has a ColumnTransformer with transformer_weights, which is not supported');
    const indices = t.dict('_transformer_to_input_indices');
    const names = t.featureNames();
    const out: Column[] = [];
    for (const [name, tr, spec] of transformerTriples(t)) {
      const idxValue = indices?.get(name);
      const idx = idxValue !== undefined ? columnIndices(idxValue, null, inputs.length) : columnIndices(spec, names, inputs.length);
      if (tr === 'drop' || idx.length === 0) continue;
      const selected = idx.map((i) => inputs[i]!);
      if (tr === 'passthrough') {
        out.push(...selected);
        continue;
      }
      const inner = Attrs.of(tr, `${t.path} transformer '${name}'`);
      objects.push({ prefix: `${prefix}${name}__`, obj: inner });
      out.push(...this.transform(inner, selected, `${prefix}${name}__`, objects));
    }
    return out;
  }
}

/** (name, transformer, columns) of a fitted ColumnTransformer, remainder included. */
function transformerTriples(t: Attrs): [string, PyValue, PyValue][] {
  return t.list('transformers_').map((x, i) => {
    const items = x instanceof PyTuple ? x.items : Array.isArray(x) ? x : null;
    if (!items || items.length !== 3 || typeof items[0] !== 'string') throw bad(`has a ColumnTransformer whose transformers_[${i}] is not a (name, transformer, columns) triple`);
    const tr = items[1]!;
    if (!(typeof tr === 'string' || tr instanceof PyObject)) throw bad(`has a ColumnTransformer transformer '${items[0]}' of ${className(tr)}`);
    return [items[0], tr, items[2]!];
  });
}

/** Column indices a ColumnTransformer column spec selects: names, integers, slices, boolean masks, or lists of them. */
function columnIndices(spec: PyValue, names: string[] | null, n: number): number[] {
  const byName = (s: string): number => {
    const i = names?.indexOf(s) ?? -1;
    if (i < 0) throw bad(`has a ColumnTransformer that selects column '${s}', which is not among its inputs`);
    return i;
  };
  const one = (v: PyValue): number => {
    if (typeof v === 'string') return byName(v);
    if (typeof v === 'number' && Number.isInteger(v) && v >= -n && v < n) return v < 0 ? n + v : v;
    throw bad(`has a ColumnTransformer column selector ${className(v)}`);
  };
  if (spec instanceof PySlice) {
    const start = spec.start === null ? 0 : typeof spec.start === 'string' ? byName(spec.start) : one(spec.start);
    // A slice of names includes its end (pandas .loc); a slice of integers does not.
    const stop = spec.stop === null ? n : typeof spec.stop === 'string' ? byName(spec.stop) + 1 : Math.min(n, Number(spec.stop));
    const step = spec.step === null ? 1 : Number(spec.step);
    if (!(step >= 1)) throw unsupported('has a ColumnTransformer slice with a step below 1');
    const out: number[] = [];
    for (let i = start; i < stop; i += step) out.push(i);
    return out;
  }
  const list = spec instanceof NdArray ? arrayValues(spec, 'column selector') : Array.isArray(spec) ? spec : spec instanceof PyTuple ? [...spec.items] : [spec];
  if (list.length === n && list.every((v) => typeof v === 'boolean')) return list.flatMap((v, i) => (v ? [i] : []));
  return list.map(one);
}
