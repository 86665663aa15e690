// End to end (issue 18): a 10,000-column dataset in the editor. The profile panel opens at once and fills in by
// column batch (rows shown before the profile is done), the table keeps only the rows in view in the DOM, and
// each filter keystroke and sort click renders only those rows (counted by a MutationObserver in real Chromium); the
// time from keystroke (or click) to painted result is printed, not asserted (a shared machine's timings are noise).
// The fixtures are generated at test time (seeded, 20 rows) into a temporary workspace; expected counts come
// from the generator itself. MODEL_LENS_E2E_WIDE_COLUMNS sets the width: 2,000 by default (about 1 min), 10,000
// for the full-scale run (11 min on the 2-core machine today, 10 of them the profile itself: issue 18's profile work).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../../scripts/seededRandom.mjs';
import { clickContextMenuItem, screenshot, waitForContextMenuEntry, workbenchPerSuite } from './helpers.mjs';
import { activeWebviewFrame, axeViolations } from './panelChecks.mjs';

const COLS = Number(process.env.MODEL_LENS_E2E_WIDE_COLUMNS ?? 2_000);
const ROWS = 20;
/** Rows the DOM may hold: a 900 px window shows ~25 rows of 30 px, plus 10 overscan each side. */
const MAX_DOM_ROWS = 60;
const THEME = process.env.MODEL_LENS_E2E_WIDE_THEME ?? 'Default Light Modern';

/** A seeded wide CSV: numeric, categorical, boolean and mostly-empty columns (k mod 5); its missing counts. */
function wideCsv(path, seed, shift = 0) {
  const r = mulberry32(seed);
  const missing = new Array(COLS).fill(0);
  const lines = [Array.from({ length: COLS }, (_, j) => `f${j}`).join(',')];
  for (let i = 0; i < ROWS; i++) {
    const cells = new Array(COLS);
    for (let j = 0; j < COLS; j++) {
      const k = j % 5;
      if (k < 2) cells[j] = (r() * 10 + (j % 7) + shift * (j % 2)).toFixed(2);
      else if (k === 2) cells[j] = 'abc'[Math.floor(r() * 3)];
      else if (k === 3) cells[j] = r() < 0.3 ? 'true' : 'false';
      else if (r() < 0.8 || (i === 0 && j % 3 === 0)) { cells[j] = ''; missing[j]++; } else cells[j] = String(Math.floor(r() * 100));
    }
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return missing;
}

const dir = mkdtempSync(join(tmpdir(), 'ml-e2e-wide-'));
const missing = wideCsv(join(dir, 'wide.csv'), 11);

/**
 * Runs in the webview: arms a measurement for one interaction on `el`, the ms from `start` to the first paint after
 * the app's `done` handler, and the most column rows one DOM change added meanwhile (a MutationObserver on the document).
 */
const arm = (el, [start, done]) => {
  const t = { t0: 0, dt: -1, added: 0 };
  window.mlT = t;
  // The most rows one DOM change added (a table draw replaces its rows at once; a layout change may draw again).
  const count = (records) => {
    for (const r of records) {
      let rows = 0;
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches('[data-testid="column-row"]')) rows++;
        rows += n.querySelectorAll('[data-testid="column-row"]').length;
      }
      t.added = Math.max(t.added, rows);
    }
  };
  const seen = new MutationObserver(count);
  seen.observe(document.body, { childList: true, subtree: true });
  el.addEventListener(start, () => { t.t0 = performance.now(); }, { once: true, capture: true });
  el.addEventListener(done, () => requestAnimationFrame(() => setTimeout(() => { count(seen.takeRecords()); seen.disconnect(); t.dt = performance.now() - t.t0; }, 0)), { once: true });
};
const measured = (frame) => frame.evaluate(() => new Promise((resolve) => { const poll = () => (window.mlT.dt >= 0 ? resolve({ ms: window.mlT.dt, added: window.mlT.added }) : setTimeout(poll, 2)); poll(); }));

/** Types `key` into the focused control: ms from its keydown to the first paint after the app's input handler, and rows drawn. */
async function timedKey(frame, page, selector, key) {
  await frame.locator(selector).evaluate(arm, ['keydown', 'input']);
  await page.keyboard.press(key);
  return measured(frame);
}

/** Clicks a sort header: ms from pointer-down to the first paint after the app's click handler, and rows drawn. */
async function timedClick(frame, selector) {
  await frame.locator(selector).evaluate(arm, ['pointerdown', 'click']);
  await frame.locator(selector).click();
  return measured(frame);
}

const domRows = (frame, testid) => frame.locator(`[data-testid="${testid}"]`).count();
const fmt = (n) => n.toLocaleString('en');

describe(`wide tables e2e: ${fmt(COLS)} columns`, function () {
  const suite = workbenchPerSuite(dir, { name: 'e2e-wide', settings: { 'workbench.colorTheme': THEME } });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('profile: opens at once, rows arrive before the profile is done, bounded DOM, filter and sort render only the rows in view', async function () {
    this.timeout(900_000);
    const { page } = suite.wb;
    await waitForContextMenuEntry(page, 'wide.csv', 'Profile Dataset');
    const started = Date.now();
    await clickContextMenuItem(page, 'Profile Dataset');
    const frame = await activeWebviewFrame(page, 120_000, { title: 'Profile: wide.csv' });
    const opened = Date.now() - started;
    // Streaming: the progress line and the first rows while the verdict card (dataset figures) is not there yet.
    const progress = frame.locator('[data-testid="stream-progress"]');
    await progress.waitFor({ timeout: 600_000 });
    await frame.locator('[data-testid="column-row"]').first().waitFor({ timeout: 600_000 });
    const firstRows = Date.now() - started;
    const line = await progress.innerText();
    assert.equal(await frame.locator('[data-testid="rows"]').count(), 0, 'the dataset figures come last');
    assert.match(line, new RegExp(`of ${fmt(COLS)} columns profiled`), line);
    await screenshot(page, 'wide-profile-streaming');
    await frame.locator('[data-testid="rows"]').waitFor({ timeout: 900_000 });
    const done = Date.now() - started;
    assert.equal(await progress.count(), 0, 'the progress line goes when the profile is done');
    assert.equal((await frame.locator('[data-testid="columns"]').innerText()).replace(/\D/g, ''), String(COLS));
    const table = frame.locator('[data-testid="columns-table"]');
    assert.equal(await table.getAttribute('role'), 'grid');
    assert.equal(await table.getAttribute('aria-rowcount'), String(COLS + 1));
    const rowsAll = await domRows(frame, 'column-row');
    assert.ok(rowsAll > 10 && rowsAll <= MAX_DOM_ROWS, `DOM rows: ${rowsAll}`);

    // Filter by name: "f99" matches f99, f990–f999, f9900–f9999, … (counted from the generator's names).
    const expected = Array.from({ length: COLS }, (_, j) => `f${j}`).filter((n) => n.includes('f99')).length;
    await frame.locator('#filter').focus();
    const typing = [];
    for (const k of ['f', '9', '9']) typing.push(await timedKey(frame, page, '#filter', k));
    const shown = await frame.locator('[data-testid="shown"]').innerText();
    assert.match(shown, new RegExp(`^${fmt(expected)} of ${fmt(COLS)} columns`), shown);
    const names = await frame.locator('[data-testid="column-row"]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-column')));
    assert.ok(names.length > 0 && names.every((n) => n.includes('f99')), names.join(' '));
    for (let k = 0; k < 3; k++) typing.push(await timedKey(frame, page, '#filter', 'Backspace'));

    // Sort by missing (descending first): the first row has the most missing values; rows in order.
    const sorting = [await timedClick(frame, 'button[data-sort="missing"]')];
    const most = Math.max(...missing);
    const shownMissing = await frame.locator('[data-testid="column-row"] [data-field="missing"]').evaluateAll((cs) => cs.map((c) => Number(c.textContent.replace(/\(.*$/, '').replace(/\D/g, ''))));
    assert.equal(shownMissing[0], most, `first row's missing: ${shownMissing[0]}, most: ${most}`);
    assert.ok(shownMissing.every((m, i) => i === 0 || m <= shownMissing[i - 1]), shownMissing.join(' '));
    sorting.push(await timedClick(frame, 'button[data-sort="name"]'));
    sorting.push(await timedClick(frame, 'button[data-sort="name"]'));
    assert.ok(await domRows(frame, 'column-row') <= MAX_DOM_ROWS);

    // Keyboard: End goes to the last column (aria-rowindex = columns + 1), Enter opens its detail.
    await frame.locator('[data-testid="column-row"]').first().click();
    await page.keyboard.press('End');
    const focused = await frame.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'));
    assert.equal(focused, String(COLS + 1));
    await page.keyboard.press('Enter');
    await frame.locator('[data-testid="column-detail"]').waitFor();
    assert.ok(await domRows(frame, 'column-row') <= MAX_DOM_ROWS, 'still bounded at the end of the table');
    await frame.locator('[data-testid="columns-table-scroll"]').evaluate((e) => { e.scrollTop = e.scrollHeight / 2; });
    await page.waitForTimeout(300);
    const middle = await domRows(frame, 'column-row');
    assert.ok(middle > 10 && middle <= MAX_DOM_ROWS, `DOM rows mid-table: ${middle}`);
    const violations = await axeViolations(frame);
    assert.deepEqual(violations, [], 'axe-core serious/critical violations');
    await screenshot(page, 'wide-profile');
    const ms = (xs) => xs.map((x) => x.ms.toFixed(1)).join(', ');
    process.stdout.write(`      ${fmt(COLS)} columns: panel ${opened} ms, first rows ${firstRows} ms, done ${done} ms; DOM rows ${rowsAll}; filter keystroke→paint ${ms(typing)} ms; sort click→paint ${ms(sorting)} ms; rows drawn per step ${[...typing, ...sorting].map((x) => x.added).join(', ')}\n`);
    // "Instantly" is held by what each step does, not by a stopwatch on a shared machine (the times above are
    // printed; a CI run saw a 103 ms median beside 30-70 ms ones): every draw after a keystroke or sort click holds at
    // most the rows in view, whatever the width. Rendering every matching row (the defect this guards) draws 2,000.
    for (const [what, xs] of [['filter keystroke', typing], ['sort click', sorting]]) {
      for (const x of xs) assert.ok(x.added <= MAX_DOM_ROWS, `${what} drew ${x.added} rows at once (at most ${MAX_DOM_ROWS}: the rows in view)`);
    }
    assert.ok(typing.some((x) => x.added > 0) && sorting.every((x) => x.added > 0), 'the observer saw the re-rendered rows');
  });
});
