import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChecksReport } from '../../../src/core/checks/types';
import { evaluateHistoryCondition, parseHistoryCondition } from '../../../src/core/history/conditions';
import { gitRevision } from '../../../src/core/history/gitRevision';
import { checkTrends, figureHistory } from '../../../src/core/history/historyQuery';
import { historyShareDoc } from '../../../src/core/share/historyShare';
import { renderSharePage } from '../../../src/core/share/sharePage';
import { runRecord } from '../../../src/core/history/historyRecord';
import { appendRun, HISTORY_DIR, readHistory, readWorkspaceHistory } from '../../../src/core/history/historyStore';
import { parseHistoryRun } from '../../../src/core/history/historyTypes';

function report(dir: string, auc: number, startedAt = new Date().toISOString()): ChecksReport {
  writeFileSync(join(dir, 'data.csv'), `y,s\n1,${auc}\n`);
  return {
    config: join(dir, 'modellens.yml'), startedAt, durationMs: 5, status: 'pass', counts: { pass: 1, warn: 0, fail: 0, error: 0 }, models: [],
    checks: [{ id: 'evaluation/x', kind: 'evaluation', title: 'Model evaluation — x', status: 'pass', summary: 'ok', findings: [], files: [join(dir, 'data.csv')], metrics: { rocAuc: auc, nan: NaN }, durationMs: 1 }],
  };
}

describe('run history (.modellens/history)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ml-hist-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one line per run; a torn last line (killed run) is skipped and never glued to the next record', () => {
    const file = appendRun(dir, runRecord(report(dir, 0.8, '2026-01-01T00:00:00Z'), dir, 'cli'), 'a.jsonl');
    appendFileSync(file, '{"v":1,"runId":"torn","time":"2026-01-0'); // a writer killed mid-line
    appendRun(dir, runRecord(report(dir, 0.7, '2026-01-02T00:00:00Z'), dir, 'cli'), 'a.jsonl');
    const h = readWorkspaceHistory(dir);
    assert.deepEqual(h.runs.map((r) => r.checks[0]!.metrics['rocAuc']), [0.8, 0.7]);
    assert.equal(h.skipped.length, 1);
    assert.equal(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 3);
    // Non-finite figures are not stored; files are relative with a content hash.
    const c = h.runs[0]!.checks[0]!;
    assert.equal('nan' in c.metrics, false);
    assert.equal(c.files[0]!.path, 'data.csv');
    assert.match(c.files[0]!.sha256!, /^[0-9a-f]{64}$/);
  });

  it('merges files from several machines / CI artefacts: union, one copy per run id, ordered by time', () => {
    const a = runRecord(report(dir, 0.9, '2026-01-03T00:00:00Z'), dir, 'ci');
    const b = runRecord(report(dir, 0.85, '2026-01-01T00:00:00Z'), dir, 'cli');
    appendRun(dir, a, 'machine-a.jsonl');
    appendRun(dir, b, 'machine-b.jsonl');
    appendRun(dir, a, 'artefact-copy.jsonl');
    const h = readWorkspaceHistory(dir);
    assert.deepEqual(h.runs.map((r) => r.runId), [b.runId, a.runId]);
    assert.deepEqual(figureHistory(h.runs, 'evaluation/x', 'rocAuc'), [0.85, 0.9]);
    const t = checkTrends(h.runs)[0]!;
    assert.equal(t.figures.find((f) => f.name === 'rocAuc')!.change, 0.9 - 0.85);
  });

  it('refuses a history folder or file that is a symbolic link (never appends through a planted link)', () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    mkdirSync(join(dir, '.modellens'));
    symlinkSync(dir, join(dir, HISTORY_DIR));
    assert.throws(() => appendRun(dir, runRecord(report(dir, 0.8), dir, 'cli'), 'victim.txt'), (e: { code?: string }) => e.code === 'HISTORY_LINK');
    rmSync(join(dir, HISTORY_DIR));
    mkdirSync(join(dir, HISTORY_DIR));
    symlinkSync(victim, join(dir, HISTORY_DIR, 'h.jsonl'));
    assert.throws(() => appendRun(dir, runRecord(report(dir, 0.8), dir, 'cli'), 'h.jsonl'), (e: { code?: string }) => e.code === 'HISTORY_LINK');
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  });

  it('parses lines through a whitelist: unknown fields dropped, prototype-named figures kept as data, bad shapes refused', () => {
    const ok = parseHistoryRun({ v: 1, runId: 'r', time: '2026-01-01T00:00:00Z', source: 'cli', config: 'm.yml', git: null, status: 'pass', durationMs: 1, extra: 'x',
      checks: [{ id: 'a', kind: 'k', title: 't', status: 'warn', summary: 's', metrics: JSON.parse('{"__proto__": 1, "constructor": 2, "x": "text"}'), files: [] }] });
    assert.ok(ok);
    assert.equal('extra' in ok, false);
    assert.equal(ok.checks[0]!.metrics['__proto__'], 1);
    assert.equal(ok.checks[0]!.metrics['constructor'], 2);
    assert.equal('x' in ok.checks[0]!.metrics, false);
    assert.equal(parseHistoryRun({ v: 2 }), undefined);
    assert.equal(parseHistoryRun({ v: 1, runId: 'r', time: 'not a time', source: 'cli', config: 'm', git: null, status: 'pass', durationMs: 1, checks: [] }), undefined);
    assert.equal(parseHistoryRun(null), undefined);
  });

  it('reads the git commit from .git files without running git (branch, packed refs, detached HEAD)', () => {
    const sha = 'a'.repeat(40);
    mkdirSync(join(dir, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(dir, '.git', 'refs', 'heads', 'main'), `${sha}\n`);
    mkdirSync(join(dir, 'sub'));
    assert.deepEqual(gitRevision(join(dir, 'sub')), { commit: sha, branch: 'main' });
    rmSync(join(dir, '.git', 'refs', 'heads', 'main'));
    writeFileSync(join(dir, '.git', 'packed-refs'), `# pack-refs\n${'b'.repeat(40)} refs/heads/main\n`);
    assert.deepEqual(gitRevision(dir), { commit: 'b'.repeat(40), branch: 'main' });
    writeFileSync(join(dir, '.git', 'HEAD'), `${'c'.repeat(40)}\n`);
    assert.deepEqual(gitRevision(dir), { commit: 'c'.repeat(40), branch: null });
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/../../../etc/passwd\n');
    assert.equal(gitRevision(dir), null);
  });

  it('history conditions: median/mean/last of the last N runs, absolute and relative, not evaluated without history', () => {
    const c = parseHistoryCondition('rocAuc dropped > 0.02 vs median of last 4 runs');
    assert.deepEqual([c.figure, c.direction, c.amount, c.stat, c.runs, c.relative], ['rocAuc', 'dropped', 0.02, 'median', 4, false]);
    // median of the last 4 of [0.95, 0.90, 0.86, 0.88, 0.84] = median(0.90, 0.86, 0.88, 0.84) = 0.87
    const r = evaluateHistoryCondition(c, 0.84, [0.95, 0.9, 0.86, 0.88, 0.84]);
    assert.ok(Math.abs(r.baseline! - 0.87) < 1e-15);
    assert.equal(r.status, 'fail');
    assert.equal(evaluateHistoryCondition(c, 0.86, [0.9, 0.86, 0.88, 0.84]).status, 'pass');
    assert.equal(evaluateHistoryCondition(c, 0.8, []).status, 'notEvaluated');
    const rel = parseHistoryCondition('mae rose > 10% vs last run');
    assert.equal(evaluateHistoryCondition(rel, 1.11, [1]).status, 'fail');
    assert.equal(evaluateHistoryCondition(rel, 1.09, [1]).status, 'pass');
    assert.throws(() => parseHistoryCondition('rocAuc dropped a lot'), (e: { code?: string }) => e.code === 'BAD_FAIL_ON');
  });

  it('an empty or missing history reads as no runs', () => {
    assert.deepEqual(readHistory(join(dir, 'nope')).runs, []);
  });

  it('Share… page of the history: each check\'s latest status, the worst as the verdict, key figures and their change', () => {
    const { runs } = readHistory(join(__dirname, '../../../sample/.modellens/history'));
    const trends = checkTrends(runs.filter((r) => r.runId !== undefined));
    assert.ok(trends.length > 0, 'the sample has recorded runs');
    const doc = historyShareDoc(trends, runs.length);
    const latest = trends.map((t) => t.runs[t.runs.length - 1]!.status);
    assert.equal(doc.verdict.status, latest.includes('error') ? 'error' : latest.includes('fail') ? 'fail' : latest.includes('warn') ? 'warn' : 'pass');
    assert.equal(doc.tables[0]!.rows.length, trends.length);
    assert.match(doc.verdict.headline, new RegExp(`${latest.filter((s) => s === 'fail').length} of ${trends.length} checks failed`));
    assert.equal(historyShareDoc([], 0).verdict.status, 'pass');
    assert.doesNotMatch(renderSharePage(doc), /<script/i);
  });
});
