// End to end, Restricted Mode (issue 17 item 7): a workspace that is NOT trusted declares an ONNX model (named .bin,
// so only its content says ONNX), an XGBoost model, a model card outside the workspace and a fairness check scored by
// a model. "Model Lens: Open Checks Report" runs every check: the report must describe the models by name and path
// only (no model parsed, no onnxruntime), never contain the outside card, and refuse the model-scored check with a
// Restricted Mode message — while the checks that only read data still run. The file also declares a database
// source whose password is an environment variable, listening on this test's port: nothing may connect to it (the
// file decides which host receives stored secrets), and the check on its table is refused with a Restricted Mode message.
import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCommand, screenshot, webviewFrame, workbenchPerSuite } from './helpers.mjs';

const PANEL_TIMEOUT_MS = 120_000;
const SECRET = 'TOP-SECRET-e2e-7f3a';
const outer = mkdtempSync(join(tmpdir(), 'ml-e2e-restricted-'));
writeFileSync(join(outer, 'secret.md'), `# ${SECRET}\n`);
const ws = join(outer, 'ws');
mkdirSync(ws);
copyFileSync(join(repoRoot, 'test/fixtures/onnx/rf_classifier.onnx'), join(ws, 'rf.bin'));
copyFileSync(join(repoRoot, 'sample/models/loan_xgb.json'), join(ws, 'tree.json'));
copyFileSync(join(repoRoot, 'sample/loans_current.csv'), join(ws, 'loans.csv'));
writeFileSync(join(ws, 'modellens.yml'), `version: 1
models:
  onnx:
    path: rf.bin
    card: ../secret.md
  tree:
    path: tree.json
checks:
  drift:
    - dataset: tbl
  fairness:
    - name: scored
      data: loans.csv
      model: tree
      label: approved
      sensitive: [gender]
    - name: columns
      data: loans.csv
      label: approved
      prediction: predicted_approved
      sensitive: [gender]
`);

describe('Run All Checks in Restricted Mode (Workspace Trust on, folder not trusted)', function () {
  // A "database" that records every connection: in Restricted Mode it must see none.
  const connections = [];
  const server = createServer((socket) => { connections.push(Date.now()); socket.destroy(); });
  before(async () => {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    appendFileSync(join(ws, 'modellens.yml'), `sources:
  pg:
    engine: postgres
    host: 127.0.0.1
    port: ${server.address().port}
    database: prod
    user: analyst
    password: \${env:HOME}
datasets:
  tbl:
    source: pg:public.loans
    currentWhere: "age > 30"
`);
  });
  after(() => server.close());
  const suite = workbenchPerSuite(ws, { name: 'e2e-restricted-checks', workspaceTrust: true });

  it('models only named, the outside card never read, the model-scored check refused, data checks run', async function () {
    const { page } = suite.wb;
    // The extension's contributions load after the workbench: retry the command until the palette lists it.
    for (let attempt = 0; ; attempt++) {
      try {
        await runCommand(page, 'Model Lens: Open Checks Report');
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
        await page.keyboard.press('Escape');
        await page.waitForTimeout(5000);
      }
    }
    const view = webviewFrame(page);
    const cards = view.locator('[data-testid="model-card"]');
    await cards.first().waitFor({ timeout: PANEL_TIMEOUT_MS });
    assert.equal(await cards.count(), 2);
    for (let i = 0; i < 2; i++) {
      const text = await cards.nth(i).innerText();
      assert.match(text, /not read in Restricted Mode/, text);
      assert.doesNotMatch(text, /Type|Objective|onnx\b.*classifier|binary:logistic/, `no model was parsed: ${text}`);
    }
    const body = await view.locator('body').innerText();
    assert.ok(!body.includes(SECRET), 'the card outside the workspace is not in the report');
    const checks = view.locator('[data-testid="check"]');
    assert.equal(await checks.count(), 3);
    const statuses = await checks.evaluateAll((els) => els.map((e) => [e.getAttribute('data-check-id'), e.getAttribute('data-status'), e.textContent ?? '']));
    const byId = new Map(statuses.map(([id, s, t]) => [id, { status: s, text: t }]));
    const scored = byId.get('fairness/scored');
    assert.ok(scored && scored.status === 'error' && /Restricted Mode/.test(scored.text), `the model-scored check is refused: ${JSON.stringify(statuses)}`);
    const table = byId.get('drift/tbl');
    assert.ok(table && table.status === 'error' && /not opened in Restricted Mode/.test(table.text) && /Trust the workspace/.test(table.text), `the check on the table is refused: ${JSON.stringify(statuses)}`);
    assert.ok(byId.get('fairness/columns')?.status !== 'error', `the data-only check ran: ${JSON.stringify(statuses)}`);
    assert.deepEqual(connections, [], 'nothing connected to the source declared by the untrusted workspace');
    await screenshot(page, 'checks-restricted');
  });
});
