// Shared by the integration tests (bundled into each; not a test file itself): hostile webview messages delivered to
// an open panel's host side through the same path as its webview's (PanelChannel), and what must not happen.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './helpers';

/** What a hostile or broken webview may send; no panel accepts any of these. */
export function hostileMessages(): unknown[] {
  return [
    null, 7, 'view/ready', ['view/ready'], { type: 7 }, {}, { type: 'constructor' }, { type: '__proto__' }, { type: 'toString' },
    JSON.parse('{"__proto__": {"type": "view/ready"}}'), JSON.parse('{"constructor": {"type": "view/ready"}}'),
    Object.create({ type: 'view/ready' }) as unknown, { type: 'x'.repeat(5000) },
  ];
}

/**
 * Delivers every hostile message plus the panel's own malformed ones (wrong field values, missing fields) and checks
 * each was refused and logged with the panel and the type it claimed, and that nothing happened: no document opened,
 * no error shown, and `shown()` (what the panel shows) is the very same object as before.
 */
export async function assertRefusedWithoutEffect(panel: string, own: { type: string }[], shown: () => unknown): Promise<void> {
  const a = await api();
  const docs = vscode.workspace.textDocuments.length;
  const before = a.panelMessages.refused().total;
  const showing = shown();
  const error = a.lastError();
  const all = [...hostileMessages(), ...own];
  for (const raw of all) assert.equal(await a.panelMessages.deliver(panel, raw), true, `a ${panel} is open`);
  const { total, last } = a.panelMessages.refused();
  assert.equal(total - before, all.length, 'every message was refused');
  const mine = last.slice(-all.length);
  assert.ok(mine.every((r) => r.panel === panel && r.reason.length > 0), JSON.stringify(mine));
  assert.deepEqual(mine.slice(-own.length).map((r) => r.type), own.map((m) => JSON.stringify(m.type)));
  assert.equal(mine[6]!.type, '"constructor"');
  assert.equal(vscode.workspace.textDocuments.length, docs, 'no export opened');
  assert.equal(a.lastError(), error, 'no error shown');
  assert.equal(shown(), showing, 'the panel shows what it showed');
}

/** The control: a valid export message does open the export (so the refusals above are the gate's doing). */
export async function assertExportOpens(panel: string, type: string): Promise<void> {
  const a = await api();
  const docs = vscode.workspace.textDocuments.length;
  const before = a.panelMessages.refused().total;
  assert.equal(await a.panelMessages.deliver(panel, { type, format: 'json' }), true);
  assert.equal(a.panelMessages.refused().total, before, 'a valid message is not refused');
  const doc = await waitFor('the JSON export', () => vscode.workspace.textDocuments.length > docs ? vscode.window.activeTextEditor?.document : undefined, 20_000);
  assert.equal(doc.languageId, 'json');
  assert.ok(JSON.parse(doc.getText()), 'the export is the report as JSON');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
