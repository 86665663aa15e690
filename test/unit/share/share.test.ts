import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckedBiasReport } from '../../../src/core/bias/checks';
import type { DriftReport } from '../../../src/core/drift/driftReport';
import type { HealthReport } from '../../../src/core/health/types';
import { biasShareDoc, driftShareDoc, healthShareDoc } from '../../../src/core/share/shareDocs';
import { renderSharePage, type ShareDoc } from '../../../src/core/share/sharePage';
import { biasVerdict } from '../../../src/core/verdict/bias';
import { driftVerdict } from '../../../src/core/verdict/drift';
import { healthCheckVerdict } from '../../../src/core/verdict/health';
import { STATUS_LABEL } from '../../../src/core/verdict/types';

const root = join(__dirname, '../../..');
// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Self-contained: no scripts, no links or external resources of any kind. */
function selfContained(html: string): void {
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.doesNotMatch(html, /<script|\s(src|href)=|url\(|@import/i);
}

describe('share pages and the model card', function () {
  this.timeout(120000);

  it('the page escapes everything it is given and leads with the verdict, then the chart, the reasons, tables, notes', () => {
    const bad = '<script>alert(1)</script>&"\'';
    const doc: ShareDoc = {
      title: `Title ${bad}`, intro: `Intro ${bad}`,
      verdict: { status: 'fail', headline: `Headline ${bad}`, reasons: [`Reason ${bad}`], numbers: [{ label: `Label ${bad}`, value: `1 ${bad}` }] },
      chart: { title: `Chart ${bad}`, bars: [{ label: `Bar ${bad}`, value: 0.5, text: `50% ${bad}`, flagged: true }], line: { value: 0.4, label: `Line ${bad}` } },
      tables: [{ title: `Table ${bad}`, head: [`Head ${bad}`], rows: [[`Cell ${bad}`]] }],
      notes: [`Note ${bad}`],
      sections: [{ heading: `Section ${bad}`, paragraphs: [`Paragraph ${bad}`], status: 'warn' }],
    };
    const html = renderSharePage(doc);
    selfContained(html);
    assert.ok(!html.includes(bad), 'no raw markup from the inputs');
    for (const what of ['Title', 'Intro', 'Headline', 'Reason', 'Label', 'Chart', 'Bar', 'Line', 'Table', 'Head', 'Cell', 'Note', 'Section', 'Paragraph']) assert.ok(html.includes(`${what} ${escaped(bad)}`), `${what} escaped`);
    const at = (s: string) => html.indexOf(s);
    assert.ok(at('<h1>') < at('class="verdict"') && at('class="verdict"') < at('<figure>') && at('<figure>') < at('<h2>Why</h2>') && at('<h2>Why</h2>') < at('<h3>Table') && at('<h3>Table') < at('<h2>How to read this</h2>'));
    assert.match(html, /<p class="status"><span class="dot"><\/span>Failed<\/p>/);
  });

  it('drift, bias and health pages show the panel\'s verdict word for word, for the sample data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-share-'));
    const drift = cli('drift', 'sample/loans_reference.csv', 'sample/loans_current.csv', '--label', 'approved', '--prediction', 'predicted_approved');
    assert.equal(drift.code, 0, drift.stderr);
    const bias = cli('bias', 'sample/loans_reference.csv', '--sensitive', 'gender,race', '--label', 'approved', '--prediction', 'predicted_approved');
    assert.equal(bias.code, 1, bias.stderr);
    const baseline = join(dir, 'base.json');
    assert.equal(cli('baseline', 'sample/loans_reference.csv', '--out', baseline).code, 0);
    const health = cli('health', 'sample/loans_current.csv', '--baseline', baseline, '--now', '2026-11-02');
    assert.equal(health.code, 0, health.stderr);
    const d = JSON.parse(drift.stdout) as DriftReport;
    const b = JSON.parse(bias.stdout) as CheckedBiasReport;
    const h = JSON.parse(health.stdout) as HealthReport;
    for (const [doc, v] of [[driftShareDoc(d), driftVerdict(d)], [biasShareDoc(b), biasVerdict(b)], [healthShareDoc(h), healthCheckVerdict(h)]] as const) {
      assert.deepEqual(doc.verdict, v);
      const html = renderSharePage(doc);
      selfContained(html);
      assert.ok(html.includes(`${STATUS_LABEL[v.status]}</p><p class="headline">${escaped(v.headline)}</p>`), doc.title);
    }
    assert.equal(biasVerdict(b).status, 'fail', 'race fails the four-fifths rule in the sample');
    // The bias chart: comparable groups of the worst attribute, the failing ones flagged, a four-fifths line.
    const chart = biasShareDoc(b).chart!;
    assert.ok(chart.bars.some((x) => x.flagged) && chart.line?.label === '4/5');
    // Forwarded pages name files, not paths on the author's machine.
    const healthPage = renderSharePage(healthShareDoc(h));
    assert.ok(!healthPage.includes(dir), 'no local path of the baseline');
    assert.match(healthPage, /Baseline: base\.json; checked as of 2026-11-02/);
  });

  it('model-lens card writes one self-contained model card from the sample modellens.yml', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ml-card-')), 'card.html');
    const r = cli('card', '--config', 'sample/modellens.yml', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    selfContained(html);
    assert.match(html, /<h1>Model card: loan_xgb<\/h1>/);
    // The sample's fairness and version checks fail, so the card's verdict is Failed, and it says which.
    assert.match(html, /<p class="status"><span class="dot"><\/span>Failed<\/p><p class="headline">\d+ of \d+ checks on this model fail: [^<]*Fairness/);
    const headings = [...html.matchAll(/<h2>(?:<span class="dot"><\/span>)?([^<]+)<\/h2>/g)].map((m) => m[1]);
    for (const h of ['The model', 'Data', 'Evaluation', 'Fairness', 'What drives its predictions', 'Drift and pipeline health']) assert.ok(headings.includes(h), `section ${h} in ${headings.join(', ')}`);
    assert.match(html, /Mean \|SHAP\| over 200 rows/);
  });
});
