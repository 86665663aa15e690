// Runs inside the real extension host with test/fixtures/workspace open. No AWS is reachable from CI: the test
// checks what "Connect to a Database…" writes for an Athena source (secret references, never the keys) and that
// the failed first listing reaches the user as a clear message naming the Athena endpoint.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';

describe('Athena source in the real extension host', function () {
  this.timeout(60_000);
  const configFile = fixture('modellens.yml').fsPath;
  let original: string;
  before(() => {
    original = readFileSync(configFile, 'utf8');
  });
  after(async () => {
    writeFileSync(configFile, original);
    await vscode.commands.executeCommand('modelLens.refreshSources');
  });

  it('Connect to a Database… keeps the AWS keys in SecretStorage and writes only ${secret:…} references', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.connectDatabase', {
      name: 'lake', engine: 'athena',
      settings: { region: 'us-east-1', workgroup: 'primary', database: 'sales', catalog: 'AwsDataCatalog', outputLocation: '' },
      secret: 'wJalrXUtnFEMI-not-in-file', secrets: { accessKeyId: 'AKIDNOTINFILE', sessionToken: '' },
    });
    const text = readFileSync(configFile, 'utf8');
    assert.match(text, /lake:\n\s+engine: athena\n/);
    assert.match(text, /secretAccessKey: \$\{secret:lake\.secretAccessKey\}/);
    assert.match(text, /accessKeyId: \$\{secret:lake\.accessKeyId\}/);
    assert.ok(!text.includes('not-in-file') && !text.includes('AKIDNOTINFILE'), 'no key is written to modellens.yml');
    assert.ok(!/sessionToken|outputLocation/.test(text), 'empty answers are left out');
    // The keys were read back from SecretStorage and sent: the listing fails only because AWS is not reachable here.
    const err = a.lastError();
    assert.ok(err && /athena\.us-east-1\.amazonaws\.com|Athena workgroup primary/.test(err.message), JSON.stringify(err));
  });
});
