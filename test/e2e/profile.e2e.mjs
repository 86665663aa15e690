// End to end: a person right-clicks a CSV in the Explorer, picks "Profile Dataset" and reads the panel.
// Expected numbers come from test/e2e/csvReference.mjs, an independent plain-JS reading of the same file.
// Tolerances: counts (rows, columns, duplicates, missing, distinct) must match exactly; a mean is shown with
// 4 significant digits (src/core/profile/formatNumber.ts), so it must lie within 5e-4 relative of the reference
// (half a unit of the 4th significant digit), plus 1e-12 absolute for means of 0.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { referenceProfile } from './csvReference.mjs';
import {
  clickContextMenuItem, dismiss, openExplorerContextMenu, quickOpen, repoRoot, runCommand, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite,
} from './helpers.mjs';

const PANEL_TIMEOUT_MS = 90_000;
const MEAN_REL_TOL = 5e-3; // 3 significant digits shown (issue 22), never fewer than the integer part's
const sampleCsv = join(repoRoot, 'sample', 'loans_reference.csv');
const useSample = existsSync(sampleCsv);
const workspace = useSample ? join(repoRoot, 'sample') : join(repoRoot, 'test', 'fixtures', 'workspace');
const csvName = useSample ? 'loans_reference.csv' : 'loans_small.csv';
const tsvName = useSample ? 'loans_reference.tsv' : 'small.tsv';
const notDataset = 'README.md';

/** The number a cell shows: "3300", "3,300" or "21 (0.6364%)" (leading number). */
function shownNumber(text) {
  const m = /^\s*([-+\u2212]?[\d,]*\.?\d+(?:e[-+\u2212]?\d+)?)/i.exec(text);
  assert.ok(m, `expected a number, the panel shows "${text}"`);
  return Number(m[1].replace(/,/g, '').replace(/\u2212/g, '-'));
}

/** Reads the summary and each column row of the open profile panel and compares them with the reference. */
async function assertPanelMatches(page, file, delimiter) {
  const expected = referenceProfile(join(workspace, file), delimiter);
  const view = webviewFrame(page);
  await view.locator('[data-testid="rows"]').waitFor({ timeout: PANEL_TIMEOUT_MS });
  assert.equal(shownNumber(await view.locator('[data-testid="rows"]').innerText()), expected.rows, 'rows');
  assert.equal(shownNumber(await view.locator('[data-testid="columns"]').innerText()), expected.columns, 'columns');
  assert.equal(shownNumber(await view.locator('[data-testid="duplicates"]').innerText()), expected.duplicates, 'duplicate rows');
  assert.equal(await view.locator('[data-testid="column-row"]').count(), expected.columns, 'one table row per column');

  for (const name of expected.header) {
    const ref = expected.byColumn[name];
    const row = view.locator(`[data-testid="column-row"][data-column="${name.replace(/"/g, '\\"')}"]`);
    const cell = async (field) => (await row.locator(`[data-field="${field}"]`).innerText()).trim();
    assert.equal(shownNumber(await cell('missing')), ref.missing, `missing of ${name}`);
    assert.equal(shownNumber(await cell('distinct')), ref.distinct, `distinct of ${name}`);
    const kind = await cell('kind');
    if (!ref.numeric) assert.notEqual(kind, 'numeric', `${name} has non-numeric values but is shown as numeric`);
    // A numeric column with many distinct values is what a person calls numeric; 0/1 flags may be shown as boolean.
    if (ref.numeric && ref.distinct > 20) assert.equal(kind, 'numeric', `kind of ${name}`);
    const meanText = await cell('mean');
    if (kind === 'numeric') {
      const shown = shownNumber(meanText);
      const tol = MEAN_REL_TOL * Math.abs(ref.mean) + 1e-12;
      assert.ok(Math.abs(shown - ref.mean) <= tol, `mean of ${name}: panel ${meanText}, reference ${ref.mean} (tolerance ${tol})`);
    }
  }
}

describe(`profile panel e2e (${useSample ? 'sample' : 'fixture'} workspace)`, function () {
  const suite = workbenchPerSuite(workspace, { name: 'e2e-profile' });

  it('offers "Profile Dataset" in the Explorer context menu of a dataset only', async function () {
    // The dataset first: once its menu has the entry, the extension's menus are registered, so the entry's
    // absence from the README's menu below is meaningful (right after load, every menu lacks it).
    await waitForContextMenuEntry(suite.wb.page, csvName, 'Profile Dataset');
    await screenshot(suite.wb.page, 'explorer-context-menu');
    await dismiss(suite.wb.page);
    const forText = await openExplorerContextMenu(suite.wb.page, notDataset);
    assert.ok(forText.length > 3, `the context menu of ${notDataset} did not open properly: ${forText.join(' | ')}`);
    assert.ok(!forText.includes('Profile Dataset'), `"Profile Dataset" shown for ${notDataset}: ${forText.join(' | ')}`);
    await dismiss(suite.wb.page);
  });

  it(`shows the profile of ${csvName} after clicking "Profile Dataset"`, async function () {
    await waitForContextMenuEntry(suite.wb.page, csvName, 'Profile Dataset'); // also when run alone (--grep)
    await clickContextMenuItem(suite.wb.page, 'Profile Dataset');
    await assertPanelMatches(suite.wb.page, csvName, ',');
    await suite.wb.page.waitForTimeout(500); // let charts finish drawing before the screenshot
    await screenshot(suite.wb.page, 'profile');
  });

  it(`profiles the active editor from the command palette (${tsvName} opened with Quick Open)`, async function () {
    await runCommand(suite.wb.page, 'View: Close All Editors');
    await suite.wb.page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 30_000 });
    await quickOpen(suite.wb.page, tsvName);
    await runCommand(suite.wb.page, 'Model Lens: Profile Dataset');
    await assertPanelMatches(suite.wb.page, tsvName, '\t');
    await screenshot(suite.wb.page, 'profile-tsv');
  });
});
