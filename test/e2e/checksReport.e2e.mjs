// End to end: `model-lens check --format html` on the sample workspace, then the report opened in headless
// Chromium as a stakeholder would open the file: it must render with no network at all (every non-file request
// is refused and counted), open with the executive summary, list every check with its status and embed its
// charts. A screenshot goes to test-results/checks-report.png.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../../scripts/codeServer.mjs';
import { repoRoot, resultsDir, screenshot } from './helpers.mjs';

describe('model-lens check HTML report in Chromium', function () {
  this.timeout(180_000);

  it('renders offline: executive summary first, every check with its status, charts and model cards', async () => {
    mkdirSync(resultsDir, { recursive: true });
    const out = join(resultsDir, 'checks-report.html');
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin/model-lens.js'), 'check', '--format', 'json'], { cwd: join(repoRoot, 'sample'), encoding: 'utf8' });
    const report = JSON.parse(cli.stdout);
    const html = spawnSync(process.execPath, [join(repoRoot, 'bin/model-lens.js'), 'check', '--format', 'html', '--out', out], { cwd: join(repoRoot, 'sample'), encoding: 'utf8' });
    assert.equal(html.status, 1, `the sample has failing checks (exit 1): ${html.stderr}`);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const refused = [];
      await page.route('**/*', (route) => {
        if (route.request().url().startsWith('file:')) return route.continue();
        refused.push(route.request().url());
        return route.abort();
      });
      await page.goto(pathToFileURL(out).href);
      const summary = page.locator('[data-testid="executive-summary"]');
      await summary.waitFor();
      assert.match(await summary.innerText(), /At least one check failed/);
      // The summary is the first thing on the page after the title line.
      const summaryTop = (await summary.boundingBox()).y;
      const firstCheckTop = (await page.locator('[data-testid="check"]').first().boundingBox()).y;
      assert.ok(summaryTop < firstCheckTop);
      const checks = page.locator('[data-testid="check"]');
      assert.equal(await checks.count(), report.checks.length);
      for (const [i, c] of report.checks.entries()) {
        assert.equal(await checks.nth(i).getAttribute('data-check-id'), c.id);
        assert.equal(await checks.nth(i).getAttribute('data-status'), c.status);
        assert.ok((await checks.nth(i).innerText()).includes(c.summary), `summary of ${c.id} shown`);
      }
      // Charts are inline SVG with one bar per drifted-column score / attribute / rule.
      const bars = await checks.nth(0).locator('svg rect').count();
      assert.equal(bars, report.checks[0].report.columns.filter((c) => c.score !== null).length);
      assert.match(await page.locator('[data-testid="model-card"]').first().innerText(), /loan_xgb[\s\S]*binary:logistic/);
      assert.deepEqual(refused, [], 'no network requests');
      const shot = await screenshot(page, 'checks-report');
      process.stdout.write(`    screenshot: ${shot}\n`);
    } finally {
      await browser.close();
    }
  });
});
