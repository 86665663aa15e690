import type { Dataset } from '../core/data/dataset';
import { InputError } from '../core/errors';
import type { PlanExecutor } from '../core/plan/executor';
import { formatBytes, scanSize, type ConfirmScan } from '../core/warehouse/costGuard';
import { WarehousePlanExecutor } from '../core/warehouse/planExecutor';
import { openSourceDataset } from '../core/warehouse/sourceDataset';
import { loadSources } from '../core/warehouse/sources/loadSources';
import { openSource } from '../core/warehouse/sources/openSource';
import { parseSourceRef } from '../core/warehouse/sources/sourceRef';
import type { OptionSpec } from './args';

/** The options every command that reads data takes to read a warehouse table instead of a file. */
export const SOURCE_OPTIONS: OptionSpec = {
  source: { type: 'string', multiple: true },
  where: { type: 'string' },
  'current-where': { type: 'string' },
  config: { type: 'string' },
  yes: { type: 'boolean' },
};

export const SOURCE_HELP = `Reading a table where it lives (instead of a file):
  --source S         a table of a source declared in modellens.yml, e.g. pg:public.features or
                     warehouse:sales.orders (quote odd names: pg:"My Schema"."odd.name")
  --where F          keep rows matching F (the rules language: day < '2026-11-01' and region = 'eu')
  --config F         modellens.yml holding 'sources:' (default: ./modellens.yml or a folder above)
  --yes              run even when the engine estimates a scan above the source's maxScanBytes
  Only aggregates leave the warehouse; the report says where it ran.`;

export interface CliSource {
  executor: PlanExecutor;
  datasets: Dataset[];
  close(): Promise<void>;
}

/** The CLI's cost guard: without --yes a scan above the limit is refused with the estimate (InputError SCAN_TOO_LARGE). */
export function cliConfirm(yes: boolean): ConfirmScan {
  return async (estimate, limit, what) => {
    if (yes) process.stderr.write(`model-lens: ${what}: the engine estimates ${scanSize(estimate)} scanned (limit ${formatBytes(limit)}); running it because of --yes.\n`);
    return yes;
  };
}

/**
 * Opens the tables named by --source (and --where / --current-where) when given; undefined otherwise (the
 * command reads files). `count` 2 (drift): two --source values are reference and current; one --source with
 * --current-where compares two parts of the same table (reference: --where).
 */
export async function openCliSources(command: string, values: Record<string, unknown>, positionals: readonly string[], count: 1 | 2, signal: AbortSignal): Promise<CliSource | undefined> {
  const refs = (values['source'] as string[] | undefined) ?? [];
  const where = values['where'] as string | undefined;
  const currentWhere = values['current-where'] as string | undefined;
  if (!refs.length) {
    if (where !== undefined || currentWhere !== undefined) throw new InputError('BAD_ARGUMENT', `${command}: --where and --current-where filter a --source table; files are read whole.`);
    return undefined;
  }
  if (positionals.length) throw new InputError('BAD_ARGUMENT', `${command}: give either dataset files or --source, not both.`);
  const parsed = refs.map(parseSourceRef);
  if (parsed.length > count) throw new InputError('BAD_ARGUMENT', `${command}: takes ${count === 1 ? 'one --source' : 'at most two --source values (reference and current)'}; got ${parsed.length}.`);
  if (count === 1 && currentWhere !== undefined) throw new InputError('BAD_ARGUMENT', `${command}: --current-where is for drift; use --where.`);
  if (count === 2 && parsed.length === 1 && currentWhere === undefined) throw new InputError('BAD_ARGUMENT', `${command}: with one --source, give --current-where (and --where for the reference), e.g. --where "day < '2026-11-01'" --current-where "day >= '2026-11-01'"; or give two --source values.`);
  if (new Set(parsed.map((p) => p.source)).size > 1) throw new InputError('BAD_ARGUMENT', `${command}: both tables must come from the same source (got ${parsed.map((p) => p.source).join(' and ')}).`);
  const { sources } = loadSources(values['config'] as string | undefined);
  const config = sources.get(parsed[0]!.source);
  if (!config) throw new InputError('BAD_SOURCE', `${command}: unknown source '${parsed[0]!.source}'; declared: ${[...sources.keys()].join(', ') || '(none)'}. Declare it under 'sources:' in modellens.yml.`);
  const warehouse = await openSource(config);
  const executor = new WarehousePlanExecutor(warehouse, { maxScanBytes: config.maxScanBytes, confirm: cliConfirm(values['yes'] === true), what: `${command} of ${refs.join(' and ')}` });
  try {
    const datasets: Dataset[] = [];
    if (count === 2 && parsed.length === 1) {
      datasets.push(await openSourceDataset(executor, parsed[0]!, { signal, where, whereOption: '--where' }));
      datasets.push(await openSourceDataset(executor, parsed[0]!, { signal, where: currentWhere, whereOption: '--current-where' }));
    } else {
      for (const [i, p] of parsed.entries()) datasets.push(await openSourceDataset(executor, p, { signal, where: i === 0 ? where : currentWhere, whereOption: i === 0 ? '--where' : '--current-where' }));
    }
    return { executor, datasets, close: () => warehouse.close() };
  } catch (e) {
    await warehouse.close();
    throw e;
  }
}

/** Where a report was computed, for JSON reports read from a --source (local reports are unchanged). */
export function computedIn(remote: CliSource): { engine: string; location: string; queries: number; bytesReceived: number; bytesScanned?: number; note: string } {
  const w = (remote.executor as WarehousePlanExecutor).warehouse;
  return { engine: remote.executor.engine.name, location: remote.executor.engine.label, queries: w.stats.queries, bytesReceived: w.stats.bytesReceived, ...(w.stats.bytesScanned !== undefined ? { bytesScanned: w.stats.bytesScanned } : {}), note: 'computed in the database; only aggregates were transferred. Figures marked approximate say so; all others are exact.' };
}

/** A report text with where it ran: JSON gets `computedIn`, Markdown a line under its title; other formats are returned as they are. */
export function withComputedIn(text: string, format: string, remote: CliSource | undefined): string {
  if (!remote) return text;
  const c = computedIn(remote);
  if (format === 'json') {
    const doc = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify({ ...doc, computedIn: c }, null, 2);
  }
  if (format === 'md') {
    const line = `_Computed in ${c.location}: ${c.queries} queries, ${formatBytes(c.bytesReceived)} received (aggregates only)${c.bytesScanned !== undefined ? `, ${formatBytes(c.bytesScanned)} scanned by the engine` : ''}._`;
    const nl = text.indexOf('\n');
    return nl < 0 ? `${text}\n\n${line}` : `${text.slice(0, nl)}\n\n${line}\n${text.slice(nl)}`;
  }
  return text;
}
