// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';

const NAME = 'health_scratch';
const DAY = 86_400_000;

/** 8 days × 12 rows ending today (UTC): a fresh daily feed. `broken` empties half of 'amount' and renames a region. */
function csv(broken: boolean): string {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const lines = ['day,amount,region'];
  for (let d = 7; d >= 0; d--) {
    const day = new Date(today - d * DAY).toISOString().slice(0, 10);
    for (let k = 0; k < 12; k++) {
      const i = (7 - d) * 12 + k;
      const amount = broken && i % 2 === 0 ? '' : String(100 + ((i * 37) % 50));
      const region = ['north', 'south', 'east'][i % 3]!;
      lines.push(`${day},${amount},${broken && region === 'east' ? 'EAST' : region}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const healthDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Model Lens health');

describe('Pipeline health in the real extension host', () => {
  const data = fixture(`${NAME}.csv`);
  const baseline = fixture(`.modellens/baselines/${NAME}.json`);
  after(() => {
    rmSync(data.fsPath, { force: true });
    rmSync(fixture('.modellens').fsPath, { recursive: true, force: true });
  });

  it('save a baseline, break the file: diagnostics appear on it (file watcher); fix it: they clear', async () => {
    const a = await api();
    mkdirSync(fixture('.').fsPath, { recursive: true });
    writeFileSync(data.fsPath, csv(false));
    await vscode.commands.executeCommand('modelLens.saveHealthBaseline', data, { overwrite: true });
    assert.ok(existsSync(baseline.fsPath), 'the baseline was written to .modellens/baselines');
    const saved = JSON.parse(readFileSync(baseline.fsPath, 'utf8')) as { rows: number; time: { column: string } };
    assert.equal(saved.rows, 96);
    assert.equal(saved.time.column, 'day');
    await a.health.healthIdle();
    const healthy = a.health.healthOf(data);
    assert.ok(healthy, 'the dataset was checked after saving its baseline');
    assert.deepEqual(healthy.summary.fail + healthy.summary.warn, 0, JSON.stringify(healthy.checks.filter((c) => c.status !== 'pass')));
    assert.equal(healthDiagnostics(data).length, 0);

    // A broken pipeline rewrites the file on disk; nobody runs a command.
    writeFileSync(data.fsPath, csv(true));
    const diags = await until(() => {
      const d = healthDiagnostics(data);
      return d.some((x) => x.code === 'missing') ? d : undefined;
    }, 'health diagnostics on the broken file');
    const missing = diags.find((d) => d.code === 'missing')!;
    assert.equal(missing.message, "column 'amount': 50% missing, baseline 0% — the pipeline may be dropping values");
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(missing.range.start.line, 0);
    assert.equal(missing.range.start.character, 'day,'.length, 'on the column name in the header');
    const unseen = diags.find((d) => d.code === 'categories' && /unseen/.test(d.message));
    assert.ok(unseen && /'EAST'/.test(unseen.message), diags.map((d) => d.message).join(' | '));
    assert.equal(unseen.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(a.health.healthStatus(), /Health: \d+ failed/);

    // "Check Pipeline Health" opens the panel for it, reporting no error (other tests may have reported one before).
    const errorBefore = a.lastError();
    await vscode.commands.executeCommand('modelLens.checkPipelineHealth', data);
    await until(() => (vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === `Health: ${NAME}.csv`)) ? true : undefined), 'the health panel tab');
    assert.equal(a.lastError(), errorBefore, `no new error: ${JSON.stringify(a.lastError())}`);

    // The pipeline is fixed: the diagnostics clear.
    writeFileSync(data.fsPath, csv(false));
    await until(() => (healthDiagnostics(data).length === 0 ? true : undefined), 'the diagnostics to clear');
    await a.health.healthIdle();
    assert.match(a.health.healthStatus(), /Health: passed/);
  });

  it('a dataset mapped to a baseline in modelLens.health.baselines is checked when the setting changes, and cleared when unmapped', async () => {
    const a = await api();
    const other = fixture('health_mapped.csv');
    const b = fixture('.modellens/mapped.json');
    try {
      writeFileSync(data.fsPath, csv(false));
      await vscode.commands.executeCommand('modelLens.saveHealthBaseline', data, { overwrite: true });
      await a.health.healthIdle();
      rmSync(b.fsPath, { force: true });
      writeFileSync(b.fsPath, readFileSync(baseline.fsPath));
      writeFileSync(other.fsPath, csv(true).split('\n').map((l) => l.split(',').slice(0, 2).join(',')).join('\n'));
      await vscode.workspace.getConfiguration('modelLens.health').update('baselines', { 'health_mapped.csv': '.modellens/mapped.json' }, vscode.ConfigurationTarget.Global);
      const diags = await until(() => {
        const d = healthDiagnostics(other);
        return d.some((x) => x.code === 'schema') ? d : undefined;
      }, 'diagnostics on the mapped dataset');
      assert.ok(diags.some((d) => d.message === "column 'region' was removed (it is in the baseline)"), diags.map((d) => d.message).join(' | '));
      await vscode.workspace.getConfiguration('modelLens.health').update('baselines', undefined, vscode.ConfigurationTarget.Global);
      await until(() => (healthDiagnostics(other).length === 0 ? true : undefined), 'the diagnostics to clear once unmapped');
    } finally {
      await vscode.workspace.getConfiguration('modelLens.health').update('baselines', undefined, vscode.ConfigurationTarget.Global);
      rmSync(other.fsPath, { force: true });
    }
  });
});
