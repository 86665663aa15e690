import * as vscode from 'vscode';
import type { RulesReport } from '../../core/rules/validate';
import { parseRulesViewMsg, type RulesHostMsg, type RulesViewMsg } from '../../shared/protocol';
import { PanelChannel } from './panelChannel';
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
    const channel = new PanelChannel<RulesHostMsg, RulesViewMsg>(panel, 'rules panel', parseRulesViewMsg, async (msg) => {
      if (msg.type === 'rules/share') await shareAs(rulesShareDoc(report));
    });
    channel.snapshot({ type: 'rules/snapshot', report });
  }

  /** For tests: the last report shown. */
  static lastReport(): RulesReport | undefined {
    return RulesPanel.last;
  }
}
