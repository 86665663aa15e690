// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
// Expected values come from test/fixtures/abtest/reference.json (statsmodels/scipy, see generate.py there).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';

const close = (a: number | undefined, b: number, rel: number, what: string) => assert.ok(a !== undefined && Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b}`);

describe('A/B test commands in the real extension host', () => {
  it('Analyse A/B Test opens a panel whose numbers match statsmodels/scipy', async () => {
    const a = await api();
    const csv = vscode.Uri.joinPath(fixture('.'), '..', 'abtest', 'experiment.csv');
    const ref = JSON.parse(readFileSync(vscode.Uri.joinPath(fixture('.'), '..', 'abtest', 'reference.json').fsPath, 'utf8')) as {
      srm: { pValue: number }; metrics: { metric: string; variant: string; pValue: number; newcombe?: [number, number]; ci?: [number, number] }[];
    };
    await vscode.commands.executeCommand('modelLens.analyseAbTest', csv, { variant: 'variant', control: 'control', metrics: ['converted', 'revenue'], guardrails: [{ metric: 'latency_ms', harm: 'increase' }], timeColumn: 'ts', segments: ['platform'] });
    const r = a.lastAbtestReport();
    assert.ok(r, 'an analysis was shown');
    close(r.srm.pValue, ref.srm.pValue, 1e-6, 'SRM p');
    for (const x of ref.metrics) {
      const m = [...r.metrics, ...r.guardrails].find((y) => y.metric === x.metric && y.variant === x.variant);
      assert.ok(m, `${x.metric}/${x.variant}`);
      close(m.pValue, x.pValue, 1e-6, `${x.metric}/${x.variant} p`);
      const lo = x.newcombe?.[0] ?? x.ci![0];
      close(m.ci[0], lo, 1e-6, `${x.metric}/${x.variant} CI low`);
    }
    assert.equal(r.guardrails.find((g) => g.variant === 'reco_v3')?.breached, true, 'the reco_v3 latency guardrail is breached');
    assert.ok((r.metrics[0]?.sequential?.looks.length ?? 0) >= 14, 'daily sequential looks');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLens.abtest'));
    const deadline = Date.now() + 20000;
    while (!tabs().length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    assert.ok(tabs().some((t) => t.label.includes('experiment.csv')), 'an A/B test tab is open');
  });

  it('a wrong control value is reported to the user as a clear error, not a crash', async () => {
    const a = await api();
    const csv = vscode.Uri.joinPath(fixture('.'), '..', 'abtest', 'experiment.csv');
    await vscode.commands.executeCommand('modelLens.analyseAbTest', csv, { variant: 'variant', control: 'nope', metrics: ['converted'] });
    assert.match(a.lastError()?.message ?? '', /control value 'nope' not found/);
  });

  it('Plan Rollout opens a Markdown plan with the statsmodels sample size', async () => {
    const a = await api();
    const ref = JSON.parse(readFileSync(vscode.Uri.joinPath(fixture('.'), '..', 'abtest', 'reference.json').fsPath, 'utf8')) as { power: { kind: string; baseline?: number; treated?: number; alpha: number; power: number; nobs1: number }[] };
    const c = ref.power.find((p) => p.kind === 'binary' && p.baseline === 0.1 && p.treated === 0.11)!;
    await vscode.commands.executeCommand('modelLens.planRollout', { baseline: 0.1, mde: 0.1, relative: true, alpha: c.alpha, power: c.power, dailyTraffic: 5000 });
    const plan = a.lastRolloutPlan();
    assert.equal(plan?.perArm, Math.ceil(c.nobs1));
    const doc = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'markdown' && d.getText().startsWith('# Rollout plan'));
    assert.ok(doc, 'the plan is open as Markdown');
    assert.match(doc.getText(), new RegExp(`${plan!.perArm.toLocaleString('en-US')} units per arm`));
  });
});

describe('A/B test panel: webview messages', () => {
  it('a malformed message (wrong type, missing field, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    const csv = vscode.Uri.joinPath(fixture('.'), '..', 'abtest', 'experiment.csv');
    await vscode.commands.executeCommand('modelLens.analyseAbTest', csv, { variant: 'variant', control: 'control', metrics: ['converted'] });
    assert.ok(a.lastAbtestReport(), 'an analysis was shown');
    await assertRefusedWithoutEffect('A/B test panel', [{ type: 'abtest/export', format: 'exe' } as { type: string }, { type: 'abtest/export' }], () => a.lastAbtestReport());
    await assertExportOpens('A/B test panel', 'abtest/export');
  });
});
