// Runs inside the real extension host (code-server) with test/fixtures/workspace open.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';
import { assertExportOpens, assertRefusedWithoutEffect } from './panelMessages';

describe('Run Bias Audit in the real extension host', () => {
  it('audits a dataset with the given choices: selection rates and disparate impact match a plain count', async () => {
    const a = await api();
    const uri = fixture('hiring.csv');
    const rows = readFileSync(uri.fsPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const rate = (g: string) => {
      const mine = rows.filter((r) => r[1] === g);
      return mine.filter((r) => r[4] === '1').length / mine.length;
    };
    await vscode.commands.executeCommand('modelLens.runBiasAudit', uri, { sensitive: ['gender'], label: 'hired', prediction: 'predicted_hire', favorable: '1', privileged: { gender: 'male' } });
    const r = a.lastBiasReport();
    assert.ok(r, 'an audit was shown');
    const gender = r.attributes.find((x) => x.attribute === 'gender');
    assert.ok(gender);
    for (const g of ['female', 'male']) {
      const group = gender.groups.find((x) => x.group === g);
      const shown = group?.selectionRate;
      assert.ok(typeof shown === 'number' && Math.abs(shown - rate(g)) < 1e-12, `selection rate of ${g}: ${String(shown)} vs ${rate(g)}`);
    }
    const di = gender.metrics['disparateImpact'];
    assert.ok(typeof di === 'number' && Math.abs(di - rate('female') / rate('male')) < 1e-12, `disparate impact ${String(di)}`);
    const failed = r.checks.some((c) => c.attribute === 'gender' && c.status === 'fail');
    assert.equal(failed, rate('female') / rate('male') < 0.8, 'the four-fifths check follows the ratio');
  });
});

describe('bias panel: webview messages', () => {
  it('a malformed message (wrong type, missing field, prototype-named keys) is refused and logged, without effect', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.runBiasAudit', fixture('hiring.csv'), { sensitive: ['gender'], label: 'hired', prediction: 'predicted_hire', favorable: '1' });
    await assertRefusedWithoutEffect('bias panel', [{ type: 'bias/export', format: 'exe' } as { type: string }, { type: 'bias/export' }], () => a.lastBiasReport());
    await assertExportOpens('bias panel', 'bias/export');
  });
});
