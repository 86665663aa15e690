// End to end: a person right-clicks sample/monitoring/loan_scores.csv, runs "Evaluate Model…", answers the quick
// picks with the keyboard (label, score, time column, week, no reference file) and reads the Evaluate panel:
// the verdict card first, the weekly trend chart, details collapsed until opened. Then "Show Run History"
// charts the sample's recorded runs (sample/.modellens/history/past-runs.jsonl) and a new run of the checks.
// Expected values come from the CSV itself (csvReference.mjs's parser and a plain Mann–Whitney count), never
// from the extension: the overall ROC AUC of the labelled rows, shown with 3 significant digits.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csvReference.mjs';
import { explorerItem, clickContextMenuItem, repoRoot, runCommand, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite } from './helpers.mjs';

const workspace = join(repoRoot, 'sample');

/** ROC AUC = P(score of a positive > score of a negative) + ½ P(tie), over rows with an outcome. */
function referenceAuc() {
  const [head, ...rows] = parseCsv(readFileSync(join(workspace, 'monitoring', 'loan_scores.csv'), 'utf8')).filter((r) => r.length > 1);
  const y = head.indexOf('approved');
  const s = head.indexOf('score');
  const pos = rows.filter((r) => r[y] === '1').map((r) => Number(r[s]));
  const neg = rows.filter((r) => r[y] === '0').map((r) => Number(r[s]));
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

async function answer(page, text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
}

describe('evaluate model and run history e2e (sample workspace)', function () {
  const suite = workbenchPerSuite(workspace, { name: 'e2e-evaluate' });

  it('"Evaluate Model…": verdict card with three numbers, the weekly chart, details collapsed', async function () {
    const { page } = suite.wb;
    await explorerItem(page, 'monitoring').click();
    await waitForContextMenuEntry(page, 'loan_scores.csv', 'Evaluate Model…');
    await clickContextMenuItem(page, 'Evaluate Model…');
    await answer(page, 'approved');
    await answer(page, 'score');
    await answer(page, 'probability');
    await answer(page, 'decided_at');
    await answer(page, 'week');
    await answer(page, 'no reference');
    const view = webviewFrame(page);
    const verdict = view.locator('[data-testid="verdict-card"]');
    await verdict.waitFor({ timeout: 120_000 });
    assert.equal(await verdict.getAttribute('data-status'), 'warn');
    assert.match(await view.locator('[data-testid="verdict"]').innerText(), /^ROC AUC is significantly worse than the reference in \d+ of 12 windows \(latest: week of 2026-11-02/);
    const numbers = await view.locator('[data-testid="key-number"]').allInnerTexts();
    assert.equal(numbers.length, 3);
    const shown = Number(numbers[0].split('\n')[0]);
    const auc = referenceAuc();
    assert.ok(Math.abs(shown - auc) <= 5e-4, `panel ROC AUC ${shown} vs the CSV's ${auc}`);
    assert.match(numbers[1], /of 12\s+windows worse than the reference/);
    // The one chart: drawn (the canvas has pixels), with a text alternative.
    const chart = view.locator('[data-testid="chart-headline"]');
    await chart.waitFor();
    assert.match(await chart.getAttribute('aria-label'), /^ROC AUC over 12 windows/);
    const inked = await chart.evaluate((c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; });
    assert.ok(inked > 1000, `the chart is drawn (${inked} pixels)`);
    // Details stay collapsed until opened — with the keyboard here.
    const metrics = view.locator('details[data-section="Metrics"]');
    assert.equal(await metrics.getAttribute('open'), null);
    await metrics.locator('summary').focus();
    await page.keyboard.press('Enter');
    await view.locator('details[data-section="Metrics"][open] tr', { hasText: 'ROC AUC (primary)' }).waitFor();
    await screenshot(page, 'evaluate-panel');
  });

  it('"Show Run History" charts every check\'s key figures over runs; a new run of the checks appears', async function () {
    const { page } = suite.wb;
    await runCommand(page, 'Model Lens: Show Run History');
    const view = webviewFrame(page);
    const section = view.locator('[data-testid="check-history"][data-check="evaluation/loan_scores"]');
    await section.waitFor({ timeout: 60_000 });
    assert.match(await section.innerText(), /\d+ runs? · last/);
    const canvas = section.locator('[data-testid="history-chart"]');
    assert.match(await canvas.getAttribute('aria-label'), /^ROC AUC of Model evaluation — score on loan_scores\.csv over \d+ runs/);
    await section.locator('[data-testid="figure-select"]').selectOption('flaggedWindows');
    await view.locator('[data-testid="check-history"][data-check="evaluation/loan_scores"] [data-testid="history-chart"][aria-label^="Flagged windows"]').waitFor();
    await screenshot(page, 'history-panel');
    const before = Number((await section.innerText()).match(/(\d+) runs? · last/)[1]);
    await runCommand(page, 'Model Lens: Run All Checks');
    await page.waitForFunction(() => true);
    const after = await view.locator('[data-testid="check-history"][data-check="evaluation/loan_scores"]').filter({ hasText: `${before + 1} runs · last` }).first();
    await after.waitFor({ timeout: 180_000 });
    await screenshot(page, 'history-panel-after-run');
  });
});
