import * as vscode from 'vscode';
import { checkRulesFile } from '../../core/rules/rulesFile';

export const RULES_FILE = /\.rules\.(ya?ml|json)$/i;

/**
 * Live diagnostics for rules files: every problem checkRulesFile finds (YAML shape, unknown keys, duplicate ids,
 * expression syntax) at its exact line and column, refreshed as the file is edited (debounced).
 */
export function registerRulesDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('modelLens.rules');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (doc: vscode.TextDocument) => {
    if (!RULES_FILE.test(doc.fileName)) return;
    const { problems } = checkRulesFile(doc.getText());
    collection.set(doc.uri, problems.map((p) => {
      const pos = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
      const range = doc.getWordRangeAtPosition(pos) ?? new vscode.Range(pos, pos.translate(0, 1));
      const d = new vscode.Diagnostic(range, p.message.split('\n')[0] ?? p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'Model Lens';
      d.code = p.code;
      return d;
    }));
  };
  const later = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); check(doc); }, 300));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(check);
  return collection;
}
