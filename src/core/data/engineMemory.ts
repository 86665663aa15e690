import { InputError } from '../errors';

/**
 * The engine's memory limit when the caller sets none: MODEL_LENS_MEMORY_LIMIT (the command line's way to
 * raise it, e.g. `MODEL_LENS_MEMORY_LIMIT=4GB model-lens profile …`), else 1GB. VS Code passes
 * `modelLens.engine.memoryLimit` explicitly.
 */
export function defaultMemoryLimit(): string {
  const v = process.env['MODEL_LENS_MEMORY_LIMIT'];
  return v && /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v.trim()) ? v.trim() : '1GB';
}

/**
 * DuckDB's out-of-memory error as a clear InputError 'ENGINE_MEMORY' that names the limit and the setting that
 * raises it, instead of an "internal error"; other errors are returned unchanged. The analyses plan their
 * work in column batches so that this should not happen; when it does, the message says what helps.
 */
export function describeMemoryError(e: unknown, limit: string): unknown {
  const msg = e instanceof Error ? e.message : String(e);
  if (!/Out of Memory Error|failed to allocate data of size/i.test(msg)) return e;
  const first = msg.split('\n')[0] ?? msg;
  return new InputError(
    'ENGINE_MEMORY',
    `The data engine ran out of memory (limit ${limit}). Raise it with the VS Code setting modelLens.engine.memoryLimit (e.g. "4GB") or, on the command line, MODEL_LENS_MEMORY_LIMIT=4GB; or analyse fewer columns (--columns / --exclude).`,
    { limit, engine: first },
  );
}
