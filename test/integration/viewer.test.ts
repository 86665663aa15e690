// The "Model Lens: Dataset" editor in the real extension host (issue 19): contributed and registered for the file
// types, the default editor for Parquet/Arrow/JSON Lines/compressed text, "Open With…" only for CSV/TSV, and what
// an open viewer reads (through the extension's API).
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { api } from './helpers';
import { assertRefusedWithoutEffect } from './panelMessages';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-it-viewer-'));
const csv = 'id,amount,city\n1,10.5,Oslo\n2,20,Rome\n3,,Lima\n';

async function waitFor<T>(get: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function activeCustomViewType(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.viewType : undefined;
}

describe('data viewer: custom editor registration', function () {
  this.timeout(120_000);

  it('the manifest contributes modelLens.dataset as default for every binary/compressed dataset type, and CSV/TSV as an option', () => {
    const ext = vscode.extensions.getExtension('model-lens.model-lens');
    const editors = ext?.packageJSON?.contributes?.customEditors as { viewType: string; priority: string; selector: { filenamePattern: string }[] }[];
    const patterns = (viewType: string) => editors.find((e) => e.viewType === viewType)?.selector.map((s) => s.filenamePattern) ?? [];
    const def = editors.find((e) => e.viewType === 'modelLens.dataset');
    assert.equal(def?.priority, 'default');
    for (const p of ['*.parquet', '*.pq', '*.parq', '*.arrow', '*.feather', '*.jsonl', '*.ndjson', '*.csv.gz', '*.tsv.gz', '*.jsonl.gz', '*.csv.zst', '*.xlsx']) assert.ok(patterns('modelLens.dataset').includes(p), `default for ${p}`);
    assert.equal(editors.find((e) => e.viewType === 'modelLens.datasetText')?.priority, 'option');
    assert.deepEqual(patterns('modelLens.datasetText'), ['*.csv', '*.tsv', '*.tab']);
  });

  it('a .csv.gz opens in the viewer by default; the API reports its rows and columns', async () => {
    const a = await api();
    const file = vscode.Uri.file(join(dir, 'loans.csv.gz'));
    writeFileSync(file.fsPath, gzipSync(csv));
    await vscode.commands.executeCommand('vscode.open', file);
    await waitFor(() => (activeCustomViewType() === 'modelLens.dataset' ? true : undefined), 'the dataset editor');
    const view = await waitFor(() => { const v = a.viewerOf(file); return v && v.rows > 0 ? v : undefined; }, 'the viewer to load');
    assert.equal(view.rows, 3);
    assert.deepEqual(view.columns, ['id', 'amount', 'city']);
    assert.equal(view.trusted, true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a .csv opens as text; "Open in Data Viewer" opens it in the viewer (the option editor)', async () => {
    const a = await api();
    const file = vscode.Uri.file(join(dir, 'loans.csv'));
    writeFileSync(file.fsPath, csv);
    await vscode.commands.executeCommand('vscode.open', file);
    await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === file.fsPath ? true : undefined), 'the text editor');
    assert.equal(activeCustomViewType(), undefined);
    await vscode.commands.executeCommand('modelLens.openDataViewer', file);
    await waitFor(() => (activeCustomViewType() === 'modelLens.datasetText' ? true : undefined), 'the dataset editor for CSV');
    await waitFor(() => (a.viewerOf(file)?.rows === 3 ? true : undefined), 'the viewer to load the CSV');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a file that is not what its name says shows the reading error in the viewer, not a crash', async () => {
    const a = await api();
    const file = vscode.Uri.file(join(dir, 'fake.parquet'));
    writeFileSync(file.fsPath, 'not parquet at all');
    await vscode.commands.executeCommand('vscode.open', file);
    const view = await waitFor(() => a.viewerOf(file)?.error, 'the error');
    assert.match(view, /not a Parquet file/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('data viewer: a malformed message (wrong types, out-of-range rows, prototype-named keys) is refused and logged, without effect; a valid one works', async () => {
    const a = await api();
    const file = vscode.Uri.file(join(dir, 'messages.csv.gz'));
    writeFileSync(file.fsPath, gzipSync(csv));
    await vscode.commands.executeCommand('vscode.open', file);
    await waitFor(() => (a.viewerOf(file)?.rows === 3 ? true : undefined), 'the viewer to load');
    await vscode.env.clipboard.writeText('clipboard before');
    const own = [
      { type: 'viewer/rows', request: 1, start: -1, count: 10 }, { type: 'viewer/record', row: 1.5 },
      { type: 'viewer/copy', start: 2, end: 0, columns: ['id'], format: 'tsv' }, { type: 'viewer/copy', start: 0, end: 2, columns: ['id'], format: 'exe' },
      { type: 'viewer/action', action: 'constructor' }, { type: 'viewer/action', action: 'rm' },
      { type: 'viewer/setView', request: 1, filter: '', quick: [['city']] }, { type: 'viewer/remember', scrollRow: 0, widths: [['id', 1e9]], hidden: [] },
    ];
    await assertRefusedWithoutEffect('data viewer', own, () => JSON.stringify(a.viewerOf(file)));
    assert.equal(a.viewerOf(file)?.viewRows, 3, 'the view is unfiltered');
    assert.equal(await vscode.env.clipboard.readText(), 'clipboard before', 'nothing was copied');
    // The controls: a valid quick filter narrows the view; a valid copy writes the rows to the clipboard.
    const refused = a.panelMessages.refused().total;
    assert.equal(await a.panelMessages.deliver('data viewer', { type: 'viewer/setView', request: 7, filter: '', quick: [['city', 'Oslo']] }), true);
    assert.equal(a.viewerOf(file)?.viewRows, 1, 'the quick filter city ~ Oslo leaves one row');
    assert.equal(await a.panelMessages.deliver('data viewer', { type: 'viewer/copy', start: 0, end: 0, columns: ['id', 'city'], format: 'tsv' }), true);
    assert.equal(await vscode.env.clipboard.readText(), 'id\tcity\n1\tOslo');
    // What the view asks to remember is kept for this file's columns only, each once: bounded by the file's width.
    const names = Array.from({ length: 20000 }, (_, i) => `x${i}`);
    assert.equal(await a.panelMessages.deliver('data viewer', { type: 'viewer/remember', scrollRow: 1e12, widths: [['city', 90], ['city', 120], ['__proto__', 50], ...names.map((n): [string, number] => [n, 40])], hidden: ['id', 'id', 'constructor', ...names] }), true);
    // (The live webview may remember its own state meanwhile, so the invariant is asserted, not the exact lists.)
    const kept = a.viewerOf(file)?.remembered;
    const columns = a.viewerOf(file)?.columns ?? [];
    assert.ok(kept && kept.scrollRow <= 3, JSON.stringify(kept).slice(0, 300));
    for (const list of [kept.widths.map(([c]) => c), kept.hidden]) {
      assert.ok(list.every((c) => columns.includes(c)) && new Set(list).size === list.length, JSON.stringify(kept).slice(0, 300));
    }
    assert.equal(a.panelMessages.refused().total, refused, 'valid messages are not refused');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the viewer commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['modelLens.openDataViewer', 'modelLens.openFilesAsDataset']) assert.ok(commands.includes(c), c);
  });
});
