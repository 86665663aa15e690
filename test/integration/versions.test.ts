// Runs inside the real extension host (code-server) with test/fixtures/workspace open. The workspace is not a
// git repository: the test makes one in a temp subfolder with two commits of a model, and removes it after.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';

const EXT = vscode.extensions.getExtension('model-lens.model-lens')!.extensionPath;
const V1 = join(EXT, 'sample', 'models', 'loan_xgb.json');
const V2 = join(EXT, 'sample', 'models', 'loan_xgb_v2.json');
const DATA = join(EXT, 'sample', 'loans_current.csv');

describe('Compare model versions in the real extension host', function () {
  this.timeout(120000);
  let repo = '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' }, encoding: 'utf8' });

  before(() => {
    repo = mkdtempSync(join(fixture('.').fsPath, '.tmp-versions-'));
    git('init', '-q');
    copyFileSync(V1, join(repo, 'model.json'));
    git('add', 'model.json');
    git('commit', '-q', '-m', 'first model: depth 4');
    copyFileSync(V2, join(repo, 'model.json'));
    git('commit', '-q', '-am', 'deeper trees, has_mortgage instead of num_open_accounts');
    copyFileSync(V1, join(repo, 'single.json'));
    git('add', 'single.json');
    git('commit', '-q', '-m', 'a model with one commit');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(repo, { recursive: true, force: true });
  });

  it('the Model Versions view lists XGBoost, LightGBM and ONNX model files by content, not other JSON/text files', async () => {
    const a = await api();
    const fixtures = join(EXT, 'test', 'fixtures');
    copyFileSync(join(fixtures, 'models', 'lgb_binary.model.txt'), join(repo, 'lgb.txt'));
    copyFileSync(join(fixtures, 'onnx', 'logreg.onnx'), join(repo, 'logreg.onnx'));
    copyFileSync(join(fixture('.').fsPath, 'notes.txt'), join(repo, 'notes.txt'));
    try {
      // Files created after the first scan reach the list through the file watcher's events, which code-server may
      // deliver seconds late on a loaded machine (CI once listed model.json but not single.json, both from before()):
      // ask again for up to 10 s before asserting.
      const wanted = ['model.json', 'single.json', 'lgb.txt', 'logreg.onnx'];
      const listed = async () => (await a.versionModels()).flatMap((m) => (m.kind === 'file' ? [m.path] : []));
      let files = await listed();
      for (let i = 0; i < 50 && !wanted.every((name) => files.includes(join(repo, name))); i++) {
        await new Promise((r) => setTimeout(r, 200));
        files = await listed();
      }
      for (const name of wanted) assert.ok(files.includes(join(repo, name)), `${name} is listed: ${files.join(', ')}`);
      assert.ok(!files.includes(join(repo, 'notes.txt')), 'a text file that is not a model is not listed');
      assert.ok(!files.some((f) => f.endsWith('settings_like.json')), 'an ordinary JSON file is not listed');
    } finally {
      for (const name of ['lgb.txt', 'logreg.onnx', 'notes.txt']) rmSync(join(repo, name), { force: true });
    }
  });

  it('a model file created after activation joins versionModels() and the context key; deleted, it leaves both', async () => {
    // Regression: the view and the model editor's watcher each scanned the workspace and both set the
    // modelLens.modelFiles context key, to different lists (the watcher's had no .ubj, .onnx or *.xgb.json files).
    const a = await api();
    const listed = async (): Promise<string[]> => (await a.versionModels()).flatMap((m) => (m.kind === 'file' ? [m.path] : [])).sort();
    const until = async (what: string, ok: () => boolean): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${a.modelFiles().join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await listed(); // the initial scan is done
    // In the repository made by before(): files created at once in a new folder can escape the watcher.
    const ubj = join(repo, 'late.ubj');
    const json = join(repo, 'late_model.json');
    const notes = join(repo, 'late_notes.txt');
    try {
      copyFileSync(join(EXT, 'test', 'fixtures', 'models', 'binary.model.ubj'), ubj);
      copyFileSync(V1, json);
      copyFileSync(join(fixture('.').fsPath, 'notes.txt'), notes);
      // The watcher alone updates the key (versionModels() is not called meanwhile).
      await until('the new models in the context key', () => a.modelFiles().includes(ubj) && a.modelFiles().includes(json));
      assert.ok(!a.modelFiles().includes(notes), 'a text file that is not a model is not in the key');
      const files = await listed();
      assert.ok(files.includes(ubj) && files.includes(json) && !files.includes(notes), files.join(', '));
      assert.deepEqual([...new Set(a.modelFiles())].sort(), files, 'the context key holds exactly the model files the view lists');

      rmSync(ubj);
      await until('the deleted model to leave the context key', () => !a.modelFiles().includes(ubj));
      const after = await listed();
      assert.ok(!after.includes(ubj), `a deleted model is not listed: ${after.join(', ')}`);
      assert.ok(after.includes(json));
      assert.deepEqual([...new Set(a.modelFiles())].sort(), after);
    } finally {
      for (const f of [ubj, json, notes]) rmSync(f, { force: true });
    }
    await until('the removed files to leave the context key', () => !a.modelFiles().includes(json));
  });

  it('"Compare with Previous" on a model file shows the previous commit (A) and the working copy (B) in the panel', async () => {
    const a = await api();
    assert.ok(vscode.workspace.isTrusted, 'the test workspace is trusted (git is used only in trusted workspaces)');
    const uri = vscode.Uri.file(join(repo, 'model.json'));
    await vscode.commands.executeCommand('modelLens.compareWithPreviousVersion', uri, { data: DATA, label: 'approved' });
    const d = a.lastVersionDiff();
    assert.ok(d, 'a comparison was shown');
    assert.equal(d.a.source, 'git');
    assert.equal(d.a.info['message'], 'first model: depth 4');
    assert.equal(d.a.info['commit'], git('rev-parse', 'HEAD~2').trim());
    assert.equal(d.b.source, 'file');
    assert.deepEqual([d.metadata.a.trees, d.metadata.b.trees], [50, 120]);
    assert.deepEqual(d.metadata.features.added, ['has_mortgage']);
    assert.equal(d.predictions?.rows, 3300);
    assert.ok(d.metrics.some((m) => m.name === 'auc' && m.ci !== null));
    assert.match(d.verdict.text, /AUC/);
    // The panel is open (tab groups update asynchronously: poll).
    let open = false;
    for (let i = 0; i < 50 && !open; i++) {
      open = vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLens.versions') && t.label.includes('model.json'));
      if (!open) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(open, 'the comparison panel is open');
    assert.equal(git('status', '--porcelain'), '', 'the repository was not modified');
  });

  it('versions panel: a malformed message (wrong type, missing field, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    assert.ok(a.lastVersionDiff(), 'the comparison above is shown');
    const own = [{ type: 'versions/export', format: 'exe' }, { type: 'versions/export' }, { type: 'versions/Swap' }];
    await assertRefusedWithoutEffect('versions panel', own, () => a.lastVersionDiff());
    await assertExportOpens('versions panel', 'versions/export');
  });

  it('a file with a single commit has no previous version: a clear error, no crash', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.compareWithPreviousVersion', vscode.Uri.file(join(repo, 'single.json')), {});
    assert.equal(a.lastError()?.code, 'NO_PREVIOUS_VERSION');
  });
});
