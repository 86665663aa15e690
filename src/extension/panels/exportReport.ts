import { basename } from 'node:path';
import * as vscode from 'vscode';
import { renderSharePage, type ShareDoc } from '../../core/share/sharePage';

export type ExportFormat = 'md' | 'html' | 'json' | 'share';

/**
 * A panel's "Export" action: the report rendered as Markdown, HTML or JSON in a new untitled editor beside the
 * panel (the user saves it where they want; nothing is written to disk here). 'share' writes one
 * self-contained HTML page for non-experts (shareAs) instead.
 */
export async function openReportExport<R>(report: R, format: ExportFormat, render: { md: (r: R) => string; html?: (r: R) => string; share?: (r: R) => ShareDoc }, jsonIndent = 2): Promise<void> {
  if (format === 'share') {
    if (render.share) await shareAs(render.share(report));
    return;
  }
  const content = format === 'md' ? render.md(report) : format === 'html' && render.html ? render.html(report) : JSON.stringify(report, null, jsonIndent);
  const language = format === 'md' ? 'markdown' : format;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }), vscode.ViewColumn.Beside);
}

/**
 * "Share": asks where to save (default: the workspace folder, a file named after the page), writes one HTML
 * page with no scripts and no external resources, and offers to open it in the browser. Never overwrites a file
 * without the save dialog's own confirmation.
 */
export async function shareAs(doc: ShareDoc): Promise<vscode.Uri | undefined> {
  const slug = doc.title.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'model-lens';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${slug}.html`) } : {}),
    filters: { 'HTML page': ['html'] },
    saveLabel: 'Save Share Page',
    title: 'Share: one self-contained HTML page for people who do not use Model Lens',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderSharePage(doc)));
  void vscode.window.showInformationMessage(`Model Lens: saved ${basename(target.fsPath)} — one HTML file with the verdict, the chart and the numbers, no data rows.`, 'Open in Browser').then((a) => {
    if (a) void vscode.env.openExternal(target);
  });
  return target;
}
