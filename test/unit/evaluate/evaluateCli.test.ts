import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/core/checks/config';
import { Engine } from '../../../src/core/data/engine';
import { runChecks } from '../../../src/core/checks/runChecks';
import { recordRun } from '../../../src/core/history/recordRun';
import { REF } from './fixtures';
import { evaluationShareDoc } from '../../../src/core/share/evaluationShare';
import { renderSharePage } from '../../../src/core/share/sharePage';
import type { EvaluationReport } from '../../../src/core/evaluate/types';

const root = join(__dirname, '../../..');
const fx = (f: string) => join(root, 'test/fixtures/evaluate', f);
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', require.resolve('tsx/cjs'), join(root, 'src/cli/main.ts')];
function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('model-lens evaluate and history (CLI) and the evaluation check', function () {
  this.timeout(180000);

  it('--help lists the inputs, windows, conditions and exit codes', () => {
    const r = cli(root, 'evaluate', '--help');
    assert.equal(r.code, 0);
    for (const s of ['--score s', '--prediction p', '--model M', '--time-column C --window', '--reference F', '--business', '--fail-on', '--bootstrap n', 'Exit codes: 0']) assert.ok(r.stdout.includes(s), s);
    assert.match(cli(root, '--help').stdout, /evaluate\s+Is the model still good\?/);
  });

  it('JSON has the issue\'s shape; --fail-on exits 1 naming the condition; md and html are written', () => {
    const r = cli(root, 'evaluate', fx('binary_ties.csv'), '--label', 'y', '--score', 'score', '--bootstrap', '50', '--format', 'json', '--fail-on', 'rocAuc<0.9');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /condition failed: rocAuc<0\.9/);
    const j = JSON.parse(r.stdout);
    for (const k of ['task', 'metrics', 'curves', 'confusion', 'segments', 'windows', 'estimated']) assert.ok(k in j, k);
    assert.deepEqual(j.metrics.map((m: { name: string }) => m.name).sort(), ['accuracy', 'brier', 'ece', 'f1', 'logLoss', 'prAuc', 'precision', 'recall', 'rocAuc']);
    assert.equal(j.metrics.find((m: { name: string }) => m.name === 'rocAuc').value, REF.binary_ties.threshold05.metrics.rocAuc);
    assert.equal(cli(root, 'evaluate', fx('binary_ties.csv'), '--label', 'y', '--score', 'score', '--bootstrap', '0', '--fail-on', 'rocAuc<0.5').code, 0);
    const dir = mkdtempSync(join(tmpdir(), 'ml-eval-'));
    try {
      assert.equal(cli(root, 'evaluate', fx('binary_ties.csv'), '--label', 'y', '--score', 'score', '--time-column', 'date', '--window', 'week', '--format', 'html', '--out', join(dir, 'r.html')).code, 0);
      const html = readFileSync(join(dir, 'r.html'), 'utf8');
      assert.ok(!/<script|https?:\/\//i.test(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')), 'no script, no network');
      assert.match(html, /<svg role="img" aria-label="ROC AUC over 4 windows/);
      assert.equal(cli(root, 'evaluate', fx('regression.csv'), '--label', 'target', '--prediction', 'prediction', '--format', 'md', '--out', join(dir, 'r.md')).code, 0);
      assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /\| Mean absolute error \| 7\.1 \|/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: exit 2 with a one-line message (unknown column, two inputs, bad condition, missing --window)', () => {
    for (const args of [['--score', 'nope'], ['--score', 'score', '--prediction', 'y'], ['--score', 'score', '--fail-on', 'roc<0.8'], ['--score', 'score', '--time-column', 'date']]) {
      const r = cli(root, 'evaluate', fx('binary_ties.csv'), '--label', 'y', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
  });

  it('an evaluation check with a history condition: passes, then fails when rocAuc dropped against earlier runs; model-lens history shows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-evalcheck-'));
    try {
      cpSync(fx('binary_ties.csv'), join(dir, 'scores.csv'));
      const yml = `version: 1\nchecks:\n  evaluation:\n    - data: scores.csv\n      label: y\n      score: score\n      bootstrap: 0\n      failOn: ["rocAuc dropped > 0.01 vs median of last 3 runs"]\n`;
      writeFileSync(join(dir, 'modellens.yml'), yml);
      const config = parseConfig(yml, join(dir, 'modellens.yml'));
      const engine = await Engine.create({ threads: 2 });
      try {
        const first = await runChecks(config, { engine, baseDir: dir });
        assert.equal(first.checks[0]!.id, 'evaluation/scores');
        assert.equal(first.checks[0]!.status, 'pass');
        const auc = first.checks[0]!.metrics['rocAuc']!;
        // Three earlier runs where the model was better.
        [auc + 0.05, auc + 0.04, auc + 0.06].forEach((v, i) => recordRun({ ...first, startedAt: `2026-01-0${i + 1}T00:00:00.000Z`, checks: [{ ...first.checks[0]!, metrics: { rocAuc: v } }] }, dir, 'cli'));
        const second = await runChecks(config, { engine, baseDir: dir });
        assert.equal(second.checks[0]!.status, 'fail');
        assert.match(second.checks[0]!.summary, /rocAuc dropped > 0\.01 vs median of last 3 runs \(now 0\.868, baseline 0\.918\)/);
      } finally {
        engine.close();
      }
      const h = cli(dir, 'history', '--check', 'evaluation/scores');
      assert.equal(h.code, 0, h.stderr);
      assert.match(h.stdout, /3 runs in the history/);
      assert.match(h.stdout, /rocAuc\s+\S+\s+0\.928\s+\+0\.02/);
      assert.equal(cli(dir, 'history', '--check', 'nope').code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad evaluation entries are reported at their line with a fix', () => {
    assert.throws(() => parseConfig('version: 1\nchecks:\n  evaluation:\n    - data: a.csv\n      score: s\n      window: week\n      failOn: [rocAuc<<0.8]\n', '/tmp/modellens.yml'),
      (e: { code?: string; message: string }) => e.code === 'CONFIG_INVALID' && /label/.test(e.message) && /window/.test(e.message) && /rocAuc<<0\.8/.test(e.message));
  });

  it('model-lens card: the model card\'s Evaluation section is the evaluation check about the model (sample loan_xgb)', () => {
    const r = cli(join(root, 'sample'), 'card', 'loan_xgb');
    assert.equal(r.code, 0, r.stderr);
    const text = r.stdout.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const at = text.indexOf('Evaluation ');
    assert.ok(at >= 0, 'an Evaluation section');
    const section = text.slice(at, text.indexOf('Fairness', at));
    assert.match(section, /Model evaluation — loan_xgb on loans_current\.csv — Needs attention: ROC AUC is significantly worse than the reference in \d+ of \d+ windows/);
    assert.doesNotMatch(section, /not part of this build/);
  });

  it('Share… page of an evaluation: its verdict, the primary metric per window with flagged windows marked, no script', () => {
    const r = cli(root, 'evaluate', join(root, 'sample/monitoring/loan_scores.csv'), '--label', 'approved', '--score', 'score', '--time-column', 'decided_at', '--window', 'week', '--reference', join(root, 'sample/monitoring/loan_scores_reference.csv'), '--bootstrap', '50', '--format', 'json');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const report = JSON.parse(r.stdout) as EvaluationReport;
    const doc = evaluationShareDoc(report);
    assert.equal(doc.verdict.status, report.verdict.status);
    assert.equal(doc.verdict.headline, report.verdict.text);
    const labelled = report.windows!.filter((w) => w.metrics.some((m) => m.name === report.primaryMetric && m.value !== null));
    assert.equal(doc.chart?.bars.length, labelled.length);
    assert.deepEqual(doc.chart!.bars.filter((b) => b.flagged).map((b) => b.label), labelled.filter((w) => w.flagged).map((w) => w.start.slice(0, 10)));
    assert.equal(doc.verdict.numbers[2]?.value, `${report.windows!.filter((w) => w.flagged).length} of ${report.windows!.length}`);
    const html = renderSharePage(doc);
    assert.doesNotMatch(html, /<script|https?:\/\//i);
    assert.ok(html.includes('ROC AUC'), 'metrics by their names');
  });
});
