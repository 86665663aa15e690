// End to end: a person right-clicks sample/models/loan_xgb_v2.json, runs "Compare Model with…", picks
// loan_xgb.json as the baseline, the evaluation dataset and its label with the keyboard, and reads the panel.
// Expected values: AUC of both models from scikit-learn on xgboost's predictions (test/fixtures/versions/
// metrics.json, written by generate.py); the panel shows 4 significant digits, so the tolerance is 5e-4.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickContextMenuItem, explorerItem, repoRoot, runCommand, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite,
} from './helpers.mjs';
import { openAllSections } from './panelChecks.mjs';

const ref = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'versions', 'metrics.json'), 'utf8')).sampleDiff;

async function answer(page, text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  if (text !== undefined) await input.fill(text);
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
}

describe('model versions e2e (sample workspace)', function () {
  const suite = workbenchPerSuite(join(repoRoot, 'sample'), { name: 'e2e-versions' });

  it('compares two model files on a labeled dataset: verdict first, A and B side by side, AUC as sklearn', async function () {
    const { page } = suite.wb;
    await explorerItem(page, 'models').click();
    await waitForContextMenuEntry(page, 'loan_xgb_v2.json', 'Compare Model with…');
    await clickContextMenuItem(page, 'Compare Model with…');
    await answer(page, 'loan_xgb.json'); // A: the other model file
    await answer(page, 'loans_current.csv'); // evaluation dataset
    await answer(page, 'approved'); // label
    const view = webviewFrame(page);
    await view.locator('[data-testid="verdict"]').waitFor({ timeout: 120_000 });
    // The change is labelled absolute (percentage points), never "−0.7% AUC", which reads as relative.
    assert.match(await view.locator('[data-testid="verdict"]').innerText(), /^B is worse overall \(AUC −0\.7 points, 95% CI \[/);
    assert.equal(await view.locator('[data-testid="verdict-card"]').getAttribute('data-status'), 'fail');
    await openAllSections(view);
    assert.equal((await view.locator('[data-testid="side-a"]').innerText()).trim(), 'loan_xgb.json');
    assert.equal((await view.locator('[data-testid="side-b"]').innerText()).trim(), 'loan_xgb_v2.json');
    const cells = await view.locator('[data-testid="metrics"] tr[data-metric="auc"] td.num').allInnerTexts();
    const [a, b] = cells.map(Number);
    // 3 significant digits shown: half a unit of the last digit.
    assert.ok(Math.abs(a - ref.metricsA.auc) <= 5e-3, `A AUC ${a} vs ${ref.metricsA.auc}`);
    assert.ok(Math.abs(b - ref.metricsB.auc) <= 5e-3, `B AUC ${b} vs ${ref.metricsB.auc}`);
    const flips = await view.locator('[data-testid="flip-matrix"] td').allInnerTexts();
    assert.deepEqual(flips.map(Number), ref.flipMatrix.flat());
    assert.equal(await view.locator('[data-testid="metadata"] tr[data-fact="trees"]').getAttribute('data-tone'), 'changed');
    await page.waitForTimeout(800);
    await screenshot(page, 'versions');
  });

  it('the Model Versions view lists the MLflow runs; "Compare with Previous" on the newest run compares it with the first', async function () {
    const { page } = suite.wb;
    await runCommand(page, 'View: Show Model Lens');
    const tree = page.locator('.pane-body .monaco-list-row');
    const mlflow = tree.filter({ hasText: 'loan-approval (MLflow)' });
    await mlflow.waitFor({ timeout: 60_000 });
    await mlflow.click();
    const run = tree.filter({ hasText: 'xgb-depth5' });
    await run.waitFor({ timeout: 30_000 });
    assert.match(await run.innerText(), /Production/);
    await run.click({ button: 'right' });
    await clickContextMenuItem(page, 'Compare with Previous');
    await answer(page, 'loans_current.csv');
    await answer(page, 'approved');
    const view = webviewFrame(page);
    await view.locator('[data-testid="side-a"]', { hasText: 'xgb-depth4' }).waitFor({ timeout: 120_000 });
    assert.match(await view.locator('[data-testid="side-b"]').innerText(), /xgb-depth5/);
    await openAllSections(view);
    const recorded = await view.locator('[data-testid="recorded-metrics"]').innerText();
    assert.match(recorded, /val_auc/);
    assert.match(await view.locator('[data-testid="params"]').innerText(), /max_depth/);
    await page.waitForTimeout(800);
    await screenshot(page, 'versions-mlflow');
  });
});
