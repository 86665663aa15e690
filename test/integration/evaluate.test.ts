// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture, until } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';

const close = (a: number | null | undefined, e: number, what: string) => assert.ok(typeof a === 'number' && Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${what}: ${a} vs scikit-learn ${e}`);

describe('Evaluate Model, the evaluation check and the run history in the real extension host', function () {
  this.timeout(180000);
  const config = fixture('modellens.yml');
  const original = readFileSync(config.fsPath, 'utf8');
  const historyDir = join(fixture('.').fsPath, '.modellens', 'history');
  const ref = JSON.parse(readFileSync(join(fixture('.').fsPath, '..', 'evaluate', 'reference.json'), 'utf8')) as { binary_ties: { threshold05: { metrics: Record<string, number> }; weeks: { metrics: Record<string, number | null> }[] } };

  before(() => {
    rmSync(historyDir, { recursive: true, force: true });
    writeFileSync(config.fsPath, `${original.trimEnd()}\n  evaluation:\n    - data: scores_weekly.csv\n      label: y\n      score: score\n      timeColumn: date\n      window: week\n      bootstrap: 100\n      failOn: [rocAuc<0.95]\n`);
  });
  after(() => {
    writeFileSync(config.fsPath, original);
    rmSync(historyDir, { recursive: true, force: true });
  });

  it('"Evaluate Model…" with a preset opens the panel; every metric equals scikit-learn\'s, per week too', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.evaluateModel', undefined, { dataset: fixture('scores_weekly.csv').fsPath, label: 'y', score: 'score', timeColumn: 'date', window: 'week' });
    const r = await until('the evaluation', () => a.lastEvaluation());
    for (const [id, v] of Object.entries(ref.binary_ties.threshold05.metrics)) close(r.metrics.find((m) => m.name === id)?.value, v, id);
    r.windows!.forEach((w, i) => close(w.metrics.find((m) => m.name === 'rocAuc')?.value, ref.binary_ties.weeks[i]!.metrics['rocAuc']!, `week ${i} rocAuc`));
    assert.ok(r.estimated, 'CBPE estimates per week');
    await until('the Evaluate panel tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.startsWith('Evaluate: score on scores_weekly.csv')));
  });

  it('Run All Checks runs the evaluation check, fails its condition, records the run; a second run shows a trend', async () => {
    const a = await api();
    // Writing modellens.yml in before() schedules a re-run (debounced) when checks ran earlier in this window; a new
    // run cancels one in progress, so run until a report with the new check is in.
    const c = await until('a run of the checks with the evaluation check', () => a.lastChecksReport()?.checks.find((x) => x.id === 'evaluation/scores_weekly'), 5000)
      .catch(async () => {
        for (let i = 0; i < 5; i++) {
          await vscode.commands.executeCommand('modelLens.runAllChecks');
          const found = a.lastChecksReport()?.checks.find((x) => x.id === 'evaluation/scores_weekly');
          if (found) return found;
          await new Promise((r) => setTimeout(r, 2000));
        }
        return assert.fail(`no evaluation check in ${a.lastChecksReport()?.checks.map((x) => x.id).join(', ')}`);
      });
    assert.equal(c.status, 'fail');
    assert.match(c.summary, /rocAuc<0\.95/);
    close(c.metrics['rocAuc'], ref.binary_ties.threshold05.metrics['rocAuc']!, 'key figure rocAuc');
    const files = () => (existsSync(historyDir) ? readdirSync(historyDir).filter((f) => f.endsWith('.jsonl')) : []);
    assert.equal(files().length, 1, 'one history file for this machine');
    const count = () => readFileSync(join(historyDir, files()[0]!), 'utf8').trim().split('\n').length;
    const before = count();
    await vscode.commands.executeCommand('modelLens.runAllChecks');
    assert.equal(count(), before + 1, 'one line per run');
    const node = a.checksTree().flatMap((g) => g.children).find((x) => x.label === 'scores_weekly'); // checks are labelled by their short id (evaluation/scores_weekly)
    assert.ok(node && /failed · ROC AUC [▁▂▃▄▅▆▇█]{2}/.test(node.description), `trend in the Checks view: ${node?.description}`);
  });

  it('opening the check shows its evaluation; Show Run History charts its figures over both runs', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.openCheck', 'evaluation/scores_weekly');
    const r = await until('the evaluation of the check', () => (a.lastEvaluation()?.failOn.length ? a.lastEvaluation() : undefined));
    assert.equal(r.failOn[0]!.status, 'fail');
    await vscode.commands.executeCommand('modelLens.showHistory', 'evaluation/scores_weekly');
    const h = await until('the history panel', () => a.shownHistory());
    assert.ok(h.runs >= 2, `${h.runs} runs`);
    assert.deepEqual(h.trends.map((t) => t.id), ['evaluation/scores_weekly']);
    assert.ok(h.trends[0]!.figures.find((f) => f.name === 'rocAuc')!.points.length >= 2);
  });

  it('history panel: a malformed message (wrong type, missing field, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.showHistory', 'evaluation/scores_weekly');
    const shown = await until('the history panel', () => a.shownHistory());
    await assertRefusedWithoutEffect('history panel', [{ type: 'history/export', format: 'exe' } as { type: string }, { type: 'history/export' }], () => a.shownHistory());
    await assertExportOpens('history panel', 'history/export');
    // The control for "without effect": a valid refresh reads the history again.
    assert.equal(await a.panelMessages.deliver('history panel', { type: 'history/refresh' }), true);
    assert.notEqual(a.shownHistory(), shown);
  });
});
