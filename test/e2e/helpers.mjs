// Workbench helpers for the end-to-end tests: start code-server + headless Chromium with the extension under
// development loaded, then act as a person would (Quick Open, F1 commands, Explorer context menus) and read
// what the webview shows. Selectors are those of the VS Code 1.100 web workbench.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, repoRoot, startCodeServer, workbenchUrl } from '../../scripts/codeServer.mjs';

export { repoRoot };
export const resultsDir = join(repoRoot, 'test-results');
/** Generous: the machine has 2 shared cores and the first workbench load parses a lot of JS. */
export const WORKBENCH_TIMEOUT_MS = 90_000;

/** The extension folder to load (MODEL_LENS_EXTENSION_PATH, set by hostTest.mjs --extension, overrides it). */
export function extensionPath() {
  return resolve(process.env.MODEL_LENS_EXTENSION_PATH ?? repoRoot);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Starts code-server on `workspace`, opens it in Chromium with the extension under development loaded and waits
 * until the Explorer lists files. Returns { server, browser, page, close }; close({ failed: true }) keeps the
 * server's scratch folder (log, profile) and says where it is.
 */
export async function openWorkbench(workspace, { name = 'e2e', env, workspaceTrust, settings } = {}) {
  const folder = resolve(repoRoot, workspace);
  const server = await startCodeServer({ workspace: folder, name, env, workspaceTrust, settings });
  let browser;
  let page;
  try {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    await page.goto(workbenchUrl(server, folder, { extensionDevelopmentPath: extensionPath() }), { waitUntil: 'domcontentloaded', timeout: WORKBENCH_TIMEOUT_MS });
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop({ keep: true });
    throw new Error(`${err instanceof Error ? err.message : err}\n(code-server log kept: ${server.logFile})`);
  }
  const close = async ({ failed = false } = {}) => {
    await browser.close().catch(() => {});
    await server.stop({ keep: failed });
    if (failed) process.stdout.write(`    code-server log kept: ${server.logFile}\n`);
  };
  return { server, browser, page, close };
}

/** Opens a file by name with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function quickOpen(page, fileName) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: fileName }).first().waitFor();
}

/** Runs a command by its title through the command palette (F1), e.g. 'Model Lens: Profile Dataset'. */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  // F1 can be swallowed while a webview holds the focus (seen once in CI: the palette never opened); press it again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout: 10000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The Explorer row of a file in the workspace root, matched by its exact name. */
export function explorerItem(page, fileName) {
  const label = page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(fileName)}$`) });
  return page.locator('.explorer-folders-view .monaco-list-row').filter({ has: label });
}

/** The context menu currently open (the web workbench renders it as HTML in a shadow root; locators pierce it). */
export function contextMenu(page) {
  return page.locator('.context-view .monaco-menu');
}

/** Right-clicks a file in the Explorer and returns the labels of the enabled entries of the menu that opens. */
export async function openExplorerContextMenu(page, fileName) {
  await page.keyboard.press('Escape');
  const row = explorerItem(page, fileName);
  await row.waitFor();
  await row.click({ button: 'right' });
  const menu = contextMenu(page).first();
  await menu.waitFor();
  await menu.locator('.action-label').first().waitFor();
  const labels = (await menu.locator('.action-item:not(.disabled) .action-label').allInnerTexts()).map((l) => l.trim()).filter((l) => l.length > 0);
  // Model Lens's commands sit in its "Model Lens" submenu: open it and list its entries too.
  if (labels.includes(SUBMENU)) labels.push(...(await submenuLabels(page)));
  return labels;
}

const SUBMENU = 'Model Lens';

/** Hovers the "Model Lens" submenu of the open context menu and returns its enabled entries. */
export async function submenuLabels(page) {
  await contextMenu(page).first().locator('.action-label', { hasText: new RegExp(`^${SUBMENU}$`) }).first().hover();
  const sub = contextMenu(page).nth(1);
  await sub.waitFor({ timeout: 5_000 }).catch(() => {});
  return (await sub.locator('.action-item:not(.disabled) .action-label').allInnerTexts().catch(() => [])).map((l) => l.trim()).filter((l) => l.length > 0);
}

/**
 * Right-clicks `fileName` until its context menu offers `label` (the workbench registers an extension's menu
 * contributions a little after the Explorer appears, later on a busy machine); returns the labels, or throws.
 * Use it before asserting that another file's menu lacks `label`, or that absence proves nothing.
 */
export async function waitForContextMenuEntry(page, fileName, label, timeoutMs = WORKBENCH_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const labels = await openExplorerContextMenu(page, fileName);
    if (labels.includes(label)) return labels;
    await dismiss(page);
    if (Date.now() > deadline) throw new Error(`"${label}" never appeared in the context menu of ${fileName}: ${labels.join(' | ')}`);
    await page.waitForTimeout(1_000);
  }
}

/** Clicks an entry of the open context menu by its exact label. */
export async function clickContextMenuItem(page, label) {
  const item = contextMenu(page).locator('.action-item .action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).first();
  if (!(await item.isVisible().catch(() => false))) await submenuLabels(page);
  // On a busy workbench the menu can re-lay itself out under the pointer and swallow a click (seen in CI: the
  // item stayed highlighted, the menu open). Retry until the menu closes; the last resort is Enter on the
  // hovered (focused) item.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt === 0 || (await item.isVisible().catch(() => false))) await item.click().catch(() => {});
    const closed = await contextMenu(page).first().waitFor({ state: 'detached', timeout: 4_000 }).then(() => true, () => false);
    if (closed) return;
    if (attempt === 2) {
      await item.hover().catch(() => {});
      await page.keyboard.press('Enter');
    }
  }
}

/** Closes an open context menu or quick input. */
export async function dismiss(page) {
  await page.keyboard.press('Escape');
  await contextMenu(page).first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
}

/** The DOM inside the active webview (two nested same-origin iframes in the web workbench). */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Saves a full-window screenshot to test-results/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Opens one workbench for the enclosing mocha `describe` (its before/afterEach/after hooks): a screenshot
 * test-results/failed-<name>-<test>.png of each failed test, and on close the host's logs kept when any test
 * failed. Returns the suite's state; `suite.wb` is the workbench once `before` has run.
 */
export function workbenchPerSuite(workspace, options) {
  const suite = { wb: undefined, failed: false };
  before(async function () {
    suite.wb = await openWorkbench(workspace, options);
  });
  afterEach(function () {
    if (this.currentTest?.state !== 'failed' || !suite.wb) return undefined;
    suite.failed = true;
    return screenshot(suite.wb.page, `failed-${options.name}-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 80)}`).catch(() => {});
  });
  after(async function () {
    await suite.wb?.close({ failed: suite.failed });
  });
  return suite;
}
