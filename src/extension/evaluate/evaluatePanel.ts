import { basename } from 'node:path';
import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { parseFailOn } from '../../core/evaluate/failOn';
import { evaluationToHtml } from '../../core/evaluate/render/evaluationHtml';
import { evaluationToMarkdown } from '../../core/evaluate/render/evaluationMarkdown';
import { runEvaluation } from '../../core/evaluate/runEvaluation';
import type { EvaluationReport } from '../../core/evaluate/types';
import { parseEvaluateRequest, parseEvaluateViewMsg, type EvaluateHostMsg, type EvaluatePanelState, type EvaluateRequest, type EvaluateViewMsg } from '../../shared/evaluateProtocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { failedMessage, PanelChannel } from '../panels/panelChannel';
import { openReportExport } from '../panels/exportReport';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { requireTrustedModelAccess } from '../trust';
import { evaluationShareDoc } from '../../core/share/evaluationShare';

export const EVALUATE_VIEW_TYPE = 'modelLens.evaluate';

/** Runs the evaluation with a cancellable progress notification. */
export async function computeEvaluation(req: EvaluateRequest): Promise<EvaluationReport> {
  if (req.model && !vscode.workspace.isTrusted) {
    throw new InputError('UNTRUSTED_WORKSPACE', 'Evaluating a model file runs the model, which Model Lens does not do in Restricted Mode. Trust the workspace, or evaluate a score or prediction column instead.');
  }
  const draws = vscode.workspace.getConfiguration('modelLens').get<number>('evaluate.bootstrapDraws', 500);
  return withCancellableProgress(`Model Lens: evaluating ${basename(req.model ?? req.score ?? req.prediction ?? '')} on ${basename(req.dataset)}`, async (signal, report) => {
    const started = Date.now();
    const r = await runEvaluation(await getEngine(), {
      dataset: req.dataset, label: req.label, bootstrap: draws, signal, onProgress: (f, m) => report(f, m),
      ...(req.score ? { score: req.score } : {}), ...(req.prediction ? { prediction: req.prediction } : {}), ...(req.model ? { model: req.model } : {}),
      ...(req.timeColumn && req.window ? { timeColumn: req.timeColumn, window: req.window } : {}), ...(req.reference ? { reference: req.reference } : {}),
      ...(req.business?.length ? { business: req.business } : {}), ...(req.threshold !== undefined ? { threshold: req.threshold } : {}), ...(req.positive ? { positive: req.positive } : {}),
      ...(req.failOn?.length ? { failOn: req.failOn.map(parseFailOn) } : {}),
      ...(req.model ? { models: requireTrustedModelAccess('Evaluate Model') } : {}),
    });
    log().info(`evaluate: ${req.dataset} in ${Date.now() - started} ms: ${r.verdict.text}`);
    return r;
  });
}

const keyOf = (r: EvaluateRequest) => JSON.stringify(r);
const titleOf = (r: EvaluateRequest) => `Evaluate: ${basename(r.model ?? r.score ?? r.prediction ?? 'model')} on ${basename(r.dataset)}`;

/** One panel per request: the verdict card, the one chart that shows it, details collapsed. */
export class EvaluatePanel {
  private static readonly open = new Map<string, EvaluatePanel>();
  private static lastReport: EvaluationReport | undefined;
  private report: EvaluationReport | undefined;
  private readonly channel: PanelChannel<EvaluateHostMsg, EvaluateViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly request: EvaluateRequest, ext: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, ext, 'evaluate', titleOf(request));
    this.channel = new PanelChannel(panel, 'evaluate panel', parseEvaluateViewMsg, (msg) => this.onMessage(msg));
    panel.onDidDispose(() => EvaluatePanel.open.delete(keyOf(request)));
    EvaluatePanel.open.set(keyOf(request), this);
  }

  /** Evaluates (unless a report is given, e.g. from a check that just ran) and shows the panel. */
  static async show(ext: vscode.Uri, request: EvaluateRequest, report?: EvaluationReport): Promise<EvaluationReport> {
    const r = report ?? (await computeEvaluation(request));
    let p = EvaluatePanel.open.get(keyOf(request));
    if (p) p.panel.reveal();
    else p = new EvaluatePanel(vscode.window.createWebviewPanel(EVALUATE_VIEW_TYPE, titleOf(request), vscode.ViewColumn.Active, panelOptions(ext)), request, ext);
    p.setReport(r);
    return r;
  }

  static revive(panel: vscode.WebviewPanel, ext: vscode.Uri, state: unknown): void {
    panel.webview.options = panelOptions(ext);
    const request = parseEvaluateRequest((state as EvaluatePanelState | undefined)?.request);
    if (!request) {
      panel.dispose();
      return;
    }
    void new EvaluatePanel(panel, request, ext).refresh();
  }

  /** The evaluation shown most recently (integration tests). */
  static last(): EvaluationReport | undefined {
    return EvaluatePanel.lastReport;
  }

  private setReport(r: EvaluationReport): void {
    this.report = r;
    EvaluatePanel.lastReport = r;
    this.channel.snapshot({ type: 'evaluate/snapshot', report: r, state: { request: this.request } });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'evaluate/loading' });
    try {
      this.setReport(await computeEvaluation(this.request));
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('Evaluate Model', e);
    }
  }

  private async onMessage(msg: Exclude<EvaluateViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'evaluate/refresh':
        return this.refresh();
      case 'evaluate/export':
        if (this.report) await openReportExport(this.report, msg.format, { md: evaluationToMarkdown, html: evaluationToHtml, share: evaluationShareDoc });
        return;
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
