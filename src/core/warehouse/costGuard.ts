import { InputError } from '../errors';
import type { CostEstimate, WarehouseExecutor } from './types';

/** '10GB', '500 MB', '1.5TiB', 1e9, 0 → bytes (decimal units are powers of 1000, binary ones of 1024); undefined if not a size. */
export function parseByteSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|PB|KIB|MIB|GIB|TIB|PIB)?\s*$/i.exec(v);
  if (!m) return undefined;
  const unit = (m[2] ?? 'B').toUpperCase();
  const power = ['B', 'K', 'M', 'G', 'T', 'P'].indexOf(unit[0]!);
  return Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** power;
}

/** The estimate for questions and messages: 'about 1.2 GB' or 'an unknown amount'. */
export function scanSize(estimate: CostEstimate): string {
  return estimate.bytes === null ? 'an unknown amount' : `about ${formatBytes(estimate.bytes)}`;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let x = n;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${i === 0 ? x : x.toFixed(x < 10 ? 2 : 1)} ${units[i]}`;
}

/**
 * Asked before a scan above the limit: true runs it. The CLI answers from --yes (or refuses), the editor
 * with a modal dialog.
 */
export type ConfirmScan = (estimate: CostEstimate, limit: number, what: string) => Promise<boolean>;

/**
 * The cost guard: asks the engine what `sql` would scan (BigQuery dry run, EXPLAIN elsewhere) and, above
 * `limit` bytes, asks `confirm`; a refusal throws InputError SCAN_TOO_LARGE.
 * An engine that cannot estimate (null bytes) passes with no question, unless it bills by bytes scanned and
 * says so (askWhenUnknown: Athena), when the question says the size is unknown. limit 0 turns the guard off.
 */
export async function guardScan(executor: WarehouseExecutor, sql: string, limit: number, confirm: ConfirmScan, options: { signal?: AbortSignal | undefined; what: string }): Promise<CostEstimate | undefined> {
  if (!(limit > 0)) return undefined;
  const estimate = await executor.estimate(sql, { signal: options.signal });
  if (estimate.bytes === null ? !estimate.askWhenUnknown : estimate.bytes <= limit) return estimate;
  if (!(await confirm(estimate, limit, options.what))) {
    if (estimate.bytes === null) throw new InputError('SCAN_TOO_LARGE', `${options.what}: ${executor.location} cannot say how much it would scan (${estimate.method}). Confirm with --yes, set 'maxScanBytes: 0' for the source in modellens.yml to stop asking, and cap the scan on the server (Athena: the workgroup's per-query data usage control).`, { bytes: null, limit });
    throw new InputError('SCAN_TOO_LARGE', `${options.what} would scan about ${formatBytes(estimate.bytes)} in ${executor.location} (${estimate.method}), above the source's limit of ${formatBytes(limit)}. Narrow it with --where, raise 'maxScanBytes' for the source in modellens.yml, or confirm with --yes.`, { bytes: estimate.bytes, limit });
  }
  return estimate;
}
