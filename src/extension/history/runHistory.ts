import * as vscode from 'vscode';
import type { WorkspaceConfig } from '../../core/checks/config';
import type { ChecksReport } from '../../core/checks/types';
import type { EvaluationReport } from '../../core/evaluate/types';
import { checkTrends } from '../../core/history/historyQuery';
import { readWorkspaceHistory } from '../../core/history/historyStore';
import { recordRun } from '../../core/history/recordRun';
import { sparkline } from '../../core/history/render/historyText';
import { figureName } from '../../core/history/figureName';
import type { EvaluateRequest } from '../../shared/evaluateProtocol';
import type { ChecksRunner } from '../checks/checksRunner';
import type { ChecksTreeProvider } from '../checks/checksTree';
import { EvaluatePanel } from '../evaluate/evaluatePanel';
import { log } from '../log';
import { HistoryPanel } from './historyPanel';

/** The Checks view's trend text per check: its first key figure over the last runs, e.g. "ROC AUC ▇██▄▂▁". */
export function trendTexts(baseDir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of checkTrends(readWorkspaceHistory(baseDir).runs)) {
    const f = t.figures[0];
    if (f && f.points.length > 1) out.set(t.id, `${figureName(f.name)} ${sparkline(f.points.map((p) => p.value), 8)}`);
  }
  return out;
}

/**
 * "Run All Checks" appends each run to the workspace's .modellens/history (setting modelLens.history.enabled),
 * then the Checks view shows each check's trend and an open History panel the new run.
 */
export function registerRunHistory(context: vscode.ExtensionContext, runner: ChecksRunner, tree: ChecksTreeProvider): void {
  const update = (config: WorkspaceConfig, report?: ChecksReport) => {
    if (report && vscode.workspace.getConfiguration('modelLens').get<boolean>('history.enabled', true)) {
      try {
        const file = recordRun(report, config.baseDir, 'vscode');
        log().info(`history: run recorded in ${file}`);
      } catch (e) {
        log().warn(`history: the run was not recorded: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    try {
      tree.setTrends(trendTexts(config.baseDir));
    } catch (e) {
      log().warn(`history: could not read the run history: ${e instanceof Error ? e.message : String(e)}`);
    }
    HistoryPanel.runAdded();
  };
  context.subscriptions.push(runner.onDidRun(({ report, config }) => update(config, report)));
}

/** Opens a finished evaluation check in the Evaluate panel (its Refresh re-runs it with the check's settings). */
export async function openEvaluationCheck(ext: vscode.Uri, spec: unknown, report: unknown): Promise<void> {
  const o = (spec as { options: { dataset: string; label: string; score?: string; prediction?: string; model?: string; timeColumn?: string; window?: string; reference?: string; business?: string[]; threshold?: number; positive?: string; failOn?: { text: string }[] } }).options;
  const request: EvaluateRequest = { dataset: o.dataset, label: o.label };
  for (const k of ['score', 'prediction', 'model', 'timeColumn', 'window', 'reference', 'positive'] as const) if (o[k] !== undefined) request[k] = o[k];
  if (o.business?.length) request.business = [...o.business];
  if (o.threshold !== undefined) request.threshold = o.threshold;
  if (o.failOn?.length) request.failOn = o.failOn.filter((c) => !/\bvs\b/.test(c.text)).map((c) => c.text);
  await EvaluatePanel.show(ext, request, report as EvaluationReport);
}
