import type * as vscode from 'vscode';
import { profileDataset } from '../../core/profile/profileDataset';
import type { DatasetProfile } from '../../core/profile/types';
import { withCancellableProgress } from '../engineHost';
import { log } from '../log';
import { openTable } from './sourceHost';
import { refOfTableUri } from './tableUri';
import { profileExactOptions } from '../commands/profileExact';

/** The profile of a warehouse table, computed in the warehouse (only aggregates come back), with progress and cancel. */
export async function computeTableProfile(uri: vscode.Uri): Promise<DatasetProfile> {
  const ref = refOfTableUri(uri);
  return withCancellableProgress(`Model Lens: profiling ${ref} in the database`, async (signal, report) => {
    report(0.05, 'connecting');
    const t = await openTable(ref, 'Profiling', signal);
    try {
      const started = Date.now();
      const profile = await profileDataset(t.executor, t.ds, { signal, ...profileExactOptions(), onProgress: (f) => report(0.1 + 0.9 * f, 'computing statistics in the database') });
      const w = t.executor.warehouse;
      log().info(`profiled ${ref} in ${t.executor.engine.label}: ${profile.rows} rows × ${profile.columnCount} columns in ${Date.now() - started} ms, ${w.stats.queries} queries, ${w.stats.bytesReceived} bytes received`);
      return profile;
    } finally {
      await t.close();
    }
  });
}
