// End to end: a person profiles a file above the exact-size limit (210,000 rows) and sees the duplicate-row
// estimate flagged with its error, "≈ n, estimated (±x%)", and the note naming the setting for exact figures.
// The estimate itself is checked against the exact count (10,000 duplicate rows) within four stated errors. A
// Parquet copy, whose numeric column is read once as doubles (streamedNumeric.ts), shows the same column detail.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { clickContextMenuItem, runCommand, screenshot, waitForContextMenuEntry, webviewFrame, workbenchPerSuite } from './helpers.mjs';

const workspace = mkdtempSync(join(tmpdir(), 'ml-e2e-estimates-'));
const lines = ['id,group,score'];
for (let i = 0; i < 200_000; i++) lines.push(`${i},g${i % 7},${((i * 7919) % 100_003) / 10}`);
for (let i = 0; i < 10_000; i++) lines.push(lines[1 + i * 3]);
writeFileSync(join(workspace, 'big.csv'), `${lines.join('\n')}\n`);

describe('profile panel above the exact-size limit', function () {
  this.timeout(240_000);
  const suite = workbenchPerSuite(workspace, { name: 'e2e-profile-estimates' });
  after(() => rmSync(workspace, { recursive: true, force: true }));
  /** The score column's detail in the CSV's panel, for the Parquet copy's to equal. */
  let csvDetail = '';

  it('shows duplicate rows as an estimate with its error, and the distinct-count and quantile estimates', async function () {
    await waitForContextMenuEntry(suite.wb.page, 'big.csv', 'Profile Dataset');
    await clickContextMenuItem(suite.wb.page, 'Profile Dataset');
    const view = webviewFrame(suite.wb.page);
    const dup = view.locator('[data-testid="duplicates"]');
    await dup.waitFor({ timeout: 120_000 });
    const text = await dup.innerText();
    const m = /^≈ (\d{1,3}(?:,\d{3})*), estimated \(±(\d+(?:\.\d+)?)%\)$/.exec(text.trim());
    assert.ok(m, `duplicates shown as "${text}"`);
    const estimate = Number(m[1].replace(/,/g, ''));
    assert.ok(Math.abs(estimate - 10_000) <= 4 * (Number(m[2]) / 100) * estimate, text);
    assert.match(await view.locator('body').innerText(), /modelLens\.profile\.exact/);
    // The table cell: "≈ 207,123" in full (the column is wide enough, nothing clipped), the error in its title.
    const cell = view.locator('td[data-field="distinct"]').first();
    assert.match(await cell.innerText(), /^≈ \d{1,3}(,\d{3})+$/);
    assert.match(await cell.getAttribute('title'), /^≈ \d{1,3}(,\d{3})+, estimated \(±\d+(\.\d+)?%\)$/);
    assert.ok(await cell.evaluate((e) => e.scrollWidth <= e.clientWidth), 'the distinct count fits its cell');
    await view.locator('[data-testid="column-row"]').last().click();
    await view.locator('[data-testid="quantiles"] caption').waitFor({ timeout: 10_000 });
    assert.match(await view.locator('[data-testid="quantiles"] caption').innerText(), /^Quantiles estimated \(±0\.0\d+% of rows in rank\)$/);
    await suite.wb.page.waitForTimeout(500);
    await screenshot(suite.wb.page, 'profile-estimates');
    csvDetail = await view.locator('[data-testid="column-detail"]').innerText();
  });

  it('a Parquet copy (its numeric column read once as doubles, streamedNumeric.ts) shows the same column detail', async function () {
    // The same rows as Parquet: above the exact-size limit its numeric column takes the streamed path (footer
    // extremes), the CSV's table the SQL passes; the panel shows the same figures, quantiles and histogram axis.
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`COPY (SELECT * FROM read_csv('${join(workspace, 'big.csv')}')) TO '${join(workspace, 'big.parquet')}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
    await runCommand(suite.wb.page, 'View: Close All Editors');
    await waitForContextMenuEntry(suite.wb.page, 'big.parquet', 'Profile Dataset');
    await clickContextMenuItem(suite.wb.page, 'Profile Dataset');
    const view = webviewFrame(suite.wb.page);
    await view.locator('[data-testid="duplicates"]').waitFor({ timeout: 120_000 });
    await view.locator('[data-testid="column-row"]').last().click();
    await view.locator('[data-testid="quantiles"] caption').waitFor({ timeout: 10_000 });
    assert.ok(csvDetail, 'the CSV\'s detail was read');
    assert.equal(await view.locator('[data-testid="column-detail"]').innerText(), csvDetail);
    await suite.wb.page.waitForTimeout(500);
    await screenshot(suite.wb.page, 'profile-estimates-parquet');
  });
});
