/**
 * Prototype-safe lookups keyed by user text (column, category, group, option and YAML key names). A plain `{}`
 * answers `obj['constructor']` with the Object function and treats `obj['__proto__'] = v` as a prototype change;
 * these helpers never reach Object.prototype. Prefer a Map; use these where a plain record is the natural shape
 * (JSON reports, parsed YAML/JSON, VS Code settings). The lint rule model-lens/prototype-safe-lookup
 * (scripts/eslint/prototypeSafeLookup.mjs) reports lookups that bypass them.
 */

/** A record without a prototype, optionally filled from entries: every key, `__proto__` included, is an own key. */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `obj[key]` when `key` is an own property of `obj`, else undefined (never an inherited member). */
export function own<T>(obj: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  // eslint-disable-next-line model-lens/prototype-safe-lookup -- guarded by Object.hasOwn
  return obj !== null && obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Whether `key` is an own property of `obj` (the safe form of `key in obj`). */
export function hasOwn(obj: object | null | undefined, key: string): boolean {
  return obj !== null && obj !== undefined && Object.hasOwn(obj, key);
}
