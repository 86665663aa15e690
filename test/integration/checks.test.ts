// Runs inside the real extension host (code-server) with test/fixtures/workspace open (its modellens.yml).
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Run All Checks in the real extension host', function () {
  this.timeout(120000);
  const scratch = fixture('checks_prices.csv');
  const prices = readFileSync(fixture('prices.csv').fsPath, 'utf8');

  before(() => writeFileSync(scratch.fsPath, prices));
  after(() => rmSync(scratch.fsPath, { force: true }));

  it('fills the Checks tree (kinds → checks with pass/warn/fail icons), the status bar and the Problems panel', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.runAllChecks');
    // The scratch file written in before() can reach the runner's file watcher after this run started; the re-run
    // it triggers follows this one (it no longer cancels it), and either publishes the report.
    const report = await until('a report after Run All Checks', () => a.lastChecksReport());
    assert.deepEqual(report.checks.map((c) => [c.id, c.status]), [['drift/small', 'warn'], ['fairness/hiring', 'fail'], ['rules/prices', 'fail']]);

    const tree = a.checksTree();
    assert.deepEqual(tree.map((g) => [g.label, g.icon]), [['Data drift', 'warning'], ['Fairness', 'error'], ['Business rules', 'error']]);
    assert.deepEqual(tree.map((g) => g.children.map((c) => [c.icon, c.description])), [[['warning', 'needs attention']], [['error', 'failed']], [['error', 'failed']]]);
    assert.equal(a.checksStatusBar(), '$(error) Model Lens: 2 failed, 1 needs attention');
    assert.deepEqual(tree.map((g) => g.children.map((c) => c.label)), [['small'], ['hiring'], ['prices']], 'short labels that fit the sidebar');

    // The rules finding sits on the first negative price's line of the data file (data row r = 0-based line r).
    const rows = prices.trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    const firstNegative = rows.findIndex((p) => p < 0) + 1;
    const diags = vscode.languages.getDiagnostics(scratch).filter((d) => d.source === 'Model Lens');
    assert.equal(diags.length, 1, diags.map((d) => d.message).join(' | '));
    assert.equal(diags[0]!.code, 'rules/prices');
    assert.equal(diags[0]!.range.start.line, firstNegative);
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    // A fairness finding about an attribute sits on that column's header cell, not at line 1, column 1.
    const hiringHeader = readFileSync(fixture('hiring.csv').fsPath, 'utf8').split(/\r?\n/)[0]!;
    const fairness = vscode.languages.getDiagnostics(fixture('hiring.csv')).filter((d) => d.code === 'fairness/hiring' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(fairness.length > 0, 'a failed fairness check is an error on the data file');
    for (const d of fairness) {
      assert.match(d.message, /disparate impact/i);
      assert.equal(d.range.start.line, 0);
      const cell = hiringHeader.slice(d.range.start.character, d.range.end.character);
      assert.ok(cell.length > 0 && d.message.startsWith(`${cell}:`), `diagnostic on the header cell of its attribute: '${cell}' / ${d.message}`);
    }
  });

  it('re-runs by itself when an input file changes: fixing the data clears its diagnostics and the check passes', async () => {
    const a = await api();
    const fixed = prices.trim().split('\n').map((l, i) => (i === 0 ? l : l.replace(/,-([\d.]+),/, ',$1,'))).join('\n');
    assert.notEqual(fixed, prices.trim(), 'the fixture has negative prices to fix');
    writeFileSync(scratch.fsPath, `${fixed}\n`);
    const status = await until('the rules check to pass after the fix', () => {
      const c = a.lastChecksReport()?.checks.find((x) => x.id === 'rules/prices');
      return c?.status === 'pass' ? c.status : undefined;
    });
    assert.equal(status, 'pass');
    assert.equal(vscode.languages.getDiagnostics(scratch).filter((d) => d.source === 'Model Lens').length, 0);
    assert.equal(a.checksStatusBar(), '$(error) Model Lens: 1 failed, 1 needs attention, 1 passed');
  });

  it('opening a check shows its detailed panel (the rules results)', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.openCheck', 'rules/prices');
    const shown = a.lastRulesReport();
    assert.ok(shown, 'the rules panel shows a report');
    assert.equal(shown.rules.find((r) => r.id === 'non-negative-price')?.status, 'pass');
    // A drift check opens the drift panel on its two files.
    await vscode.commands.executeCommand('modelLens.openCheck', 'drift/small');
    const drift = a.driftOf(fixture('drift_reference.csv'), fixture('drift_current.csv'));
    assert.ok(drift, 'the drift panel shows the check\'s files');
    assert.deepEqual(drift.columns.filter((c) => c.drifted).map((c) => c.column), ['x']);
  });

  it('the getting-started walkthrough opens and links only to commands that exist', async () => {
    await api();
    const pkg = vscode.extensions.getExtension('model-lens.model-lens')!.packageJSON as { contributes: { walkthroughs: { steps: { description: string; completionEvents: string[] }[] }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const steps = pkg.contributes.walkthroughs[0]!.steps;
    assert.equal(steps.length, 8);
    for (const step of steps) {
      for (const m of step.description.matchAll(/command:([\w.]+)/g)) assert.ok(registered.has(m[1]!), `walkthrough links to unknown command ${m[1]}`);
      for (const e of step.completionEvents) assert.ok(registered.has(e.replace(/^onCommand:/, '')), `completion event on unknown command: ${e}`);
    }
    await vscode.commands.executeCommand('modelLens.openWalkthrough');
  });
});
