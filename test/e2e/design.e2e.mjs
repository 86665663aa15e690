// End to end, issue 22: every panel in light, dark and high-contrast themes, as a person opens it on the sample
// workspace (Run All Checks, then a click on each check in the Checks view; Profile Dataset from the Explorer's
// "Model Lens" submenu; the model editor and Explain from the model file). In each theme and panel: the verdict
// card is first, axe-core finds no serious or critical violation, no label shows a raw identifier, and a
// screenshot is saved (test-results/design-<theme>-<panel>.png). In the light theme it also checks that every
// surface gives each check the same status: Checks view, the check's panel, the status bar, Problems and the
// CLI (`model-lens check --format json`, run here as a separate process).
// One workbench per theme; THEMES=light,dark picks some (default: all three).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  clickContextMenuItem, contextMenu, dismiss, explorerItem, repoRoot, runCommand, screenshot, webviewFrame, workbenchPerSuite,
} from './helpers.mjs';
import { activeWebviewFrame, axeViolations, rawLabels } from './panelChecks.mjs';

const workspace = join(repoRoot, 'sample');
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern', hc: 'Default High Contrast' };
const chosen = (process.env.THEMES ?? 'light,dark,hc').split(',').filter((t) => t in THEMES);
/** Column and group names of the sample: data, not labels, so they may appear in headers. */
const header = readFileSync(join(workspace, 'loans_current.csv'), 'utf8').split('\n')[0].split(',');
const ALLOWED = [...header, 'reco_v2', 'reco_v3', 'latency_ms', 'loan_xgb', 'loan_xgb_v2'];
const WORD = { pass: 'passed', warn: 'needs attention', fail: 'failed', error: 'could not run' };

/** The CLI's verdict per check id, computed independently of the workbench. */
function cliStatuses() {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'model-lens.js'), 'check', '--no-history', '--format', 'json'], { cwd: workspace, encoding: 'utf8', timeout: 300_000 });
  assert.ok(r.status === 0 || r.status === 1, `model-lens check exited ${r.status}: ${r.stderr}`);
  return new Map(JSON.parse(r.stdout).checks.map((c) => [c.id, { status: c.status, title: c.title, summary: c.summary }]));
}

async function closeEditors(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.waitForTimeout(300);
}

/** Asserts the panel's design and accessibility, takes the screenshot, returns the card's status. */
async function inspectPanel(page, theme, name) {
  const view = webviewFrame(page);
  const card = view.locator('[data-testid="verdict-card"]');
  await card.waitFor({ timeout: 180_000 });
  // The verdict card comes first in the page.
  const firstIsCard = await view.locator('#app > *').first().evaluate((e) => e.matches('[data-testid="verdict-card"]') || e.matches('header.summary'));
  assert.ok(firstIsCard, `${name}: the verdict card is the first thing on the page`);
  const frame = await activeWebviewFrame(page);
  await page.waitForTimeout(400);
  await screenshot(page, `design-${theme}-${name}`);
  const violations = await axeViolations(frame);
  assert.deepEqual(violations, [], `${name} (${theme}): axe-core serious/critical violations`);
  const raw = await rawLabels(frame, ALLOWED);
  assert.deepEqual(raw, [], `${name} (${theme}): labels showing raw identifiers or JSON`);
  return card.getAttribute('data-status');
}

/** The Checks view rows, as shown: aria-label "title: status word. summary". */
async function checkRows(page) {
  const rows = page.locator('.pane-body .monaco-list-row[aria-level="2"]');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) out.push({ row: rows.nth(i), label: (await rows.nth(i).getAttribute('aria-label')) ?? '' });
  return out;
}

for (const theme of chosen) {
  describe(`panels in the ${theme} theme (design language, axe-core, raw identifiers)`, function () {
    const suite = workbenchPerSuite(workspace, { name: `e2e-design-${theme}`, settings: { 'workbench.colorTheme': THEMES[theme] } });
    const cli = theme === 'light' ? cliStatuses() : undefined;

    it('Run All Checks, then each check opens its panel with the same status everywhere', async function () {
      const { page } = suite.wb;
      // The extension's commands appear in the palette once the workbench has read its contributions.
      for (let attempt = 0; ; attempt++) {
        try {
          await runCommand(page, 'Model Lens: Run All Checks');
          break;
        } catch (e) {
          if (attempt === 5) throw e;
          await page.keyboard.press('Escape');
          await page.waitForTimeout(3000);
        }
      }
      await runCommand(page, 'Model Lens: Show Checks');
      const bar = page.locator('.statusbar-item', { hasText: /Model Lens: \d+ (failed|passed|need)/ }).first();
      await bar.waitFor({ timeout: 300_000 });
      // The container's other views collapsed, so the Checks view has the height to show every row (its last row was
      // clipped under the Model Versions view and a click there opened nothing: CI, 6 Dec).
      for (const title of [/model versions/i, /^\s*sources/i]) {
        const h = page.locator('.pane-header', { hasText: title }).first();
        if ((await h.count()) && (await h.getAttribute('aria-expanded')) === 'true') await h.click();
      }
      await page.mouse.move(700, 600);
      await page.locator('.pane-body .monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 60_000 });
      const rows = await checkRows(page);
      assert.ok(rows.length >= 6, `six checks in the Checks view: ${rows.map((r) => r.label).join(' | ')}`);
      const seen = new Map();
      for (const { row, label } of rows) {
        const m = /^(.+?): (passed|needs attention|failed|could not run)\. /.exec(label);
        assert.ok(m, `tree row label: ${label}`);
        const [, title, word] = m;
        await closeEditors(page);
        await row.click();
        const base = title.split(':')[0].toLowerCase().replace(/[^a-z]+/g, '-');
        const kind = seen.size && [...seen.keys()].some((t) => t.split(':')[0].toLowerCase().replace(/[^a-z]+/g, '-') === base) ? `${base}-${seen.size}` : base;
        const status = await inspectPanel(page, theme, kind);
        assert.equal(WORD[status], word, `${title}: the panel says ${status}, the Checks view says ${word}`);
        seen.set(title, status);
      }
      if (cli) {
        // The CLI (a separate process on the same files) gives every check the same status.
        for (const [title, status] of seen) {
          const c = [...cli.values()].find((x) => x.title === title);
          assert.ok(c, `the CLI runs '${title}'`);
          assert.equal(c.status, status, `${title}: CLI ${c.status}, workbench ${status}`);
        }
        // The status bar sums up every check's status (the CLI ran them all; the tree shows only the rows in view).
        const counts = { pass: 0, warn: 0, fail: 0, error: 0 };
        for (const c of cli.values()) counts[c.status] += 1;
        const text = await bar.innerText();
        if (counts.fail) assert.match(text, new RegExp(`${counts.fail} failed`));
        if (counts.warn) assert.match(text, new RegExp(`${counts.warn} needs? attention`));
        // The background health status bar agrees with the health check (both use modellens.yml's pinned `now`).
        const health = [...seen].find(([t]) => t.startsWith('Pipeline health'));
        if (health) {
          const hb = page.locator('.statusbar-item', { hasText: /Health: / }).first();
          await hb.waitFor({ timeout: 120_000 });
          const ht = await hb.innerText();
          // It names the worst dataset when several are checked; for loans_current.csv it agrees with the check.
          if (!/\((?!loans_current\.csv)[^)]+\)/.test(ht)) assert.match(ht, health[1] === 'fail' ? /failed/ : health[1] === 'warn' ? /need/ : /passed/, `health status bar '${ht}' vs the health check '${health[1]}'`);
        }
        // Problems: a failed check has an error there, and no problem sits at line 1, column 1 of a data file.
        await page.keyboard.press('Control+Shift+M');
        const markers = page.locator('.markers-panel .monaco-list-row');
        await markers.first().waitFor({ timeout: 30_000 });
        const texts = await markers.allInnerTexts();
        assert.ok(texts.some((t) => /Model Lens/.test(t)), 'Model Lens problems are listed');
        await page.keyboard.press('Control+Shift+M');
      }
    });

    it('Profile Dataset from the "Model Lens" submenu of a dataset', async function () {
      const { page } = suite.wb;
      await closeEditors(page);
      await dismiss(page);
      await runCommand(page, 'View: Show Explorer');
      await explorerItem(page, 'loans_current.csv').click({ button: 'right' });
      await contextMenu(page).waitFor();
      const top = await contextMenu(page).locator('.action-item:not(.disabled) .action-label').allInnerTexts();
      assert.ok(top.map((t) => t.trim()).includes('Model Lens'), `a "Model Lens" submenu: ${top.join(' | ')}`);
      assert.ok(!top.map((t) => t.trim()).includes('Profile Dataset'), 'the commands sit in the submenu, not at the top level');
      await contextMenu(page).locator('.action-label', { hasText: /^Model Lens$/ }).first().hover();
      const sub = page.locator('.context-view .monaco-menu').last().locator('.action-item:not(.disabled) .action-label');
      await page.waitForTimeout(600);
      const entries = (await sub.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      assert.equal(entries[0], 'Profile Dataset', `most used first: ${entries.join(' | ')}`);
      await clickContextMenuItem(page, 'Profile Dataset');
      await inspectPanel(page, theme, 'profile');
      // Numbers and dates in the profile table are never cut short (widening the distinct column once cut the min
      // date to "2026-10…"); only the top-values line clips, with its full text on hover.
      const frame = await activeWebviewFrame(page);
      const clipped = await frame.locator('[data-testid="column-row"] td.num').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => `${c.dataset.field}: ${c.textContent}`));
      assert.deepEqual(clipped, [], `profile table cells cut short: ${clipped.join(' | ')}`);
    });

    it('the model editor and an explanation of the model', async function () {
      const { page } = suite.wb;
      await closeEditors(page);
      await runCommand(page, 'Model Lens: Explain on Dataset…');
      // Pick the model, then the dataset modellens.yml declares for it (offered first).
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      const first = page.locator('.quick-input-list .monaco-list-row').first();
      await first.waitFor();
      if (/loan_xgb/.test(await page.locator('.quick-input-widget').innerText())) {
        await input.fill('loan_xgb.json');
        await page.waitForTimeout(300);
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      }
      const offered = await page.locator('.quick-input-list .monaco-list-row').first().innerText();
      assert.match(offered, /loans_current\.csv/, `the model's data from modellens.yml is offered first: ${offered}`);
      await page.keyboard.press('Enter');
      await inspectPanel(page, theme, 'explain');
    });
  });
}
