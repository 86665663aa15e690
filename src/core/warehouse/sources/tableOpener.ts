import type { CheckTable, TableOpener } from '../../checks/checkTables';
import { InputError } from '../../errors';
import type { ConfirmScan } from '../costGuard';
import { WarehousePlanExecutor } from '../planExecutor';
import { openSourceDataset } from '../sourceDataset';
import { envSecrets, openSource, type SecretResolver } from './openSource';
import type { SourceConfig } from './sourceConfig';
import { parseSourceRef } from './sourceRef';

export interface SourceTables {
  open: TableOpener;
  /** Closes every connection opened (call once, when the run of checks ends). */
  close(): Promise<void>;
  /** The executors opened, by source name (tests and reports: statements, bytes received). */
  readonly executors: ReadonlyMap<string, WarehousePlanExecutor>;
}

/**
 * Opens the tables of checks whose dataset is on a source: one executor (connection pool, cost guard) per
 * source for a whole run of the checks, so the guard asks at most once per source. Secrets come from
 * `secrets` (the CLI: environment variables only).
 */
export function sourceTables(sources: ReadonlyMap<string, SourceConfig>, options: { secrets?: SecretResolver; confirm?: ConfirmScan } = {}): SourceTables {
  const executors = new Map<string, WarehousePlanExecutor>();
  const pending = new Map<string, Promise<WarehousePlanExecutor>>();
  const executorFor = (name: string): Promise<WarehousePlanExecutor> => {
    let p = pending.get(name);
    if (!p) {
      const config = sources.get(name);
      if (!config) throw new InputError('BAD_SOURCE', `unknown source '${name}'; declared: ${[...sources.keys()].join(', ') || '(none)'}.`);
      p = openSource(config, options.secrets ?? envSecrets).then((w) => {
        const e = new WarehousePlanExecutor(w, { maxScanBytes: config.maxScanBytes, ...(options.confirm ? { confirm: options.confirm } : {}), what: `the checks on source '${name}'` });
        executors.set(name, e);
        return e;
      });
      pending.set(name, p);
      p.catch(() => pending.delete(name));
    }
    return p;
  };
  return {
    executors,
    async open(table: CheckTable, signal?: AbortSignal) {
      const ref = parseSourceRef(table.ref);
      const executor = await executorFor(ref.source);
      const dataset = await openSourceDataset(executor, ref, { ...(signal ? { signal } : {}), where: table.where, whereOption: table.whereKey });
      return { executor, dataset };
    },
    async close() {
      await Promise.all([...executors.values()].map((e) => e.warehouse.close().catch(() => undefined)));
      executors.clear();
      pending.clear();
    },
  };
}
