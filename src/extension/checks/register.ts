import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../core/checks/config';
import { checksToHtml } from '../../core/checks/render/html';
import { checksToJunit } from '../../core/checks/render/junit';
import { checksToMarkdown } from '../../core/checks/render/markdown';
import type { ChecksReport } from '../../core/checks/types';
import type { DriftSettings } from '../../core/drift/driftSettings';
import type { AuditOptions } from '../../core/bias/audit';
import type { RulesReport } from '../../core/rules/validate';
import { InputError } from '../../core/errors';
import { writeOutputFile } from '../../core/io/outputFile';
import { guarded } from '../log';
import { trustedModelAccess } from '../trust';
import { BiasPanel } from '../panels/biasPanel';
import { DriftPanel } from '../panels/driftPanel';
import { RulesPanel } from '../panels/rulesPanel';
import { AbtestPanel } from '../abtest/abtestPanel';
import { HealthPanel } from '../health/healthPanel';
import { VersionsPanel } from '../versions/versionsPanel';
import { loadConfig } from '../../core/checks/config';
import { modelCardFor } from '../../core/share/modelCardRun';
import { getEngine, withCancellableProgress } from '../engineHost';
import { shareAs } from '../panels/exportReport';
import type { AbtestOptions } from '../../core/abtest/types';
import type { HealthReport } from '../../core/health/types';
import { ChecksRunner } from './checksRunner';
import { openEvaluationCheck, registerRunHistory } from '../history/runHistory';
import { ChecksTreeProvider, type ChecksNode } from './checksTree';

export const CHECKS_VIEW_ID = 'modelLens.checks';

/** What the integration tests read: the report, the tree as shown, the status bar text. */
export interface ChecksApi {
  lastChecksReport(): ChecksReport | undefined;
  checksTree(): { label: string; description: string; icon: string; children: { label: string; description: string; icon: string }[] }[];
  checksStatusBar(): string | undefined;
}

const STARTER = `# Model Lens workspace configuration: "Model Lens: Run All Checks" and \`model-lens check\` run these.
# Paths are relative to this file. Completion and validation come from schemas/modellens.schema.json.
version: 1

datasets:
  main:
    reference: data/reference.csv   # known-good data, e.g. the training month
    current: data/current.csv       # the data to check
    # timeColumn: date
    # label: label
    # prediction: prediction

checks:
  drift:
    - dataset: main
      driftShare: 0.5
  # fairness:
  #   - dataset: main
  #     sensitive: [gender]
  #     failOn: [disparateImpact<0.8]
  # rules:
  #   - dataset: main
  #     rules: predictions.rules.yml
`;

export function registerChecks(context: vscode.ExtensionContext): ChecksApi {
  const ext = context.extensionUri;
  const tree = new ChecksTreeProvider();
  const runner = new ChecksRunner(tree);
  const view = vscode.window.createTreeView(CHECKS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  // The welcome text offers "Create modellens.yml" only when there is none (package.json viewsWelcome).
  const hasConfig = async () => vscode.commands.executeCommand('setContext', 'modelLens.hasChecksConfig', (await ChecksRunner.findConfig()) !== undefined);
  void hasConfig();
  const configFiles = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`, false, true, false);
  context.subscriptions.push(configFiles, configFiles.onDidCreate(() => void hasConfig()), configFiles.onDidDelete(() => void hasConfig()));
  registerRunHistory(context, runner, tree);
  let reportPanel: vscode.WebviewPanel | undefined;

  const showReport = (report: ChecksReport) => {
    if (!reportPanel) {
      reportPanel = vscode.window.createWebviewPanel('modelLens.checksReport', 'Model Lens Report', vscode.ViewColumn.Active, { enableScripts: false, enableFindWidget: true });
      reportPanel.onDidDispose(() => { reportPanel = undefined; });
    } else reportPanel.reveal();
    reportPanel.webview.html = checksToHtml(report);
  };

  const openCheck = async (id?: string) => {
    const report = runner.lastReport();
    const outcome = report?.checks.find((c) => c.id === id);
    const planned = runner.lastConfig()?.checks.find((c) => c.id === id);
    if (!report || !outcome || !planned) {
      void vscode.window.showInformationMessage('Model Lens: run the checks first ("Model Lens: Run All Checks").');
      return;
    }
    if (outcome.status !== 'error') {
      if (outcome.kind === 'drift') {
        const s = planned.spec as { reference: string; current?: string; settings: DriftSettings };
        await DriftPanel.show(ext, { referenceUri: vscode.Uri.file(s.reference).toString(), ...(s.current ? { currentUri: vscode.Uri.file(s.current).toString() } : {}), settings: s.settings });
        return;
      }
      if (outcome.kind === 'fairness' && !(planned.spec as { model?: string }).model) {
        const o = (planned.spec as { options: AuditOptions }).options;
        await BiasPanel.show(ext, vscode.Uri.file(o.dataset), {
          sensitive: [...o.sensitive], label: o.label,
          ...(o.prediction ? { prediction: o.prediction } : {}), ...(o.score ? { score: o.score } : {}),
          ...(o.threshold !== undefined ? { threshold: o.threshold } : {}), ...(o.favorable !== undefined ? { favorable: String(o.favorable) } : {}),
          ...(o.privileged ? { privileged: o.privileged } : {}),
        });
        return;
      }
      if (outcome.kind === 'rules' && outcome.report) {
        await RulesPanel.show(ext, outcome.report as RulesReport);
        return;
      }
      if (outcome.kind === 'experiment') {
        const o = planned.spec as AbtestOptions;
        await AbtestPanel.show(ext, vscode.Uri.file(o.dataset), {
          variant: o.variant, control: o.control, metrics: [...o.metrics],
          ...(o.guardrails?.length ? { guardrails: [...o.guardrails] } : {}), ...(o.expectedSplit ? { expectedSplit: [...o.expectedSplit] } : {}),
          ...(o.timeColumn ? { timeColumn: o.timeColumn } : {}), ...(o.segments?.length ? { segments: [...o.segments] } : {}),
        });
        return;
      }
      if (outcome.kind === 'comparison' && !/^(git|mlflow):/.test((planned.spec as { b: string }).b)) {
        const c = planned.spec as { a: string; b: string; data?: string; label?: string };
        await VersionsPanel.show(ext, context, { a: { kind: 'file', path: c.a }, b: { kind: 'file', path: c.b }, evaluation: { ...(c.data ? { data: c.data } : {}), ...(c.label ? { label: c.label } : {}) } });
        return;
      }
      if (outcome.kind === 'evaluation' && outcome.report) {
        await openEvaluationCheck(ext, planned.spec, outcome.report);
        return;
      }
      if (outcome.kind === 'health' && outcome.report) {
        const data = vscode.Uri.file((planned.spec as { data: string }).data);
        // The panel's refresh re-runs the checks and shows this check's new report.
        HealthPanel.show(ext, data, outcome.report as HealthReport, async () => (await runner.run('health panel refresh'))?.checks.find((c) => c.id === outcome.id)?.report as HealthReport | undefined);
        return;
      }
    }
    showReport(report);
  };

  context.subscriptions.push(
    runner,
    view,
    vscode.commands.registerCommand('modelLens.runAllChecks', guarded('Run All Checks', () => runner.run())),
    vscode.commands.registerCommand('modelLens.openCheck', guarded('Open Check', (id?: unknown) => openCheck(typeof id === 'string' ? id : undefined))),
    vscode.commands.registerCommand('modelLens.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', 'model-lens.model-lens#gettingStarted', false)),
    vscode.commands.registerCommand('modelLens.focusChecks', () => vscode.commands.executeCommand(`${CHECKS_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('modelLens.openChecksReport', guarded('Open Checks Report', async () => {
      const report = runner.lastReport() ?? (await runner.run());
      if (report) showReport(report);
    })),
    vscode.commands.registerCommand('modelLens.exportChecksReport', guarded('Export Checks Report', async () => {
      const report = runner.lastReport();
      if (!report) { void vscode.window.showInformationMessage('Model Lens: run the checks first.'); return; }
      const target = await vscode.window.showSaveDialog({ filters: { 'HTML report': ['html'], Markdown: ['md'], 'JUnit XML': ['xml'], JSON: ['json'] }, saveLabel: 'Export Report' });
      if (!target) return;
      const ext2 = target.path.split('.').pop()?.toLowerCase();
      const text = ext2 === 'md' ? checksToMarkdown(report) : ext2 === 'xml' ? checksToJunit(report) : ext2 === 'json' ? JSON.stringify(report, null, 2) : checksToHtml(report);
      if (target.scheme !== 'file') await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      else await writeOutputFile(target.fsPath, text, { inputs: report.checks.flatMap((c) => c.files), label: `report ${target.fsPath}` });
    })),
    vscode.commands.registerCommand('modelLens.createModelCard', guarded('Create Model Card', async () => {
      const uri = await ChecksRunner.findConfig();
      if (!uri) { void vscode.window.showInformationMessage(`Model Lens: a model card is made from ${CONFIG_FILE_NAME}; create one first.`, 'Create modellens.yml').then((a) => { if (a) void vscode.commands.executeCommand('modelLens.createChecksConfig'); }); return; }
      const config = loadConfig(uri.fsPath);
      const names = [...config.context.models.keys()];
      if (!names.length) throw new InputError('BAD_ARGUMENT', `${CONFIG_FILE_NAME} declares no model: add one under models: (path, data, label) to make its card.`);
      const name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Model card of which model?' });
      if (!name) return;
      const engine = await getEngine();
      const last = runner.lastReport();
      const models = trustedModelAccess();
      const doc = await withCancellableProgress(`Model Lens: model card of ${name}`, (signal) => modelCardFor(config, name, engine, { signal, ...(models ? { models } : {}), ...(last && last.config === config.file ? { checks: last } : {}) }));
      await shareAs(doc);
    })),
    vscode.commands.registerCommand('modelLens.createChecksConfig', guarded('Create modellens.yml', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) { void vscode.window.showWarningMessage('Model Lens: open a folder first; modellens.yml lives at its root.'); return; }
      const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
      // Never overwrite an existing configuration (noReplace: created complete, or not at all).
      if (uri.scheme !== 'file') await vscode.workspace.fs.stat(uri).then(undefined, () => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER)));
      else await writeOutputFile(uri.fsPath, STARTER, { inputs: [], noReplace: true }).catch((e: unknown) => { if (!(e instanceof InputError && existsSync(uri.fsPath))) throw e; });
      await vscode.window.showTextDocument(uri);
    })),
  );

  const describe = (n: ChecksNode) => {
    const item = tree.getTreeItem(n);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return { label, description: typeof item.description === 'string' ? item.description : '', icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '' };
  };
  return {
    lastChecksReport: () => runner.lastReport(),
    checksTree: () => tree.getChildren().map((n) => ({ ...describe(n), children: tree.getChildren(n).map(describe) })),
    checksStatusBar: () => runner.statusBar.text || undefined,
  };
}
