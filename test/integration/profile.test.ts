// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function profileTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLens.profile'));
}

/** Independent expectations from the file itself: a plain split (the fixture has no quoting). */
function expectedFromCsv(uri: vscode.Uri): { rows: number; columns: string[]; missingIncome: number; meanAge: number } {
  const [header, ...lines] = readFileSync(uri.fsPath, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const cells = lines.map((l) => l.split(','));
  const ia = columns.indexOf('age');
  const ii = columns.indexOf('income');
  const ages = cells.map((c) => Number(c[ia]));
  return { rows: lines.length, columns, missingIncome: cells.filter((c) => c[ii] === '').length, meanAge: ages.reduce((a, b) => a + b, 0) / ages.length };
}

describe('Profile Dataset in the real extension host', () => {
  it('opens a profile panel with the right numbers for a CSV', async () => {
    const a = await api();
    const uri = fixture('loans_small.csv');
    const exp = expectedFromCsv(uri);
    await vscode.commands.executeCommand('modelLens.profileDataset', uri);
    await waitFor(() => (profileTabs().length > 0 ? true : undefined), 30000, 'a Model Lens profile tab');
    const p = await waitFor(() => a.profileOf(uri), 30000, 'the profile of loans_small.csv');
    assert.equal(p.rows, exp.rows);
    assert.deepEqual(p.columns.map((c) => c.name), exp.columns);
    const income = p.columns.find((c) => c.name === 'income');
    assert.equal(income?.missing, exp.missingIncome);
    const age = p.columns.find((c) => c.name === 'age');
    assert.ok(age?.numeric?.mean !== null && Math.abs((age?.numeric?.mean ?? NaN) - exp.meanAge) < 1e-12, `mean age ${age?.numeric?.mean} vs ${exp.meanAge}`);
    assert.equal(p.columns.find((c) => c.name === 'region')?.kind, 'categorical');
  });

  it('profiles the active editor file when run from the palette without an argument', async () => {
    const a = await api();
    const uri = fixture('small.tsv');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('modelLens.profileDataset');
    const p = await waitFor(() => a.profileOf(uri), 30000, 'the profile of small.tsv');
    assert.equal(p.format, 'tsv');
    assert.ok(p.rows > 0);
  });

  it('above the exact-size limit estimates duplicate rows; the setting modelLens.profile.exact counts them exactly', async function () {
    this.timeout(120_000);
    const a = await api();
    const dir = mkdtempSync(join(tmpdir(), 'ml-int-exact-'));
    const config = vscode.workspace.getConfiguration('modelLens');
    try {
      // 210,000 rows (limit 200,000): 200,000 distinct rows, 10,000 of them written twice.
      const lines = ['id,group'];
      for (let i = 0; i < 200_000; i++) lines.push(`${i},${i % 7}`);
      for (let i = 0; i < 10_000; i++) lines.push(`${i * 3},${(i * 3) % 7}`);
      writeFileSync(join(dir, 'big.csv'), `${lines.join('\n')}\n`);
      const uri = vscode.Uri.file(join(dir, 'big.csv'));
      await config.update('profile.exact', true, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('modelLens.profileDataset', uri);
      const exact = await waitFor(() => a.profileOf(uri), 60000, 'the exact profile of big.csv');
      assert.deepEqual([exact.duplicateRows, exact.duplicateRowsEstimate, exact.approximate], [10_000, undefined, false]);
      await config.update('profile.exact', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('modelLens.profileDataset', uri);
      const est = await waitFor(() => a.profileOf(uri)?.duplicateRowsEstimate ? a.profileOf(uri) : undefined, 60000, 'the estimated profile of big.csv');
      assert.equal(est.approximate, true);
      assert.ok(Math.abs(est.duplicateRows - 10_000) <= 4 * est.duplicateRowsEstimate!.standardError, `${est.duplicateRows} ± ${est.duplicateRowsEstimate!.standardError}`);
    } finally {
      await config.update('profile.exact', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad file shows a specific error, opens no panel, and the host keeps working', async () => {
    const a = await api();
    const bad = fixture('broken_ragged.csv');
    const before = readFileSync(bad.fsPath, 'utf8');
    await vscode.commands.executeCommand('modelLens.profileDataset', bad);
    const err = await waitFor(() => (a.lastError()?.message.includes('broken_ragged.csv') ? a.lastError() : undefined), 30000, 'the error report');
    assert.equal(err.code, 'RAGGED_ROWS');
    assert.match(err.message, /line\(s\) 3/);
    assert.equal(a.profileOf(bad), undefined);
    assert.equal(readFileSync(bad.fsPath, 'utf8'), before, 'the input file is untouched');
    // Still alive: a good file profiles afterwards.
    const good = fixture('loans_small.csv');
    await vscode.commands.executeCommand('modelLens.profileDataset', good);
    assert.ok(a.profileOf(good));
  });
});

describe('profile panel: webview messages', () => {
  it('a malformed message (wrong type, missing field, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    const uri = fixture('loans_small.csv');
    await vscode.commands.executeCommand('modelLens.profileDataset', uri);
    const shown = await waitFor(() => a.profileOf(uri), 30000, 'the profile of loans_small.csv');
    const own = [{ type: 'profile/export', format: 'html' }, { type: 'profile/export' }, { type: 'profile/explainRow' }, { type: 'profile/explainRow', row: -1 }, { type: 'profile/explainRow', row: '3' }];
    await assertRefusedWithoutEffect('profile panel', own, () => a.profileOf(uri));
    await assertExportOpens('profile panel', 'profile/export');
    // The control for "without effect": a valid refresh does replace what the panel shows.
    assert.equal(await a.panelMessages.deliver('profile panel', { type: 'profile/refresh' }), true);
    assert.notEqual(a.profileOf(uri), shown);
    assert.equal(a.profileOf(uri)?.rows, shown.rows);
  });
});
