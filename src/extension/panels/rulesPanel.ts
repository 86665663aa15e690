import * as vscode from 'vscode';
import type { RulesReport } from '../../core/rules/validate';
import type { RulesHostMsg } from '../../shared/protocol';
import { panelOptions, webviewHtml } from './webviewHtml';
import { shareAs } from './exportReport';
import { rulesShareDoc } from '../../core/share/shareDocs';

export const RULES_VIEW_TYPE = 'modelLens.rules';

/** The results of one validation: per rule, violations, rate, pass/fail and example rows. */
export class RulesPanel {
  private static last: RulesReport | undefined;

  static async show(ext: vscode.Uri, report: RulesReport): Promise<void> {
    RulesPanel.last = report;
    const panel = vscode.window.createWebviewPanel(RULES_VIEW_TYPE, `Rules: ${report.dataset}`, vscode.ViewColumn.Active, panelOptions(ext));
    panel.webview.html = webviewHtml(panel.webview, ext, 'rules', `Rules: ${report.dataset}`);
    const sub = panel.webview.onDidReceiveMessage((m: unknown) => {
      const type = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
      if (type === 'view/ready') {
        const msg: RulesHostMsg = { type: 'rules/snapshot', report };
        void panel.webview.postMessage(msg);
      } else if (type === 'rules/share') {
        void shareAs(rulesShareDoc(report));
      }
    });
    panel.onDidDispose(() => sub.dispose());
  }

  /** For tests: the last report shown. */
  static lastReport(): RulesReport | undefined {
    return RulesPanel.last;
  }
}
