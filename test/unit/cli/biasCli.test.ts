import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../csv';

const root = join(__dirname, '../../..');
const data = join(root, 'sample/loans_reference.csv');

// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Group { group: string; n: number; small: boolean; selectionRate: number; tpr: number; ci?: Record<string, [number, number]> }
interface Attr { attribute: string; groups: Group[]; metrics: Record<string, number | null>; reference: { group: string | null }; findings: string[]; thresholdSweep?: unknown[] }
interface Out { rows: number; threshold: number | null; attributes: Attr[]; checks: { check: string; attribute: string; value: number | null; status: string }[]; bootstrap: unknown }

const rows = parseCsv(readFileSync(data, 'utf8'));
/** Selection rate and TPR of the rows where `attr` = `value`, predicted favourable by `pred`. */
function reference(attr: string, value: string, pred: (r: Record<string, string>) => boolean): { n: number; sr: number; tpr: number } {
  const g = rows.filter((r) => (r[attr] === '' ? '(missing)' : r[attr]) === value);
  const pos = g.filter((r) => r['approved'] === '1');
  return { n: g.length, sr: g.filter(pred).length / g.length, tpr: pos.filter(pred).length / pos.length };
}
const byPrediction = (r: Record<string, string>) => r['predicted_approved'] === '1';
// 0.7, not 0.5: in the sample predicted_approved is exactly score >= 0.5, so 0.5 would not show that --threshold is used.
const byScore = (r: Record<string, string>) => Number(r['score']) >= 0.7;

/** Disparate impact as AIF360 with the reference = highest selection rate among groups of ≥ 30 rows: min SR / max SR. */
function disparateImpact(attr: string, pred: (r: Record<string, string>) => boolean): number {
  const values = [...new Set(rows.map((r) => (r[attr] === '' ? '(missing)' : r[attr] ?? '')))];
  const srs = values.map((v) => reference(attr, v, pred)).filter((g) => g.n >= 30).map((g) => g.sr);
  return Math.min(...srs) / Math.max(...srs);
}

const TOL = 1e-12;
const base = ['bias', data, '--sensitive', 'gender,race', '--label', 'approved'];

describe('model-lens CLI (bias)', function () {
  this.timeout(120000);
  it('--help documents the options, the default four-fifths check and the exit codes', () => {
    const r = cli('bias', '--help');
    assert.equal(r.code, 0);
    for (const opt of ['--sensitive a,b', '--label y', '--prediction p', '--score s', '--threshold t', '--favorable v', '--privileged a=value', '--min-group-size n', '--bootstrap n --seed k', '--fail-on', '--format json|md|html', '--out F']) assert.ok(r.stdout.includes(opt), `help mentions ${opt}`);
    assert.match(r.stdout, /Default with no --fail-on: the four-fifths rule, --fail-on disparateImpact<0\.8/);
    assert.match(cli('--help').stdout, /\n\s+bias\s+Fairness audit/);
  });

  it('--prediction: per-group selection rate, TPR and disparate impact equal a plain CSV computation; exit 1 (race fails four-fifths)', () => {
    const r = cli(...base, '--prediction', 'predicted_approved');
    // The sample's race bias: black applicants are selected at 0.64× the rate of asian applicants.
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /check failed: disparateImpact<0\.8 for race \(value 0\.64/);
    assert.doesNotMatch(r.stderr, /for gender \(/);
    const j = JSON.parse(r.stdout) as Out;
    assert.equal(j.rows, rows.length);
    for (const [attr, value] of [['gender', 'female'], ['gender', 'male'], ['race', 'black'], ['race', 'white']] as const) {
      const got = j.attributes.find((a) => a.attribute === attr)?.groups.find((g) => g.group === value);
      const want = reference(attr, value, byPrediction);
      assert.ok(got, `${attr}=${value} reported`);
      assert.equal(got.n, want.n);
      assert.ok(Math.abs(got.selectionRate - want.sr) <= TOL, `${attr}=${value} selection rate ${got.selectionRate} vs ${want.sr}`);
      assert.ok(Math.abs(got.tpr - want.tpr) <= TOL, `${attr}=${value} TPR ${got.tpr} vs ${want.tpr}`);
    }
    for (const attr of ['gender', 'race']) {
      const got = j.attributes.find((a) => a.attribute === attr)?.metrics['disparateImpact'] ?? NaN;
      assert.ok(Math.abs(got - disparateImpact(attr, byPrediction)) <= TOL, `${attr} disparate impact ${got}`);
    }
    const status = Object.fromEntries(j.checks.map((c) => [c.attribute, c.status]));
    assert.deepEqual(status, { gender: 'pass', race: 'fail', 'gender & race': 'fail' });
    assert.ok(disparateImpact('race', byPrediction) < 0.8 && disparateImpact('gender', byPrediction) >= 0.8);
  });

  it('--score with --threshold: rates of score ≥ t, a threshold sweep; exit 0 with a lenient --fail-on, 1 with a strict one', () => {
    const r = cli(...base, '--score', 'score', '--threshold', '0.7', '--fail-on', 'disparateImpact<0.4', '--fail-on', 'demographicParityDifference>0.5');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Out;
    assert.equal(j.threshold, 0.7);
    const race = j.attributes.find((a) => a.attribute === 'race');
    const black = race?.groups.find((g) => g.group === 'black');
    const want = reference('race', 'black', byScore);
    assert.ok(black && Math.abs(black.selectionRate - want.sr) <= TOL && Math.abs(black.tpr - want.tpr) <= TOL);
    assert.ok(Math.abs((race?.metrics['disparateImpact'] ?? NaN) - disparateImpact('race', byScore)) <= TOL);
    assert.equal(race?.thresholdSweep?.length, 21);
    assert.equal(j.checks.length, 6);
    assert.ok(j.checks.every((c) => c.status === 'pass'));
    const strict = cli(...base, '--score', 'score', '--fail-on', 'demographicParityDifference>0.2', '--format', 'md', '--out', '/dev/null');
    assert.equal(strict.code, 1, strict.stderr);
    assert.match(strict.stderr, /demographicParityDifference>0\.2 for race/);
  });

  it('--privileged sets the reference group; --favorable 0 flips the outcome; a check whose metric is undefined is not evaluated and does not fail', () => {
    const r = cli(...base, '--prediction', 'predicted_approved', '--privileged', 'race=white', '--fail-on', 'disparateImpact<0.5');
    assert.equal(r.code, 0, r.stderr);
    const race = (JSON.parse(r.stdout) as Out).attributes.find((a) => a.attribute === 'race');
    assert.equal(race?.reference.group, 'white');
    const want = reference('race', 'black', byPrediction).sr / reference('race', 'white', byPrediction).sr;
    assert.ok(Math.abs((race?.metrics['disparateImpact'] ?? NaN) - want) <= TOL, `${race?.metrics['disparateImpact']} vs ${want}`);
    // --favorable 0: "selected" now means predicted 0, and TPR is over actual 0s.
    const f = cli(...base, '--prediction', 'predicted_approved', '--favorable', '0', '--fail-on', 'disparateImpact<0.1');
    assert.equal(f.code, 0, f.stderr);
    const male = (JSON.parse(f.stdout) as Out).attributes[0]?.groups.find((g) => g.group === 'male');
    const m = rows.filter((x) => x['gender'] === 'male');
    const neg = m.filter((x) => x['approved'] === '0');
    assert.ok(male && Math.abs(male.selectionRate - m.filter((x) => x['predicted_approved'] === '0').length / m.length) <= TOL);
    assert.ok(male && Math.abs(male.tpr - neg.filter((x) => x['predicted_approved'] === '0').length / neg.length) <= TOL);
    // Every group below --min-group-size: nothing to compare, so the default check is not evaluated (exit 0).
    const s = cli(...base, '--prediction', 'predicted_approved', '--min-group-size', '5000');
    assert.equal(s.code, 0, s.stderr);
    const checks = (JSON.parse(s.stdout) as Out).checks;
    assert.deepEqual(checks.map((c) => [c.attribute, c.status, c.value]), [['gender', 'notEvaluated', null], ['race', 'notEvaluated', null], ['gender & race', 'notEvaluated', null]]);
  });

  it('Markdown and self-contained, escaped HTML: findings first, bar charts with whiskers and reference line, table, heatmap, sweep', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-bias-cli-'));
    const md = cli(...base, '--prediction', 'predicted_approved', '--format', 'md');
    assert.equal(md.code, 1);
    // The one verdict leads: Failed (exit 1), naming the worst failing attribute and group, then the other failing attribute.
    assert.match(md.stdout, /^# Bias audit\n\n\*\*Failed:\*\* gender & race: male & black is selected at 0\.62× the rate of male & asian \(disparate impact 0\.62; fails below 0\.8\); also fails for race\.\n/);
    assert.match(md.stdout, /\*\*2 of 3 evaluated checks failed\.\*\*/);
    assert.ok(md.stdout.indexOf('## Findings') < md.stdout.indexOf('## Groups'));
    assert.match(md.stdout, /Selection rate for race=black is 0\.64× that of race=asian/);
    assert.match(md.stdout, /\| disparateImpact&lt;0\.8 \| race \| 0\.6416 \| \*\*fail\*\* \|/);
    assert.match(md.stdout, /## Selection rate by gender × race/);
    const r = cli(...base, '--score', 'score', '--bootstrap', '50', '--format', 'html', '--out', join(d, 'r.html'));
    assert.equal(r.code, 1, r.stderr);
    const html = readFileSync(join(d, 'r.html'), 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.match(html, /<h1>Bias audit<\/h1>\n<p class="verdict fail"><strong>Failed:<\/strong> [^<]*disparate impact[^<]*<\/p>/);
    const at = (s: string) => html.indexOf(s);
    assert.ok(at('<h2>Findings</h2>') > 0 && at('<h2>Findings</h2>') < at('<h2>Metrics by group</h2>') && at('<h2>Metrics by group</h2>') < at('<h2>Metric table</h2>'));
    assert.ok(at('<h2>Metric table</h2>') < at('Selection rate by gender × race') && at('Selection rate by gender × race') < at('<h2>Threshold sweep: gender</h2>'));
    assert.ok(html.includes('class="whisker"') && html.includes('class="reference"') && html.includes('<polyline'));
    assert.ok(!/<script/i.test(html) && !/(src|href)=/.test(html), 'no scripts, no external resources');
    // Markup in a column name and a group value comes out escaped.
    const f = join(d, 'x.csv');
    writeFileSync(f, `"<b>g</b>",y,p\n${Array.from({ length: 80 }, (_v, i) => `${i % 2 ? '<script>' : 'a&b'},${i % 3 === 0 ? 1 : 0},${i % 4 === 0 ? 1 : 0}`).join('\n')}\n`);
    const x = cli('bias', f, '--sensitive', '<b>g</b>', '--label', 'y', '--prediction', 'p', '--format', 'html');
    assert.ok(x.code === 0 || x.code === 1, x.stderr);
    assert.ok(!/<script/i.test(x.stdout) && !/<b>g/.test(x.stdout));
    assert.ok(x.stdout.includes('&lt;b&gt;g&lt;/b&gt;') && x.stdout.includes('&lt;script&gt;') && x.stdout.includes('a&amp;b'));
  });

  it('--bootstrap with --seed is reproducible, and intervals contain the estimate', () => {
    const args = [...base, '--prediction', 'predicted_approved', '--bootstrap', '200', '--seed', '7'];
    const a = JSON.parse(cli(...args).stdout) as Out;
    const b = JSON.parse(cli(...args).stdout) as Out;
    assert.deepEqual(a.attributes, b.attributes);
    const g = a.attributes[1]?.groups.find((x) => x.group === 'black');
    const ci = g?.ci?.['selectionRate'];
    assert.ok(g && ci && ci[0] < g.selectionRate && g.selectionRate < ci[1] && ci[1] - ci[0] < 0.2, JSON.stringify(ci));
    const c = JSON.parse(cli(...[...base, '--prediction', 'predicted_approved', '--bootstrap', '200', '--seed', '8']).stdout) as Out;
    assert.notDeepEqual(c.attributes[1]?.groups[1]?.ci, a.attributes[1]?.groups[1]?.ci);
  });

  it('bad input: exit 2 with a one-line error on stderr', () => {
    const cases: [string[], RegExp][] = [
      [[...base, '--prediction', 'nope'], /prediction column 'nope' not found; columns are: application_id/],
      [['bias', data, '--sensitive', 'gender,religion', '--label', 'approved', '--prediction', 'predicted_approved'], /sensitive column 'religion' not found/],
      [[...base, '--prediction', 'predicted_approved', '--fail-on', 'disparateImpact=0.8'], /--fail-on 'disparateImpact=0\.8' is not <metric><op><value>/],
      [[...base, '--prediction', 'predicted_approved', '--fail-on', 'fairness<0.8'], /unknown metric 'fairness'; valid metrics are: demographicParityDifference/],
      [[...base, '--prediction', 'predicted_approved', '--fail-on', 'disparateImpact<abc'], /'abc' is not a number/],
      [[...base, '--prediction', 'predicted_approved', '--score', 'score'], /give exactly one of --prediction p or --score s/],
      [[...base], /give exactly one of --prediction p or --score s/],
      [[...base, '--score', 'score', '--threshold', '2'], /--threshold must be a number in \[0, 1\]/],
      [[...base, '--prediction', 'predicted_approved', '--privileged', 'race=martian'], /privileged group race=martian does not occur/],
      [[...base, '--prediction', 'predicted_approved', '--format', 'pdf'], /--format must be one of json, md, html/],
      [['bias', join(root, 'sample/none.csv'), '--sensitive', 'a', '--label', 'y', '--prediction', 'p'], /none\.csv/],
    ];
    for (const [args, re] of cases) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
