// End to end (issue 18): long work in the editor can be stopped, from the panel and from the notification, and
// the extension keeps working afterwards. A person right-clicks a 10M-row Parquet file, picks "Profile Dataset",
// sees the progress, and cancels: the panel says so (it never shows a profile of part of the data), the progress
// notification goes away, and the next profile (a small CSV) works. The file is generated at test time by DuckDB
// (seeded by row number, ~90 MB, a few seconds); profiling it takes several seconds on the 2-core machine, and
// the Cancel button is clicked as soon as it shows, so the run is still in progress when it is cancelled.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { clickContextMenuItem, screenshot, waitForContextMenuEntry, workbenchPerSuite } from './helpers.mjs';
import { activeWebviewFrame } from './panelChecks.mjs';

const ROWS = Number(process.env.MODEL_LENS_E2E_CANCEL_ROWS ?? 10_000_000);
/** From the click on Cancel to the panel saying so: the engine's query is interrupted, not waited for. */
const CANCEL_BUDGET_MS = 15_000;

const dir = mkdtempSync(join(tmpdir(), 'ml-e2e-cancel-'));

async function generate() {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  const out = join(dir, 'long.parquet').replace(/'/g, "''");
  await c.run(`COPY (SELECT i AS id, round(sin(i) * 100, 2) AS a, (i * 7919) % 1000 AS b, ['x', 'y', 'z'][1 + (i % 3)::BIGINT] AS c,
    round(cos(i * 3) * 50, 1) AS d, (i % 97) < 13 AS e FROM range(${ROWS}) t(i)) TO '${out}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  writeFileSync(join(dir, 'small.csv'), 'x,y\n1,a\n2,b\n3,a\n');
}

/** The progress notification of a profile run (a toast with its own Cancel button). */
const toast = (page) => page.locator('.notification-toast', { hasText: 'Model Lens: profiling long.parquet' });

describe('cancel e2e: long work stops when asked, and the editor keeps working', function () {
  before(async function () {
    this.timeout(300_000);
    await generate();
  });
  const suite = workbenchPerSuite(dir, { name: 'e2e-cancel' });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function startProfile(page) {
    await waitForContextMenuEntry(page, 'long.parquet', 'Profile Dataset');
    await clickContextMenuItem(page, 'Profile Dataset');
    return activeWebviewFrame(page, 120_000, { title: 'Profile: long.parquet' });
  }

  async function expectCancelled(page, frame, clickedAt, how) {
    const error = frame.locator('[data-testid="error"]');
    await error.waitFor({ timeout: CANCEL_BUDGET_MS });
    const took = Date.now() - clickedAt;
    assert.equal((await error.innerText()).trim(), 'Profiling was cancelled.', `${how}: the panel's message`);
    assert.equal(await frame.locator('[data-testid="rows"]').count(), 0, `${how}: no profile of part of the data is shown`);
    await toast(page).waitFor({ state: 'detached', timeout: CANCEL_BUDGET_MS });
    process.stdout.write(`      ${how}: cancelled ${took} ms after the click (${ROWS.toLocaleString('en')} rows)\n`);
    return took;
  }

  it("stops from the panel's Cancel button", async function () {
    this.timeout(300_000);
    const { page } = suite.wb;
    const frame = await startProfile(page);
    const cancel = frame.locator('button', { hasText: /^Cancel$/ }).first();
    await cancel.waitFor({ timeout: 60_000 });
    await toast(page).waitFor({ timeout: 30_000 }); // the notification shows the same run's progress
    await screenshot(page, 'cancel-before');
    const clickedAt = Date.now();
    await cancel.click();
    await expectCancelled(page, frame, clickedAt, 'panel Cancel');
    await screenshot(page, 'cancel-panel');
  });

  it("stops from the notification's Cancel button", async function () {
    this.timeout(300_000);
    const { page } = suite.wb;
    const frame = await startProfile(page);
    const button = toast(page).locator('.monaco-button', { hasText: /^Cancel$/ }).first();
    // A progress toast shows its buttons on hover in some layouts: hover first, then click.
    await toast(page).waitFor({ timeout: 60_000 });
    await toast(page).hover();
    await button.waitFor({ timeout: 10_000 });
    const clickedAt = Date.now();
    await button.click();
    await expectCancelled(page, frame, clickedAt, 'notification Cancel');
  });

  it('profiles the next file normally after two cancelled runs', async function () {
    this.timeout(300_000);
    const { page } = suite.wb;
    await waitForContextMenuEntry(page, 'small.csv', 'Profile Dataset');
    await clickContextMenuItem(page, 'Profile Dataset');
    const frame = await activeWebviewFrame(page, 120_000, { title: 'Profile: small.csv' });
    const rows = frame.locator('[data-testid="rows"]');
    await rows.waitFor({ timeout: 120_000 });
    assert.equal((await rows.innerText()).replace(/\D/g, ''), '3');
    assert.equal((await frame.locator('[data-testid="columns"]').innerText()).replace(/\D/g, ''), '2');
  });
});
