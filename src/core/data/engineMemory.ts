import type { Engine, RunOptions } from './engine';

const UNITS = new Map<string, number>([
  ['b', 1], ['bytes', 1], ['kb', 1e3], ['mb', 1e6], ['gb', 1e9], ['tb', 1e12],
  ['kib', 2 ** 10], ['mib', 2 ** 20], ['gib', 2 ** 30], ['tib', 2 ** 40],
]);

/** A size as DuckDB prints or accepts it ('953.6 MiB', '1GB', '512 MB') in bytes; undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS.get((m[2] || 'b').toLowerCase());
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** The engine's memory limit in bytes, as DuckDB applies it (the setting modelLens.engine.memoryLimit / MODEL_LENS_MEMORY_LIMIT). */
export async function engineMemoryBytes(engine: Engine, options: RunOptions = {}): Promise<number> {
  const r = await engine.run(`SELECT current_setting('memory_limit') AS m`, options);
  return parseSize(String(r[0]?.['m'] ?? '')) ?? 2 ** 30;
}
