import * as vscode from 'vscode';
import type { CheckOutcome, CheckStatus, ChecksReport, Finding } from '../../core/checks/types';
import { CHECK_KINDS } from '../../core/checks/registry';

export type ChecksNode =
  | { type: 'group'; kind: string; label: string; checks: CheckOutcome[] }
  | { type: 'check'; check: CheckOutcome }
  | { type: 'finding'; check: CheckOutcome; finding: Finding }
  | { type: 'message'; text: string; status?: CheckStatus };

const ICON: Record<CheckStatus, [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  warn: ['warning', 'list.warningForeground'],
  fail: ['error', 'testing.iconFailed'],
  error: ['circle-slash', 'errorForeground'],
};
const WORD: Record<CheckStatus, string> = { pass: 'passed', warn: 'needs attention', fail: 'failed', error: 'could not run' };

/** A label that fits the default sidebar width: the check's name (its id after the kind), the title goes to the tooltip. */
export function checkLabel(c: CheckOutcome): string {
  return c.id.slice(c.id.indexOf('/') + 1);
}
const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2, error: 3 };

export function statusIcon(s: CheckStatus): vscode.ThemeIcon {
  return new vscode.ThemeIcon(ICON[s][0], new vscode.ThemeColor(ICON[s][1]));
}

/** The "Checks" view: kinds → checks (pass/warn/fail icons) → findings; a click opens the check's panel or file. */
export class ChecksTreeProvider implements vscode.TreeDataProvider<ChecksNode> {
  private readonly changed = new vscode.EventEmitter<ChecksNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private report: ChecksReport | undefined;
  private running: string | undefined;
  private trends: ReadonlyMap<string, string> = new Map();

  setReport(report: ChecksReport | undefined): void {
    this.report = report;
    this.running = undefined;
    this.changed.fire(undefined);
  }

  /** A short trend per check id (e.g. "rocAuc ▇▆▄▂"), shown after its status. */
  setTrends(trends: ReadonlyMap<string, string>): void {
    this.trends = trends;
    this.changed.fire(undefined);
  }

  setRunning(text: string | undefined): void {
    this.running = text;
    this.changed.fire(undefined);
  }

  getChildren(node?: ChecksNode): ChecksNode[] {
    if (!node) {
      const top: ChecksNode[] = [];
      if (this.running) top.push({ type: 'message', text: this.running });
      if (!this.report) return top;
      const kinds = CHECK_KINDS.map((k) => k.kind).filter((k) => this.report!.checks.some((c) => c.kind === k));
      for (const kind of kinds) {
        const def = CHECK_KINDS.find((k) => k.kind === kind)!;
        top.push({ type: 'group', kind, label: def.label.charAt(0).toUpperCase() + def.label.slice(1), checks: this.report.checks.filter((c) => c.kind === kind) });
      }
      return top;
    }
    if (node.type === 'group') return node.checks.map((check) => ({ type: 'check', check }));
    if (node.type === 'check') return node.check.findings.map((finding) => ({ type: 'finding', check: node.check, finding }));
    return [];
  }

  getTreeItem(node: ChecksNode): vscode.TreeItem {
    switch (node.type) {
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        return item;
      }
      case 'group': {
        const worst = node.checks.reduce<CheckStatus>((w, c) => (RANK[c.status] > RANK[w] ? c.status : w), 'pass');
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.kind}`;
        item.iconPath = statusIcon(worst);
        const failing = node.checks.filter((c) => c.status !== 'pass').length;
        item.description = failing ? `${failing} of ${node.checks.length} not passing` : `${node.checks.length} passed`;
        item.contextValue = 'modelLens.checkGroup';
        return item;
      }
      case 'check': {
        const c = node.check;
        const item = new vscode.TreeItem(checkLabel(c), c.findings.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `check:${c.id}`;
        item.iconPath = statusIcon(c.status);
        item.description = this.trends.has(c.id) ? `${WORD[c.status]} · ${this.trends.get(c.id)}` : WORD[c.status];
        const tip = new vscode.MarkdownString();
        tip.appendMarkdown(`**${WORD[c.status].charAt(0).toUpperCase()}${WORD[c.status].slice(1)}** — `).appendText(`${c.title}\n\n${c.summary}`);
        for (const r of (c.verdict?.reasons ?? []).slice(0, 5)) tip.appendMarkdown('\n- ').appendText(r);
        tip.appendMarkdown(`\n\n`).appendText(`${c.id} · ${(c.durationMs / 1000).toFixed(1)} s`);
        item.tooltip = tip;
        item.accessibilityInformation = { label: `${c.title}: ${WORD[c.status]}. ${c.summary}` };
        item.command = { command: 'modelLens.openCheck', title: 'Open Check', arguments: [c.id] };
        item.contextValue = 'modelLens.check';
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info');
        item.tooltip = f.message;
        if (f.file) {
          const uri = vscode.Uri.file(f.file);
          item.resourceUri = uri;
          item.description = `${vscode.workspace.asRelativePath(uri)}${f.line ? `:${f.line}` : ''}`;
          const line = Math.max(0, (f.line ?? 1) - 1);
          item.command = { command: 'vscode.open', title: 'Open File', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0) }] };
        }
        return item;
      }
    }
  }
}
