import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, loadConfig } from '../../core/checks/config';
import type { HealthSettings } from '../../core/health/runHealth';

/** What a `checks.health` entry of modellens.yml pins for one dataset. */
export interface ConfiguredHealth {
  id: string;
  baseline: string;
  now?: string;
  timeColumn?: string;
  settings: HealthSettings;
}

/**
 * The health check modellens.yml declares for `dataset`, if any: the background monitor then checks the file
 * with the same baseline, `now`, thresholds and severities as "Run All Checks", so the status bar, Problems, the
 * health panel and the Checks view give one answer (they disagreed when one used today's date and the other
 * the pinned `now`). A check declared for the dataset itself wins; otherwise a check whose baseline is the one
 * the dataset was matched to by name (`loans_current.jsonl` → `.modellens/baselines/loans_current.json`, the
 * baseline of the configured `loans_current.csv`) lends its `now` and settings, so a copy of the data in another
 * format is not held to today's date while the configured file is held to the pinned one. An unreadable
 * configuration is ignored here (Run All Checks reports it).
 */
export function configuredHealth(dataset: vscode.Uri, byNameBaseline?: string): ConfiguredHealth | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(dataset);
  if (!folder) return undefined;
  const file = join(folder.uri.fsPath, CONFIG_FILE_NAME);
  if (!existsSync(file)) return undefined;
  try {
    const specs = loadConfig(file).checks.filter((c) => c.kind.kind === 'health').map((c) => ({ id: c.id, spec: c.spec as HealthSpec }));
    return pickHealthCheck(specs, dataset.fsPath, byNameBaseline);
  } catch {
    return undefined;
  }
}

interface HealthSpec {
  data: string;
  baseline: string;
  now?: string;
  timeColumn?: string;
  settings: HealthSettings;
}

/** Pure: the configured check for `dataPath` (exact data path first, then the same baseline). */
export function pickHealthCheck(checks: { id: string; spec: HealthSpec }[], dataPath: string, byNameBaseline?: string): ConfiguredHealth | undefined {
  const hit = checks.find((c) => c.spec.data === dataPath) ?? (byNameBaseline ? checks.find((c) => c.spec.baseline === byNameBaseline) : undefined);
  if (!hit) return undefined;
  const { spec } = hit;
  return { id: hit.id, baseline: spec.baseline, settings: spec.settings, ...(spec.now ? { now: spec.now } : {}), ...(spec.timeColumn ? { timeColumn: spec.timeColumn } : {}) };
}
