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
 * the pinned `now`). An unreadable configuration is ignored here (Run All Checks reports it).
 */
export function configuredHealth(dataset: vscode.Uri): ConfiguredHealth | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(dataset);
  if (!folder) return undefined;
  const file = join(folder.uri.fsPath, CONFIG_FILE_NAME);
  if (!existsSync(file)) return undefined;
  try {
    const config = loadConfig(file);
    for (const c of config.checks) {
      if (c.kind.kind !== 'health') continue;
      const spec = c.spec as { data: string; baseline: string; now?: string; timeColumn?: string; settings: HealthSettings };
      if (spec.data !== dataset.fsPath) continue;
      return { id: c.id, baseline: spec.baseline, settings: spec.settings, ...(spec.now ? { now: spec.now } : {}), ...(spec.timeColumn ? { timeColumn: spec.timeColumn } : {}) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
