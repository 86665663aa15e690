// Runs inside the real extension host (code-server): scikit-learn pickles in the model editor, the Explorer menus,
// "Explain on Dataset…" and "Predict on Dataset…" on sample/loans_current.csv, checked against scikit-learn 1.2.1's
// own outputs for sample/models/loan_sklearn.joblib (sample/models/generate_sklearn.py: predict_proba and brute-force
// Shapley values, both to 1e-9) — and a malicious pickle, refused with nothing run.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture, waitFor } from './helpers';
import { evaluateWhen } from './whenClause';

const repo = (): string => join(fixture('.').fsPath, '..', '..', '..');
const sampleModel = (): vscode.Uri => vscode.Uri.file(join(repo(), 'sample', 'models', 'loan_sklearn.joblib'));
const expected = (): { rows: number[]; prediction: number[]; contribs: number[][]; features: string[] } =>
  JSON.parse(readFileSync(join(repo(), 'sample', 'models', 'loan_sklearn.expected.json'), 'utf8')) as never;
const PWNED = '/tmp/model-lens-pwned';

describe('scikit-learn pickles in the real extension host', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .pkl in the model editor by default: estimator, trees, importances and parameters', async () => {
    const a = await api();
    const uri = fixture('tiny_pipeline.pkl');
    await vscode.commands.executeCommand('vscode.open', uri);
    const view = await waitFor('the model editor on tiny_pipeline.pkl', () => a.modelEditorOf(uri)?.summary ?? undefined);
    assert.equal(view.kind, 'sklearn');
    assert.match(view.format, /^pickle, protocol 4$/);
    assert.equal(view.version, 'scikit-learn 1.2.1');
    assert.equal(view.trees?.count, 1);
    assert.ok(view.importance.some((f) => f.feature === 'city' && (f.gain ?? 0) > 0), 'one-hot splits count for their dataset column');
    assert.ok(new Map(view.params).get('clf__max_depth') === '4');
    assert.match(new Map(view.details).get('estimator') ?? '', /DecisionTreeClassifier/);
  });

  it('offers Explain/Predict/Compare for .pkl and .joblib files (context key by content, menus by name)', async () => {
    const a = await api();
    const files = await waitFor('the .pkl files in the model scan', () => (a.modelFiles().includes(fixture('tiny_pipeline.pkl').fsPath) ? a.modelFiles() : undefined));
    assert.ok(files.includes(fixture('evil.pkl').fsPath), 'recognised as a pickle; opening it is what refuses it');
    type Item = { command?: string; submenu?: string; when?: string };
    const all = vscode.extensions.getExtension('model-lens.model-lens')!.packageJSON.contributes.menus as Record<string, Item[]>;
    const explorer = all['explorer/context']!;
    const submenuWhen = explorer.find((m) => m.submenu === 'modelLens.explorer')!.when!;
    const ctx = (name: string): Record<string, unknown> => ({ resourcePath: fixture(name).fsPath, resourceFilename: name, resourceExtname: name.slice(name.lastIndexOf('.')), explorerResourceIsFolder: false, listMultiSelection: false, 'modelLens.modelFiles': files });
    // A command is shown directly in the Explorer's context menu, or inside the "Model Lens" submenu (both `when`s hold).
    const shown = (command: string, name: string): boolean => {
      const direct = explorer.find((m) => m.command === command);
      if (direct) return evaluateWhen(direct.when!, ctx(name));
      const item = all['modelLens.explorer']!.find((m) => m.command === command);
      assert.ok(item, `${command} is in the Explorer's context menu or its Model Lens submenu`);
      return evaluateWhen(submenuWhen, ctx(name)) && (item.when === undefined || evaluateWhen(item.when, ctx(name)));
    };
    for (const command of ['modelLens.explainModel', 'modelLens.predictModel']) {
      for (const name of ['tiny_pipeline.pkl', 'm.joblib', 'm.pickle']) assert.equal(shown(command, name), true, `${command} for ${name}`);
    }
    for (const command of ['modelLens.compareModelWith', 'modelLens.openModel']) assert.equal(shown(command, 'tiny_pipeline.pkl'), true, command);
  });

  it('refuses a malicious pickle in the editor, naming what it asked for; nothing runs and the host keeps working', async function () {
    this.timeout(60_000);
    rmSync(PWNED, { force: true });
    const a = await api();
    const evil = fixture('evil.pkl');
    await vscode.commands.executeCommand('vscode.open', evil);
    const view = await waitFor('the model editor on evil.pkl', () => a.modelEditorOf(evil));
    assert.equal(view.summary, undefined);
    assert.equal(view.error?.code, 'PICKLE_REFUSED');
    assert.match(view.error?.message ?? '', /asks for posix\.system; nothing was run/);
    await vscode.commands.executeCommand('modelLens.explainModel', evil, vscode.Uri.file(join(repo(), 'sample', 'loans_current.csv')));
    assert.equal(a.lastError()?.code, 'PICKLE_REFUSED');
    assert.equal(existsSync(PWNED), false);
    const uri = fixture('tiny_pipeline.pkl');
    await vscode.commands.executeCommand('vscode.open', uri);
    assert.ok(await waitFor('the host still answers', () => a.modelEditorOf(uri)?.summary));
  });

  it('Explain on Dataset: exact TreeSHAP per dataset column (text columns one-hot encoded inside) equals brute-force Shapley values', async function () {
    this.timeout(180_000);
    const a = await api();
    const data = vscode.Uri.file(join(repo(), 'sample', 'loans_current.csv'));
    const errorBefore = a.lastError();
    const e = expected();
    // The first reference row with a missing income (imputed by the pipeline) is the focus row, so it is explained.
    await vscode.commands.executeCommand('modelLens.explainModel', sampleModel(), data, { focusRow: e.rows[20] });
    assert.equal(a.lastError(), errorBefore, `no new error: ${JSON.stringify(a.lastError())}`);
    const x = await waitFor('an explanation of loan_sklearn.joblib', () => (a.lastExplanation()?.doc.model === 'loan_sklearn.joblib' ? a.lastExplanation() : undefined), 150_000);
    assert.deepEqual(x.doc.features, e.features);
    let compared = 0;
    e.rows.forEach((row, k) => {
      const r = x.doc.rows.find((y) => y.index === row);
      if (!r) return;
      compared++;
      assert.ok(Math.abs((r.prediction as number) - e.prediction[k]!) <= 1e-9, `row ${row} prediction`);
      (r.contributions as number[]).forEach((c, j) => assert.ok(Math.abs(c - e.contribs[k]![j]!) <= 1e-9, `row ${row}, ${e.features[j]}: ${c} vs ${e.contribs[k]![j]}`));
    });
    assert.ok(x.doc.rows.some((r) => r.index === e.rows[20]), 'the focus row is explained');
    assert.ok(compared >= 1);
    assert.ok(x.doc.rows.some((r) => /region = (north|south|east|west)/.test(r.sentence)), 'sentences name the category');
  });

  it('Predict on Dataset: predict_proba to 1e-9 for every reference row', async function () {
    this.timeout(120_000);
    const a = await api();
    const data = vscode.Uri.file(join(repo(), 'sample', 'loans_current.csv'));
    const out = vscode.Uri.file(join(tmpdir(), `model-lens-sklearn-${process.pid}.csv`));
    try {
      await vscode.commands.executeCommand('modelLens.predictModel', sampleModel(), data, out);
      await waitFor('predictions', () => (a.lastPrediction()?.out === out.fsPath ? a.lastPrediction() : undefined));
      const lines = readFileSync(out.fsPath, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'index,prediction');
      const e = expected();
      e.rows.forEach((row, k) => {
        const pred = Number(lines[row + 1]!.split(',')[1]);
        assert.ok(Math.abs(pred - e.prediction[k]!) <= 1e-9, `row ${row}: ${pred} vs ${e.prediction[k]}`);
      });
    } finally {
      rmSync(out.fsPath, { force: true });
    }
  });
});
