import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { loadConfig } from '../../../src/core/checks/config';
import { checksToHtml } from '../../../src/core/checks/render/html';
import { checksToJunit } from '../../../src/core/checks/render/junit';
import { checksToMarkdown } from '../../../src/core/checks/render/markdown';
import { checksToSarif } from '../../../src/core/checks/render/sarif';
import { checksToText } from '../../../src/core/checks/render/text';
import { runChecks } from '../../../src/core/checks/runChecks';
import type { ChecksReport } from '../../../src/core/checks/types';
import { Engine } from '../../../src/core/data/engine';
import { grantModelAccess } from '../../../src/core/models/modelAccess';

const root = join(__dirname, '../../..');
const GOLDEN = join(root, 'test/fixtures/checks/golden');
const UPDATE = process.env['MODEL_LENS_UPDATE_GOLDEN'] === '1';

/** Compares with the golden file (MODEL_LENS_UPDATE_GOLDEN=1 rewrites it; review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from its golden file; if the change is intended, rerun with MODEL_LENS_UPDATE_GOLDEN=1 and review the diff`);
}

describe('model-lens check report formats (golden files + schema validation)', function () {
  this.timeout(120000);
  let report: ChecksReport;
  const cwd = process.cwd();
  before(async () => {
    process.chdir(root); // paths in reports are shown relative to the working folder
    const engine = await Engine.create();
    try {
      const config = loadConfig(join(root, 'sample/modellens.yml'));
      // The history conditions read only the committed history: runs that "Run All Checks" recorded locally in
      // sample/.modellens/history/<host>.jsonl would otherwise change the golden reports on this machine.
      const base = mkdtempSync(join(tmpdir(), 'ml-golden-'));
      mkdirSync(join(base, '.modellens/history'), { recursive: true });
      copyFileSync(join(root, 'sample/.modellens/history/past-runs.jsonl'), join(base, '.modellens/history/past-runs.jsonl'));
      report = await runChecks(config, { engine, baseDir: base, models: grantModelAccess() });
    } finally {
      engine.close();
    }
    // Timing is the only run-to-run difference.
    report.startedAt = '2026-01-01T00:00:00.000Z';
    report.durationMs = 1234;
    for (const c of report.checks) c.durationMs = 100;
  });
  after(() => process.chdir(cwd));

  it('text', () => golden('report.txt', checksToText(report)));
  it('markdown (pull-request comment)', () => golden('report.md', checksToMarkdown(report)));
  it('json', () => {
    // Absolute paths (they differ per clone) become paths relative to the repository.
    const json = JSON.stringify(report, null, 2).split(JSON.stringify(root).slice(1, -1) + '/').join('');
    golden('report.json', `${json}\n`);
  });

  it('junit: golden, and valid against the JUnit XSD (xmllint)', () => {
    const xml = checksToJunit(report);
    golden('report.junit.xml', xml);
    const dir = mkdtempSync(join(tmpdir(), 'ml-junit-'));
    writeFileSync(join(dir, 'r.xml'), xml);
    // Throws (non-zero exit) when the document does not validate; xmllint comes from apt libxml2-utils (.ci/run).
    const out = execFileSync('xmllint', ['--noout', '--schema', join(root, 'test/fixtures/checks/junit.xsd'), join(dir, 'r.xml')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(out, '');
    // The schema really rejects a broken report (a testcase without its required time).
    writeFileSync(join(dir, 'bad.xml'), xml.replace(/ time="[^"]*">\n      <failure/, '>\n      <failure'));
    assert.throws(() => execFileSync('xmllint', ['--noout', '--schema', join(root, 'test/fixtures/checks/junit.xsd'), join(dir, 'bad.xml')], { stdio: 'ignore' }));
  });

  it('sarif: golden, and valid against the SARIF 2.1.0 JSON schema', () => {
    const text = checksToSarif(report, { cwd: root, toolVersion: '0.1.0' });
    golden('report.sarif', text);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    // unicodeRegExp off: the schema's language-tag pattern is not a valid unicode-mode regular expression.
    const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const log = JSON.parse(text) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = log.runs[0]!.results;
    assert.ok(results.some((r) => r.ruleId === 'rules/pricing' && r.level === 'error' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'sample/pricing_predictions.csv' && r.locations[0]!.physicalLocation.region!.startLine > 1));
    assert.equal(validate({ ...log, version: '2.0.0' }), false, 'the schema rejects a wrong version');
  });

  it('html: golden; self-contained (no scripts, no external resources), summary first, model cards', () => {
    const html = checksToHtml(report);
    golden('report.html', html);
    assert.doesNotMatch(html, /<script|<link|src="http|href="http|@import|url\(/i);
    assert.ok(html.indexOf('data-testid="executive-summary"') < html.indexOf('data-testid="check"'));
    assert.match(html, /At least one check failed: do not ship until it is understood\./);
    assert.match(html, /data-testid="model-card"[\s\S]*loan_xgb[\s\S]*binary:logistic/);
    assert.equal((html.match(/data-testid="check"/g) ?? []).length, report.checks.length);
  });
});
