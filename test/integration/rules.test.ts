// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertRefusedWithoutEffect } from './panelMessages';

async function diagnosticsOf(uri: vscode.Uri, timeoutMs = 20000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source?.startsWith('Model Lens'));
    if (d.length > 0 || Date.now() > deadline) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Business rules in the real extension host', () => {
  it('a rules file with a bad expression gets a diagnostic at the exact line and column', async () => {
    await api();
    const uri = fixture('broken.rules.yml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [d, ...rest] = await diagnosticsOf(uri);
    assert.ok(d, 'a diagnostic on broken.rules.yml');
    assert.equal(rest.length, 0);
    // Line 3 is "    expr: predicted_price >= (3 * unit_cost"; the error is at the end of the expression (0-based line 2).
    assert.equal(d.range.start.line, 2);
    const lineText = readFileSync(uri.fsPath, 'utf8').split('\n')[2]!;
    assert.ok(d.range.start.character >= lineText.indexOf('(') && d.range.start.character <= lineText.length, `column ${d.range.start.character} in "${lineText}"`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /\)|parenthes/i);
  });

  it('Validate Against Rules puts one diagnostic per failing rule on the dataset and opens the results', async () => {
    const a = await api();
    const data = fixture('prices.csv');
    const lines = readFileSync(data.fsPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const negatives = lines.map((c, i) => ({ row: i + 1, price: Number(c[1]) })).filter((x) => x.price < 0);
    await vscode.commands.executeCommand('modelLens.validateRules', data, fixture('prices.rules.yml'));
    const report = a.lastRulesReport();
    assert.ok(report);
    const rule = report.rules.find((r) => r.id === 'non-negative-price')!;
    assert.equal(rule.violations, negatives.length);
    assert.equal(rule.rows, lines.length);
    assert.equal(rule.status, 'fail');
    assert.equal(report.rules.find((r) => r.id === 'within-3x-cost')?.status, 'pass');
    const diags = await diagnosticsOf(data);
    assert.equal(diags.length, 1, diags.map((d) => d.message).join(' | '));
    assert.equal(diags[0]!.code, 'non-negative-price');
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    // The first negative price is on data row r, file line r + 1 (0-based line r).
    assert.equal(diags[0]!.range.start.line, negatives[0]!.row);
  });

  it('rules panel: a malformed message is refused and logged, without effect; a valid Share saves the share page', async function () {
    this.timeout(60_000);
    const a = await api();
    assert.ok(a.lastRulesReport(), 'the results above are shown');
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const pages = (): string[] => readdirSync(folder).filter((f) => f.endsWith('.html'));
    const before = pages();
    await assertRefusedWithoutEffect('rules panel', [{ type: 'rules/export', format: 'json' } as { type: string }, { type: 'rules/snapshot' }, { type: 'rules/Share' }], () => a.lastRulesReport());
    assert.deepEqual(pages(), before, 'no share page saved');
    // The control: Share… asks where to save (the workbench's own save dialog) and writes the page there.
    const refused = a.panelMessages.refused().total;
    const handled = a.panelMessages.deliver('rules panel', { type: 'rules/share' });
    let saved: string[] = [];
    for (const deadline = Date.now() + 30_000; saved.length === 0; saved = pages().filter((f) => !before.includes(f))) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the share page');
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    try {
      assert.equal(await handled, true);
      assert.equal(a.panelMessages.refused().total, refused, 'a valid message is not refused');
      assert.match(readFileSync(join(folder, saved[0]!), 'utf8'), /non-negative-price/);
    } finally {
      for (const f of saved) rmSync(join(folder, f), { force: true });
    }
  });
});

describe('Rules over a configured model in the real extension host', () => {
  const repo = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, '..', '..', '..');
  after(async () => {
    await vscode.workspace.getConfiguration('modelLens').update('rules.model', undefined, vscode.ConfigurationTarget.Global);
  });

  it("modelLens.rules.model scores the dataset first; the rules see its output as 'prediction'", async () => {
    const a = await api();
    const model = vscode.Uri.joinPath(repo(), 'sample', 'models', 'loan_xgb.json');
    const data = vscode.Uri.joinPath(repo(), 'sample', 'loans_current.csv');
    // XGBoost 1.7.4's own predict() for the first rows of the file (sample/models/generate.py).
    const expected = JSON.parse(readFileSync(vscode.Uri.joinPath(repo(), 'sample', 'models', 'loan_xgb.expected.json').fsPath, 'utf8')) as { rows: number[]; prediction: number[] };
    const firstViolators = expected.rows.map((r, k) => ({ row: r + 1, p: expected.prediction[k]! })).filter((x) => x.row <= 20 && x.p >= 0.5).slice(0, 5);
    await vscode.workspace.getConfiguration('modelLens').update('rules.model', model.fsPath, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('modelLens.validateRules', data, fixture('model.rules.yml'));
    const report = a.lastRulesReport();
    assert.ok(report && report.dataset.endsWith('loans_current.csv'), `report for ${report?.dataset}`);
    const ex = report.rules[0]!.examples;
    assert.deepEqual(ex.map((e) => e.row), firstViolators.map((x) => x.row));
    ex.forEach((e, i) => assert.ok(Math.abs((e.values['prediction'] as number) - firstViolators[i]!.p) <= 1e-5));
  });
});

describe('Rules from the workspace settings in the real extension host', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('modelLens').update('rules', undefined, vscode.ConfigurationTarget.Global);
  });

  it("a 'modelLens.rules' list is checked like a rules file", async () => {
    const a = await api();
    const data = fixture('prices.csv');
    const negatives = readFileSync(data.fsPath, 'utf8').trim().split('\n').slice(1).filter((l) => Number(l.split(',')[1]) < 0).length;
    await vscode.workspace.getConfiguration('modelLens').update('rules', [{ id: 'settings-non-negative', expr: 'predicted_price >= 0', severity: 'warning' }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('modelLens.validateRules', data, 'settings');
    const r = a.lastRulesReport()?.rules.find((x) => x.id === 'settings-non-negative');
    assert.ok(r, 'the settings rule was checked');
    assert.equal(r.violations, negatives);
    assert.equal(r.severity, 'warning');
  });
});
