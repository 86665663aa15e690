// What every panel must satisfy, checked inside its webview: axe-core finds no serious or critical
// accessibility violation, and no label shows a raw identifier (a camelCase metric id) or raw JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The Playwright Frame of the active webview's content (for evaluate; frameLocator cannot evaluate). With
 * `title`, first waits until the editor tab of that title is the active one: a command that opens a new panel
 * returns before the panel exists, and the panel that was visible until then (still with its #app) would be
 * returned and then detached under the caller.
 */
export async function activeWebviewFrame(page, timeoutMs = 60_000, { title } = {}) {
  const deadline = Date.now() + timeoutMs;
  if (title) await page.locator('.tabs-container .tab.active', { hasText: title }).first().waitFor({ timeout: timeoutMs });
  for (;;) {
    for (const outer of page.frames()) {
      const el = await outer.frameElement().catch(() => null);
      if (!el) continue;
      if ((await el.getAttribute('id').catch(() => null)) !== 'active-frame') continue;
      const parentEl = await outer.parentFrame()?.frameElement().catch(() => null);
      const cls = parentEl ? await parentEl.getAttribute('class').catch(() => '') : '';
      if (!/webview/.test(cls ?? '') || !(await parentEl.isVisible().catch(() => false))) continue;
      if (await outer.locator('#app').count().catch(() => 0)) return outer;
    }
    if (Date.now() > deadline) throw new Error('no visible webview with #app');
    await page.waitForTimeout(250);
  }
}

/** Runs axe-core in the frame; returns the serious and critical violations as short strings. */
export async function axeViolations(frame) {
  const result = await frame.evaluate(async (src) => {
    // eslint-disable-next-line no-eval -- axe-core injected into the webview by the test (CSP blocks a script tag)
    if (!window.axe) (0, eval)(src);
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`) }));
  }, axeSource);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(' | ')}`);
}

/**
 * Labels that look like raw identifiers or JSON: headers, row headers, legend and select options, summaries,
 * key-number labels, figure captions. Data values (column names of the user's file, group names) are allowed:
 * they are passed in `allowed`.
 */
export async function rawLabels(frame, allowed = []) {
  return frame.evaluate((allow) => {
    const ok = new Set(allow);
    const sel = 'th, summary, option, figcaption, .key-number .label, .chart-legend span, h1, h2, h3, dt, button';
    const out = [];
    for (const e of document.querySelectorAll(sel)) {
      const t = (e.textContent ?? '').trim();
      if (!t) continue;
      const words = t.split(/[\s,:;()·→↔/]+/).filter((w) => w && !ok.has(w));
      const camel = words.find((w) => /^[a-z]+[A-Z][A-Za-z]*$/.test(w));
      if (camel || /[{[]\s*"/.test(t)) out.push(`${e.tagName.toLowerCase()}: ${t.slice(0, 80)}`);
    }
    return [...new Set(out)];
  }, allowed);
}

/** Opens every collapsed details section of the webview, as a person clicking each summary would. */
export async function openAllSections(view) {
  for (const summary of await view.locator('details > summary').all()) {
    if (!(await summary.isVisible().catch(() => false))) continue;
    if (!(await summary.evaluate((e) => e.parentElement.open))) await summary.click();
  }
}
