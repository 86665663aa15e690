// End to end: a person selects the reference and current month in the Explorer, right-clicks, picks
// "Compare Datasets (Drift)" and reads the verdict and the drifted columns in the panel.
// Expected values come from test/fixtures/drift/sample_drift.json (pandas + scipy, generate_sample_drift.py):
// which columns drift under the default tests. The sample's modellens.yml declares the label and prediction
// columns, so the panel reports them in its "Target and prediction drift" section, apart from the features.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickContextMenuItem, explorerItem, repoRoot, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite,
} from './helpers.mjs';

const fx = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'drift', 'sample_drift.json'), 'utf8'));
const features = [...fx.features];
const expectedDrifted = features.filter((c) => fx.columns[c].default.drifted).sort();

describe('drift panel e2e (sample workspace)', function () {
  const suite = workbenchPerSuite(join(repoRoot, 'sample'), { name: 'e2e-drift' });

  it('compares two selected files and shows the verdict and the drifted columns', async function () {
    const { page } = suite.wb;
    await waitForContextMenuEntry(page, 'loans_current.csv', 'Compare Datasets (Drift)');
    // Close the "Model Lens" submenu and the menu under it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    // Select both files and open the context menu on them; on a busy workbench the first click may still be
    // opening its preview when the next arrives and reset the selection (CI once got the menu on one file), so
    // check the Explorer's own selection state with the menu open, and retry.
    const ref = explorerItem(page, 'loans_reference.csv');
    const cur = explorerItem(page, 'loans_current.csv');
    for (let attempt = 0; ; attempt++) {
      await ref.click();
      await page.waitForTimeout(500);
      await cur.click({ modifiers: ['Control'] });
      await page.waitForTimeout(500);
      await cur.click({ button: 'right' });
      await page.waitForTimeout(300);
      if ((await ref.getAttribute('aria-selected')) === 'true' && (await cur.getAttribute('aria-selected')) === 'true') break;
      await page.keyboard.press('Escape');
      if (attempt === 4) assert.fail('could not select both files in the Explorer');
    }
    await clickContextMenuItem(page, 'Compare Datasets (Drift)');
    const view = webviewFrame(page);
    const verdict = view.locator('[data-testid="verdict"]');
    await verdict.waitFor({ timeout: 120_000 });
    const text = await view.locator('[data-testid="summary-line"]').innerText();
    assert.match(text, new RegExp(`^${expectedDrifted.length} of ${features.length} features drifted; `), text);
    // The headline names the drifted features, worst first; the label and prediction have their own section.
    const headline = await verdict.innerText();
    assert.ok(expectedDrifted.filter((c) => headline.includes(c)).length >= Math.min(3, expectedDrifted.length), headline);
    for (const [id, col] of [['target-drift', fx.label], ['prediction-drift', fx.prediction]]) {
      const line = await view.locator(`[data-testid="${id}"]`).innerText();
      assert.match(line, new RegExp(`'${col}': ${fx.columns[col].default.drifted ? 'drifted' : 'stable'}`), line);
    }
    // The mini charts' colours are explained above the table.
    assert.match(await view.locator('[data-testid="distribution-legend"]').innerText(), /reference \(bars\)[\s\S]*current \(line/);
    await page.waitForTimeout(300);
    await screenshot(page, 'drift-top');
    // Both distributions in each row, and no CLI flag in the editor's notes.
    assert.equal(await view.locator('[data-testid="drift-row"] svg.mini-dist').count(), features.length);
    assert.doesNotMatch(await view.locator('[data-testid="skipped"]').innerText().catch(() => ''), /--[a-z]/);
    const rows = view.locator('[data-testid="drift-row"]');
    assert.equal(await rows.count(), features.length);
    const shown = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      if ((await row.locator('[data-field="drifted"]').innerText()).trim() === 'drifted') shown.push(await row.getAttribute('data-column'));
    }
    assert.deepEqual(shown.sort(), expectedDrifted);
    // The detail of a drifted categorical column names the category that appeared.
    await view.locator('[data-testid="drift-row"][data-column="loan_purpose"]').click();
    const detail = view.locator('[data-testid="drift-detail"]');
    await detail.waitFor();
    assert.match(await detail.innerText(), /new categories\s+crypto/);
    await page.waitForTimeout(500);
    await screenshot(page, 'drift');
  });
});
