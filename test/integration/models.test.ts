// Runs inside the real extension host (code-server) with test/fixtures/workspace open: the model custom editor,
// "Explain on Dataset…" and "Predict on Dataset…" on sample/loans_current.csv, checked against XGBoost's own
// outputs for the sample model (sample/models/loan_xgb.expected.json: pred_contribs 1e-5 absolute, predict 1e-6).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';
import { evaluateWhen } from './whenClause';

async function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tabOf = (uri: vscode.Uri): vscode.Tab | undefined =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => {
    const input = t.input as { uri?: unknown } | undefined;
    return input?.uri instanceof vscode.Uri && input.uri.toString() === uri.toString();
  });

const repo = (): string => join(fixture('.').fsPath, '..', '..', '..');
const expected = (): { rows: number[]; contribs: number[][]; prediction: number[] } => JSON.parse(readFileSync(join(repo(), 'sample', 'models', 'loan_xgb.expected.json'), 'utf8')) as never;

describe('Model editor and explanations in the real extension host', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens *.xgb.json in the model editor by default and shows its metadata', async () => {
    const a = await api();
    const uri = fixture('loan.xgb.json');
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = await waitFor('a tab for loan.xgb.json', () => tabOf(uri));
    assert.ok(tab.input instanceof vscode.TabInputCustom && tab.input.viewType === 'modelLens.model', 'the custom editor is the default for *.xgb.json');
    const view = await waitFor('the model editor to read the model', () => a.modelEditorOf(uri));
    assert.equal(view.error, undefined);
    const s = view.summary!;
    assert.equal(s.objective, 'binary:logistic');
    assert.equal(s.trees?.count, 50);
    assert.equal(s.inputs.length, 7);
    assert.equal(view.trusted, vscode.workspace.isTrusted);
    assert.ok(s.importance.every((f) => f.gain !== null && f.cover >= 0));
  });

  it('does not take over ordinary JSON; "Open in Model Lens" opens a model .json found by its content', async () => {
    const a = await api();
    const plain = fixture('settings_like.json');
    await vscode.commands.executeCommand('vscode.open', plain);
    const tab = await waitFor('a tab for settings_like.json', () => tabOf(plain));
    assert.ok(tab.input instanceof vscode.TabInputText, 'ordinary JSON opens as text');
    const model = fixture('loan_model.json');
    await vscode.commands.executeCommand('modelLens.openModel', model);
    const mtab = await waitFor('the model editor on loan_model.json', () => {
      const t = tabOf(model);
      return t?.input instanceof vscode.TabInputCustom ? t : undefined;
    });
    assert.equal((mtab.input as vscode.TabInputCustom).viewType, 'modelLens.model');
    const view = await waitFor('loan_model.json metadata', () => a.modelEditorOf(model));
    assert.equal(view.summary?.trees?.count, 50);
  });

  it('offers the model commands in the Explorer for model files only (content-recognised .json included)', async () => {
    const a = await api();
    const files = await waitFor('the workspace model scan', () => (a.modelFiles().length > 0 ? a.modelFiles() : undefined));
    assert.ok(files.includes(fixture('loan_model.json').fsPath), files.join(', '));
    assert.ok(!files.includes(fixture('settings_like.json').fsPath));
    const all = vscode.extensions.getExtension('model-lens.model-lens')!.packageJSON.contributes.menus as Record<string, { command?: string; submenu?: string; when: string }[]>;
    // Model commands sit in the "Model Lens" submenu (shown when the submenu's and the entry's clauses hold); "Open in Model Lens" stays at the top.
    const sub = all['explorer/context']!.find((m) => m.submenu === 'modelLens.explorer')!.when;
    const menus = [...all['explorer/context']!.filter((m) => m.command), ...all['modelLens.explorer']!.map((m) => ({ ...m, when: `(${sub}) && (${m.when})` }))] as { command: string; when: string }[];
    const ctx = (name: string): Record<string, unknown> => {
      const uri = fixture(name);
      return { resourcePath: uri.fsPath, resourceFilename: name, resourceExtname: name.slice(name.lastIndexOf('.')), explorerResourceIsFolder: false, listMultiSelection: false, 'modelLens.modelFiles': files };
    };
    for (const command of ['modelLens.explainModel', 'modelLens.predictModel']) {
      const when = menus.find((m) => m.command === command)!.when;
      for (const name of ['loan.xgb.json', 'loan_model.json', 'model.ubj', 'clf.onnx', 'm.lgb.txt']) assert.equal(evaluateWhen(when, ctx(name)), true, `${command} for ${name}`);
      for (const name of ['settings_like.json', 'notes.txt', 'loans_small.csv']) assert.equal(evaluateWhen(when, ctx(name)), false, `${command} not for ${name}`);
    }
    const open = menus.find((m) => m.command === 'modelLens.openModel')!.when;
    assert.equal(evaluateWhen(open, ctx('loan_model.json')), true);
    assert.equal(evaluateWhen(open, ctx('settings_like.json')), false);
  });

  it('explains the model on a dataset: the panel opens on the asked row with XGBoost\'s contributions', async function () {
    this.timeout(120_000);
    const a = await api();
    const data = vscode.Uri.file(join(repo(), 'sample', 'loans_current.csv'));
    const e = expected();
    const errorBefore = a.lastError();
    await vscode.commands.executeCommand('modelLens.explainModel', fixture('loan.xgb.json'), data, { focusRow: 7 });
    assert.equal(a.lastError(), errorBefore, `no new error: ${JSON.stringify(a.lastError())}`);
    const x = await waitFor('an explanation', () => a.lastExplanation());
    assert.equal(x.rows.total, 3300);
    assert.equal(x.rows.explained >= 1000, true);
    assert.equal(x.focusRow, 7);
    let compared = 0;
    e.rows.forEach((row, k) => {
      const r = x.doc.rows.find((y) => y.index === row);
      if (!r) return;
      compared++;
      (r.contributions as number[]).forEach((c, j) => assert.ok(Math.abs(c - e.contribs[k]![j]!) <= 1e-5, `row ${row}, feature ${j}: ${c} vs ${e.contribs[k]![j]}`));
    });
    assert.ok(compared >= 1, 'the focus row (7) is explained and compared');
    const panel = await waitFor('the explanation panel tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLens.explain')));
    assert.match(panel.label, /loan\.xgb\.json on loans_current\.csv/);
  });

  it('explain panel: a malformed message (wrong format, host-only type, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    assert.ok(a.lastExplanation(), 'the explanation above is shown');
    const own = [{ type: 'explain/export', format: 'exe' }, { type: 'explain/export' }, { type: 'explain/focus', row: 1 }];
    await assertRefusedWithoutEffect('explain panel', own, () => a.lastExplanation());
    await assertExportOpens('explain panel', 'explain/export');
  });

  it('model editor: a malformed message is refused and logged, without effect (no command runs); a valid one runs its command', async function () {
    this.timeout(120_000);
    const a = await api();
    const uri = fixture('loan.xgb.json');
    // A fresh editor, so that it is the newest model editor (the one messages are delivered to).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.open', uri);
    await waitFor('the model editor', () => a.modelEditorOf(uri)?.summary);
    const tabs = (): number => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    const before = { tabs: tabs(), explanation: a.lastExplanation() };
    const own = [{ type: 'model/run' }, { type: 'model/snapshot' }, { type: 'Model/explain' }];
    await assertRefusedWithoutEffect('model editor', own, () => a.modelEditorOf(uri));
    assert.deepEqual({ tabs: tabs(), explanation: a.lastExplanation() }, before, 'no panel opened, nothing explained');
    // The control: "Explain on Dataset…" asks for a dataset (a quick pick); accepting its first entry explains the
    // model on it, or says why that dataset cannot be explained. Either way the command ran.
    const refused = a.panelMessages.refused().total;
    const error = a.lastError();
    const handled = a.panelMessages.deliver('model editor', { type: 'model/explain' });
    for (const deadline = Date.now() + 60_000; a.lastExplanation() === before.explanation && a.lastError() === error;) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the explanation, or why not');
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.equal(await handled, true);
    assert.equal(a.panelMessages.refused().total, refused, 'a valid message is not refused');
  });

  it('shows why a model cannot be read, and why a dataset cannot be explained', async function () {
    this.timeout(60_000);
    const a = await api();
    const broken = fixture('broken.xgb.json');
    await vscode.commands.executeCommand('vscode.open', broken);
    const view = await waitFor('the model editor on broken.xgb.json', () => a.modelEditorOf(broken));
    assert.equal(view.summary, undefined);
    assert.equal(view.error?.code, 'PARSE_ERROR', JSON.stringify(view.error));
    await vscode.commands.executeCommand('modelLens.explainModel', fixture('loan.xgb.json'), fixture('loans_small.csv'));
    const err = a.lastError();
    assert.equal(err?.code, 'FEATURE_MISSING', JSON.stringify(err));
    assert.match(err.message, /loan_amount/);
  });

  it('predicts into a new file and leaves the dataset untouched', async function () {
    this.timeout(120_000);
    const a = await api();
    const data = vscode.Uri.file(join(repo(), 'sample', 'loans_current.csv'));
    const before = createHash('sha256').update(readFileSync(data.fsPath)).digest('hex');
    const out = vscode.Uri.file(join(tmpdir(), `model-lens-predictions-${process.pid}.csv`));
    try {
      await vscode.commands.executeCommand('modelLens.predictModel', fixture('loan.xgb.json'), data, out);
      const p = await waitFor('predictions', () => a.lastPrediction());
      assert.equal(p.rows, 3300);
      const lines = readFileSync(out.fsPath, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'index,prediction,margin');
      assert.equal(lines.length, 3301);
      const e = expected();
      e.rows.forEach((row, k) => {
        const [index, pred] = lines[row + 1]!.split(',').map(Number);
        assert.equal(index, row);
        assert.ok(Math.abs(pred! - e.prediction[k]!) <= 1e-6, `row ${row}: ${pred} vs ${e.prediction[k]}`);
      });
      assert.equal(createHash('sha256').update(readFileSync(data.fsPath)).digest('hex'), before, 'the dataset is not modified');
      await vscode.commands.executeCommand('modelLens.predictModel', fixture('loan.xgb.json'), data, data);
      assert.equal(a.lastError()?.code, 'BAD_OUTPUT', 'writing over the input is refused');
      assert.equal(createHash('sha256').update(readFileSync(data.fsPath)).digest('hex'), before);
    } finally {
      rmSync(out.fsPath, { force: true });
    }
  });

  it('predicts a dataset of several 64k-row blocks on the prediction workers, rows in file order', async function () {
    this.timeout(180_000);
    const a = await api();
    // 45 copies of the 3300 sample rows: row k repeats row k mod 3300; the last copy is checked against XGBoost.
    const [header, ...rows] = readFileSync(join(repo(), 'sample', 'loans_current.csv'), 'utf8').trim().split('\n');
    const dir = mkdtempSync(join(tmpdir(), 'model-lens-big-'));
    const data = vscode.Uri.file(join(dir, 'big.csv'));
    writeFileSync(data.fsPath, `${header}\n${Array.from({ length: 45 }, () => rows.join('\n')).join('\n')}\n`);
    const out = vscode.Uri.file(join(dir, 'big.predictions.csv'));
    try {
      await vscode.commands.executeCommand('modelLens.predictModel', fixture('loan.xgb.json'), data, out);
      const p = await waitFor('predictions', () => (a.lastPrediction()?.out === out.fsPath ? a.lastPrediction() : undefined));
      assert.equal(p.rows, 45 * 3300);
      const lines = readFileSync(out.fsPath, 'utf8').trim().split('\n').slice(1);
      assert.equal(lines.length, 45 * 3300);
      const value = (k: number): string => lines[k]!.slice(lines[k]!.indexOf(','));
      for (let k = 0; k < lines.length; k++) {
        if (!lines[k]!.startsWith(`${k},`) || value(k) !== value(k % 3300)) assert.fail(`row ${k}: ${lines[k]} vs row ${k % 3300}: ${lines[k % 3300]}`);
      }
      const e = expected();
      e.rows.forEach((row, k) => {
        const pred = Number(value(44 * 3300 + row).split(',')[1]);
        assert.ok(Math.abs(pred - e.prediction[k]!) <= 1e-6, `row ${row}: ${pred} vs ${e.prediction[k]}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
