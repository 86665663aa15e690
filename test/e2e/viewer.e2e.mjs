// End to end: a person opens datasets in the "Model Lens: Dataset" editor and works with the grid (issue 19).
// The workspace is made here: a Parquet file, the same rows as .csv.gz, and a Hive-partitioned folder. Expected
// values come from the rows this file writes (plain JS), never from the extension's code.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { explorerItem, openExplorerContextMenu, clickContextMenuItem, quickOpen, screenshot, workbenchPerSuite } from './helpers.mjs';

const TIMEOUT = 90_000;
const N = 5000;
const cities = ['Oslo', 'Rome', 'Lima', 'Pune'];
const rows = Array.from({ length: N }, (_, i) => ({ id: i + 1, amount: ((i * 7919) % 1000) / 10, city: cities[i % 4], approved: i % 3 === 0 }));
const workspace = mkdtempSync(join(tmpdir(), 'model-lens-e2e-viewer-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(workspace, { recursive: true, force: true }));
const csv = `id,amount,city,approved\n${rows.map((r) => `${r.id},${r.amount},${r.city},${r.approved}`).join('\n')}\n`;

let made;
/** Writes the workspace once, for whichever suite runs first (a --grep may run the Restricted Mode suite alone). */
function makeWorkspace() {
  made ??= writeWorkspace();
  return made;
}

async function writeWorkspace() {
  writeFileSync(join(workspace, 'loans.csv'), csv);
  writeFileSync(join(workspace, 'loans.csv.gz'), gzipSync(csv));
  mkdirSync(join(workspace, 'events', 'year=2025'), { recursive: true });
  mkdirSync(join(workspace, 'events', 'year=2026'), { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const lit = (p) => `'${p.replace(/'/g, "''")}'`;
  await c.run(`COPY (SELECT * FROM read_csv(${lit(join(workspace, 'loans.csv'))})) TO ${lit(join(workspace, 'loans.parquet'))} (FORMAT parquet)`);
  await c.run(`COPY (SELECT range AS event_id, 'a' || range AS label FROM range(3)) TO ${lit(join(workspace, 'events', 'year=2025', 'part-0.parquet'))} (FORMAT parquet)`);
  await c.run(`COPY (SELECT range + 3 AS event_id, 'b' || range AS label FROM range(4)) TO ${lit(join(workspace, 'events', 'year=2026', 'part-0.parquet'))} (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  writeFileSync(join(workspace, 'secret.csv'), 'token\nhunter2\n');
}

/** The visible webview's document (several webviews may exist; the active one is visible). */
function viewer(page) {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

async function gridRows(page) {
  const v = viewer(page);
  await v.locator('[data-testid="grid-row"][data-row]').first().waitFor({ timeout: TIMEOUT });
  return v.locator('[data-testid="grid-row"][data-row]').evaluateAll((els) => els.map((e) => [...e.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent)));
}

async function waitForText(locator, pattern, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await locator.innerText().catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`expected ${pattern}, saw "${text}"`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('data viewer e2e', function () {
  this.timeout(8 * 60_000);
  before(makeWorkspace);
  const suite = workbenchPerSuite(workspace, { name: 'e2e-viewer' });

  it('a Parquet file opens in the grid: first rows, row count, header profile', async () => {
    const { page } = suite.wb;
    await quickOpen(page, 'loans.parquet');
    const v = viewer(page);
    const first = await gridRows(page);
    const asRow = (r) => [r.id, r.amount, r.city, String(r.approved)];
    const shown = (cells) => [Number(cells[0]), Number(cells[1]), cells[2], cells[3]];
    assert.deepEqual(shown(first[0]), asRow(rows[0]));
    assert.deepEqual(shown(first[1]), asRow(rows[1]));
    await waitForText(v.locator('[data-testid="row-count"]'), /5,000 rows × 4 columns/);
    await v.locator('[data-testid="column-header"][data-column="amount"] .badge.kind-numeric').waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'viewer-parquet');
  });

  it('sorts by a column (descending on the second click)', async () => {
    const { page } = suite.wb;
    const v = viewer(page);
    const sortBtn = v.locator('[data-testid="column-header"][data-column="amount"] [data-testid="sort"]');
    await sortBtn.click();
    await sortBtn.click();
    await waitForText(sortBtn, /▼/);
    const max = Math.max(...rows.map((r) => r.amount));
    const expected = rows.filter((r) => r.amount === max).map((r) => String(r.id));
    const deadline = Date.now() + TIMEOUT;
    let got;
    do {
      got = await gridRows(page);
      if (Number(got[0][1]) === max) break;
      await page.waitForTimeout(300);
    } while (Date.now() < deadline);
    assert.equal(Number(got[0][1]), max);
    assert.deepEqual(got.slice(0, expected.length).map((r) => r[0]), expected.slice(0, 20), 'ties in file order');
  });

  it('filters with SQL; a refused statement shows an error and changes nothing', async () => {
    const { page } = suite.wb;
    const v = viewer(page);
    const box = v.locator('[data-testid="sql-filter"]');
    await box.fill("city = 'Lima' AND amount > 50");
    await box.press('Enter');
    const n = rows.filter((r) => r.city === 'Lima' && r.amount > 50).length;
    await waitForText(v.locator('[data-testid="row-count"]'), new RegExp(`^${n.toLocaleString('en')} of 5,000 rows`));
    const shown = await gridRows(page);
    assert.ok(shown.every((r) => r[2] === 'Lima' && Number(r[1]) > 50));
    await box.fill(`(SELECT count(*) FROM read_csv('${join(workspace, 'secret.csv')}')) > 0`);
    await box.press('Enter');
    const err = await waitForText(v.locator('[data-testid="filter-error"]'), /subqueries are not allowed/);
    assert.match(err, /subqueries are not allowed/);
    await waitForText(v.locator('[data-testid="row-count"]'), new RegExp(`^${n.toLocaleString('en')} of 5,000 rows`));
    await screenshot(page, 'viewer-refused-filter');
    await box.fill('1=1; COPY (SELECT 1) TO \'/tmp/x.csv\'');
    await box.press('Enter');
    await waitForText(v.locator('[data-testid="filter-error"]'), /not a statement|one expression only/);
    await box.fill('');
    await box.press('Enter');
    await waitForText(v.locator('[data-testid="row-count"]'), /^5,000 rows/);
  });

  it('opens a row with Enter (keyboard) and shows every field', async () => {
    const { page } = suite.wb;
    const v = viewer(page);
    await v.locator('[data-testid="grid"]').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = v.locator('[data-testid="row-detail"]');
    await detail.waitFor({ timeout: TIMEOUT });
    const text = await detail.innerText();
    const expectedRow = (await gridRows(page))[1];
    for (const value of expectedRow) assert.ok(text.includes(value), `row detail shows ${value}: ${text}`);
    await screenshot(page, 'viewer-row-detail');
  });

  it('hides a column and shows it again; the header bars open the column\'s full profile', async () => {
    const { page } = suite.wb;
    const v = viewer(page);
    await v.locator('[data-testid="column-header"][data-column="city"] button.hide').click();
    await v.locator('[data-testid="column-header"][data-column="city"]').waitFor({ state: 'detached', timeout: 10_000 });
    await v.locator('[data-testid="hidden-columns"]').selectOption('city');
    await v.locator('[data-testid="column-header"][data-column="city"]').waitFor({ timeout: 10_000 });
    await v.locator('[data-testid="column-header"][data-column="amount"] [data-testid="column-spark"]').click();
    const profile = v.locator('[data-testid="column-profile"]');
    await waitForText(profile, /mean/i);
    await screenshot(page, 'viewer-column-profile');
  });

  it('runs Profile from the toolbar', async () => {
    const { page } = suite.wb;
    await viewer(page).locator('[data-testid="action-profile"]').click();
    await page.locator('.tabs-container .tab', { hasText: 'Profile: loans.parquet' }).first().waitFor({ timeout: TIMEOUT });
    const profile = viewer(page);
    await waitForText(profile.locator('[data-testid="rows"]'), /^5,?000$/);
    await screenshot(page, 'viewer-profile-from-toolbar');
  });

  it('a .csv.gz opens in the viewer with the same rows', async () => {
    const { page } = suite.wb;
    await quickOpen(page, 'loans.csv.gz');
    const got = await gridRows(page);
    assert.deepEqual([Number(got[0][0]), Number(got[0][1]), got[0][2], got[0][3]], [1, rows[0].amount, 'Oslo', 'true']);
    await waitForText(viewer(page).locator('[data-testid="row-count"]'), /5,000 rows × 4 columns/);
    await screenshot(page, 'viewer-csv-gz');
  });

  it('a Hive-partitioned folder opens from the Explorer: partition keys are columns', async () => {
    const { page } = suite.wb;
    await explorerItem(page, 'events').waitFor();
    await openExplorerContextMenu(page, 'events');
    await clickContextMenuItem(page, 'Open in Data Viewer');
    const v = viewer(page);
    await waitForText(v.locator('[data-testid="row-count"]'), /7 rows × 3 columns/);
    const got = await gridRows(page);
    assert.deepEqual(got.map((r) => [r[0], r[2]]), [['0', '2025'], ['1', '2025'], ['2', '2025'], ['3', '2026'], ['4', '2026'], ['5', '2026'], ['6', '2026']]);
    await screenshot(page, 'viewer-partitioned-folder');
  });
});

describe('data viewer e2e in Restricted Mode (Workspace Trust on, folder not trusted)', function () {
  this.timeout(5 * 60_000);
  before(makeWorkspace);
  const suite = workbenchPerSuite(workspace, { name: 'e2e-viewer-restricted', workspaceTrust: true });

  it('shows and filters the data read-only: exports are disabled with the reason', async () => {
    const { page } = suite.wb;
    await quickOpen(page, 'loans.parquet');
    const v = viewer(page);
    await gridRows(page);
    const exportCsv = v.locator('button', { hasText: 'Export CSV' });
    assert.equal(await exportCsv.isDisabled(), true);
    assert.match(await exportCsv.getAttribute('title'), /Restricted Mode/);
    const box = v.locator('[data-testid="sql-filter"]');
    await box.fill("city = 'Pune'");
    await box.press('Enter');
    await waitForText(v.locator('[data-testid="row-count"]'), /^1,250 of 5,000 rows/);
    await screenshot(page, 'viewer-restricted');
  });
});
