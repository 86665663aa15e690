// End to end: a person right-clicks the sample's pricing predictions, picks "Validate Against Rules", and reads the
// results panel (the rules panel, on PanelChannel): one row per rule of sample/pricing.rules.yml, broken rules
// first, violation counts equal to what the CSV itself holds (counted here, independently), and Share… asks where to
// save the page (dismissed: nothing is written). Screenshot: test-results/rules-panel.png.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickContextMenuItem, repoRoot, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite } from './helpers.mjs';

const PANEL_TIMEOUT_MS = 120_000;

/** The CSV's own counts: negative and missing predicted prices, and all rows. */
function csvCounts() {
  const [header, ...lines] = readFileSync(join(repoRoot, 'sample', 'pricing_predictions.csv'), 'utf8').trim().split('\n');
  const col = (name) => header.split(',').indexOf(name);
  const cells = lines.map((l) => l.split(','));
  const prices = cells.map((c) => c[col('predicted_price')]);
  const luxury = cells.filter((c) => c[col('category')] === 'luxury');
  return {
    rows: lines.length, negative: prices.filter((p) => p !== '' && Number(p) < 0).length, missing: prices.filter((p) => p === '').length,
    luxury: luxury.length, luxuryBelowCost: luxury.filter((c) => c[col('predicted_price')] !== '' && Number(c[col('predicted_price')]) < Number(c[col('unit_cost')])).length,
  };
}

describe('rules panel e2e (sample workspace)', function () {
  const suite = workbenchPerSuite(join(repoRoot, 'sample'), { name: 'e2e-rules' });

  it('Validate Against Rules shows every rule with the violations the data holds; Share… asks where to save', async function () {
    const { page } = suite.wb;
    const want = csvCounts();
    await waitForContextMenuEntry(page, 'pricing_predictions.csv', 'Validate Against Rules');
    await clickContextMenuItem(page, 'Validate Against Rules');
    const view = webviewFrame(page);
    await view.locator('[data-testid="rules-table"]').waitFor({ timeout: PANEL_TIMEOUT_MS });
    const ids = await view.locator('[data-testid="rule-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
    assert.deepEqual([...ids].sort(), ['known-category', 'luxury-above-cost', 'non-negative-price', 'prediction-present', 'within-3x-cost']);
    const row = (id) => view.locator(`[data-testid="rule-row"][data-rule="${id}"]`);
    const violations = async (id) => Number((await row(id).locator('[data-field="violations"]').innerText()).replace(/,/g, ''));
    assert.equal(await violations('non-negative-price'), want.negative, 'negative prices in the CSV');
    assert.equal(await row('non-negative-price').locator('[data-field="status"]').getAttribute('data-status'), want.negative > 0 ? 'fail' : 'pass');
    assert.equal(await violations('prediction-present'), want.missing, 'missing prices in the CSV');
    assert.equal(await violations('luxury-above-cost'), want.luxuryBelowCost, 'luxury prices below cost in the CSV');
    assert.equal(Number((await row('luxury-above-cost').locator('td').nth(4).innerText()).replace(/,/g, '')), want.luxury, 'the rule applies to luxury rows only');
    const statuses = await view.locator('[data-testid="rule-row"] [data-field="status"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
    assert.deepEqual(statuses, [...statuses].sort((a, b) => (a === b ? 0 : a === 'fail' ? -1 : 1)), `broken rules first: ${statuses.join(', ')}`);
    await screenshot(page, 'rules-panel');
    // Share… goes through the host (rules/share): the workbench asks where to save; Escape saves nothing.
    await view.locator('[data-testid="share"]').click();
    await page.locator('.quick-input-widget input').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.quick-input-widget').innerText(), /Share|Save/);
    await page.keyboard.press('Escape');
  });
});
