// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';

const dataRows = (u: vscode.Uri) => readFileSync(u.fsPath, 'utf8').trim().split('\n').length - 1;

describe('Compare Datasets (Drift) in the real extension host', () => {
  it('two files selected in the Explorer open a drift panel with the right counts and the shifted column drifted', async () => {
    const a = await api();
    const ref = fixture('drift_reference.csv');
    const cur = fixture('drift_current.csv');
    // The Explorer passes (clicked, selection); the selection order here puts the current file first,
    // and the file named "reference" must still be taken as the reference.
    await vscode.commands.executeCommand('modelLens.compareDatasets', cur, [cur, ref]);
    const r = a.driftOf(ref, cur);
    assert.ok(r, 'a drift panel for reference → current');
    assert.equal(r.reference.rows, dataRows(ref));
    assert.equal(r.current.rows, dataRows(cur));
    assert.deepEqual(r.columns.map((c) => c.column).sort(), ['c', 'x', 'y']);
    assert.deepEqual(r.columns.filter((c) => c.drifted).map((c) => c.column), ['x']);
    assert.equal(r.dataset.driftedColumns, 1);
    // Tab groups update asynchronously: poll.
    const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLens.drift')).map((t) => t.label);
    const deadline = Date.now() + 20000;
    while (!labels().some((l) => l.includes('drift_reference.csv → drift_current.csv')) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    assert.ok(labels().some((l) => l.includes('drift_reference.csv → drift_current.csv')), `drift tab labels: ${labels().join(', ')}`);
  });

  it('Set as Drift Reference, then Check Drift Against Reference on another file', async () => {
    const a = await api();
    const ref = fixture('drift_reference.csv');
    const cur = fixture('drift_current.csv');
    await vscode.commands.executeCommand('modelLens.setDriftReference', ref);
    await vscode.commands.executeCommand('modelLens.checkDriftAgainstReference', cur);
    assert.equal(a.driftOf(ref, cur)?.dataset.driftedColumns, 1);
  });
});

describe('drift panel: webview messages', () => {
  it('a malformed message (wrong type, missing field, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    const ref = fixture('drift_reference.csv');
    const cur = fixture('drift_current.csv');
    await vscode.commands.executeCommand('modelLens.compareDatasets', cur, [cur, ref]);
    await assertRefusedWithoutEffect('drift panel', [{ type: 'drift/export', format: 'pdf' } as { type: string }, { type: 'drift/export' }, { type: 'drift/refresh ' }], () => a.driftOf(ref, cur));
    await assertExportOpens('drift panel', 'drift/export');
  });
});
