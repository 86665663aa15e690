import * as vscode from 'vscode';

export type ExportFormat = 'md' | 'html' | 'json';

/**
 * A panel's "Export" action: the report rendered as Markdown, HTML or JSON in a new untitled editor beside the
 * panel (the user saves it where they want; nothing is written to disk here).
 */
export async function openReportExport<R>(report: R, format: ExportFormat, render: { md: (r: R) => string; html?: (r: R) => string }, jsonIndent = 2): Promise<void> {
  const content = format === 'md' ? render.md(report) : format === 'html' && render.html ? render.html(report) : JSON.stringify(report, null, jsonIndent);
  const language = format === 'md' ? 'markdown' : format;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }), vscode.ViewColumn.Beside);
}
