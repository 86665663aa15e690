// End to end: a person opens the sample scikit-learn model (sample/models/loan_sklearn.joblib, a joblib Pipeline with
// one-hot encoded text columns before a random forest) in the model editor, then right-clicks it, picks "Explain on
// Dataset…", chooses loans_current.csv and reads a row's waterfall. Expected values are brute-force Shapley values
// of scikit-learn's predict_proba (sample/models/generate_sklearn.py). The panel shows 4 decimals: tolerance 5e-5.
// Screenshots: test-results/sklearn-model-editor.png, test-results/sklearn-waterfall.png.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickContextMenuItem, explorerItem, quickOpen, repoRoot, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite } from './helpers.mjs';

const TOL = 5e-5;
const PANEL_TIMEOUT_MS = 120_000;
const expected = JSON.parse(readFileSync(join(repoRoot, 'sample', 'models', 'loan_sklearn.expected.json'), 'utf8'));
const shown = (text) => Number(text.trim().replace('−', '-').replace('+', ''));

describe('scikit-learn model e2e (sample workspace)', function () {
  const suite = workbenchPerSuite(join(repoRoot, 'sample'), { name: 'e2e-sklearn' });

  it('the model editor shows the pipeline, its parameters and importances per dataset column', async function () {
    const { page } = suite.wb;
    await quickOpen(page, 'loan_sklearn.joblib');
    const view = webviewFrame(page);
    await view.locator('[data-testid="facts"]').waitFor({ timeout: PANEL_TIMEOUT_MS });
    assert.equal((await view.locator('[data-fact="type"]').innerText()).trim(), 'scikit-learn');
    assert.equal((await view.locator('[data-fact="trees"]').innerText()).trim(), '40');
    assert.match(await view.locator('[data-fact="estimator"]').innerText(), /^Pipeline\(ColumnTransformer\(num: SimpleImputer; cat: OneHotEncoder\), RandomForestClassifier\)$/);
    assert.match(await view.locator('[data-fact="format"]').innerText(), /joblib \(zlib\), protocol \d \(written by scikit-learn 1\.2\.1\)/);
    assert.equal((await view.locator('[data-param="clf__n_estimators"] td').innerText()).trim(), '40');
    const features = await view.locator('[data-testid="importance-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-feature')));
    assert.deepEqual([...features].sort(), [...expected.features].sort());
    await screenshot(page, 'sklearn-model-editor');
  });

  it('Explain on Dataset… from the Explorer: the waterfall equals brute-force Shapley values and names categories', async function () {
    const { page } = suite.wb;
    // Quick Open in the first test revealed the file in the Explorer; expand models/ only if it is not shown.
    if (!(await explorerItem(page, 'loan_sklearn.joblib').isVisible())) await explorerItem(page, 'models').click();
    await waitForContextMenuEntry(page, 'loan_sklearn.joblib', 'Explain on Dataset…');
    await clickContextMenuItem(page, 'Explain on Dataset…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('loans_current.csv');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'loans_current.csv' }).first().waitFor();
    await page.keyboard.press('Enter');
    const view = webviewFrame(page);
    const rowSelect = view.locator('[data-testid="row"]');
    await rowSelect.waitFor({ timeout: PANEL_TIMEOUT_MS });
    const offered = new Set((await rowSelect.locator('option').evaluateAll((os) => os.map((o) => o.value))).map(Number));
    const row = expected.rows.find((r) => offered.has(r));
    assert.ok(row !== undefined, 'a reference row is among the explained rows');
    await rowSelect.selectOption(String(row));
    const table = view.locator(`[data-testid="waterfall"][data-row="${row}"]`);
    await table.waitFor({ timeout: PANEL_TIMEOUT_MS });
    const k = expected.rows.indexOf(row);
    const steps = table.locator('[data-testid="waterfall-step"]');
    assert.equal(await steps.count(), expected.features.length);
    for (let i = 0; i < expected.features.length; i++) {
      const label = await steps.nth(i).getAttribute('data-label');
      const [feature, value] = label.split(' = ');
      const j = expected.features.indexOf(feature);
      assert.ok(j >= 0, `step "${label}" names a dataset column`);
      if (feature === 'region' || feature === 'loan_purpose') assert.match(value, /^[a-z_]+$/, `a category name, not an index: ${label}`);
      const c = shown(await steps.nth(i).locator('[data-field="contribution"]').innerText());
      assert.ok(Math.abs(c - expected.contribs[k][j]) <= TOL, `${feature}: panel ${c}, scikit-learn ${expected.contribs[k][j]}`);
    }
    const end = shown(await table.locator('[data-testid="waterfall-end"] [data-field="total"]').innerText());
    assert.ok(Math.abs(end - expected.prediction[k]) <= TOL, `prediction: panel ${end}, scikit-learn ${expected.prediction[k]}`);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'sklearn-waterfall');
  });
});
