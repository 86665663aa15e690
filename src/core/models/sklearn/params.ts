import { NdArray, PyDict, PyGlobal, PyObject, PySet, PySlice, PyTuple, type PyValue } from '../pickle/values';
import type { Attrs } from './state';

const MAX_TEXT = 80;

/** A parameter value as short text, or null when it is not a plain setting (a fitted object, an array …). */
function text(v: PyValue | undefined): string | null {
  if (v === undefined) return null;
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v); // as Python prints them
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;
  if (v instanceof PyGlobal) return v.name;
  if (v instanceof PyTuple || Array.isArray(v)) {
    const items = v instanceof PyTuple ? v.items : v;
    if (items.length > 20) return null;
    const parts = items.map(text);
    if (parts.some((p) => p === null)) return null;
    const s = `${v instanceof PyTuple ? '(' : '['}${parts.join(', ')}${v instanceof PyTuple ? ')' : ']'}`;
    return s.length > MAX_TEXT ? null : s;
  }
  if (v instanceof PyDict || v instanceof PySet || v instanceof PySlice || v instanceof NdArray || v instanceof PyObject) return null;
  return null;
}

/**
 * Hyperparameters stored in the fitted objects, named as get_params(deep=True) names them ('max_depth',
 * 'clf__C', 'prep__num__with_mean'), as 'file.<name>' like the XGBoost reader's file settings: the public
 * attributes that are not fitted state (no leading or trailing underscore) and read as plain values.
 */
export function fileParams(objects: readonly { prefix: string; obj: Attrs }[], version: string | null): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const { prefix, obj } of objects) {
    const state = obj.obj.state;
    if (!(state instanceof PyDict)) continue;
    state.keys.forEach((k, i) => {
      if (typeof k !== 'string' || k.startsWith('_') || k.endsWith('_') || k === 'steps' || k === 'transformers') return;
      const t = text(state.values[i]);
      if (t !== null) out[`file.${prefix}${k}`] = t;
    });
  }
  if (version) out['file.sklearn_version'] = version;
  return out;
}
