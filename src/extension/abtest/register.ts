import * as vscode from 'vscode';
import type { PlanInput } from '../../core/abtest/plan';
import { isAbtestChoices, type AbtestPanelState } from '../../shared/abtestProtocol';
import { guarded } from '../log';
import { ABTEST_VIEW_TYPE, AbtestPanel } from './abtestPanel';
import { analyseAbtestCommand, lastAbtestReport } from './analyseCommand';
import { lastRolloutPlan, planRolloutCommand } from './planCommand';

/** The A/B test API for integration tests (part of ModelLensApi). */
export interface AbtestApi {
  lastAbtestReport: typeof lastAbtestReport;
  lastRolloutPlan: typeof lastRolloutPlan;
}

function isPlanInput(v: unknown): v is PlanInput {
  return typeof v === 'object' && v !== null && typeof (v as PlanInput).baseline === 'number' && typeof (v as PlanInput).mde === 'number';
}

/** "Analyse A/B Test" (explorer context, palette), "Plan Rollout" (palette) and the panel serializer. */
export function registerAbtest(context: vscode.ExtensionContext): AbtestApi {
  const ext = context.extensionUri;
  context.subscriptions.push(
    vscode.commands.registerCommand('modelLens.analyseAbTest', guarded('Analyse A/B Test', (uri?: vscode.Uri, preset?: unknown) => analyseAbtestCommand(ext, context, uri, isAbtestChoices(preset) ? preset : undefined))),
    vscode.commands.registerCommand('modelLens.planRollout', guarded('Plan Rollout', (preset?: unknown) => planRolloutCommand(isPlanInput(preset) ? preset : undefined))),
    vscode.window.registerWebviewPanelSerializer(ABTEST_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: AbtestPanelState | undefined) => AbtestPanel.revive(panel, ext, state),
    }),
  );
  return { lastAbtestReport, lastRolloutPlan };
}
