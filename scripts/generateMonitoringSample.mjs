// Generates sample/monitoring/: a loan-approval model's scores in production, for `model-lens evaluate`, the
// "Evaluate Model" panel and the sample's `evaluation` check. A seeded PRNG (mulberry32, seed 20261207,
// Box–Muller normals) makes the files byte-identical on every run:
//   node scripts/generateMonitoringSample.mjs            (CSV files only)
//   node scripts/generateMonitoringSample.mjs --history  (also sample/.modellens/history/past-runs.jsonl; needs `npm run build`)
//
// - loan_scores_reference.csv: 4,000 decisions of August 2026 with their outcome (`approved`): the reference.
// - loan_scores.csv: 12 weeks from Monday 2026-09-07, ~600 decisions a week. The model's score is a calibrated
//   probability until week 5; from week 6 the relation between applicant and outcome changes (a concept shift:
//   outcomes are less predictable than the score says), so the realised ROC AUC drops while confidence-based
//   estimates (CBPE) stay high — they disagree. Outcomes of the last 3 weeks have not arrived yet (empty
//   `approved`): only estimates exist there. Region `west` is served worse throughout (a weak segment).
//   `fee` is the fee booked at decision time (2% of the amount when the score approves), a business column.
// - with --history: six earlier runs of the sample's evaluation check, as `model-lens check` would have recorded
//   them at the end of weeks 6 … 11 (each evaluates the rows that existed then), so the History panel has a trend.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './seededRandom.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'sample', 'monitoring');

const u = mulberry32(20261207);
const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const REGIONS = ['north', 'south', 'east', 'west'];
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

/** One decision: the model's calibrated score, and the outcome drawn from the truth of that time. */
function decision(id, when, { shift = 0, concept = false, labelled = true }) {
  const region = REGIONS[Math.floor(u() * 4)];
  const amount = Math.round((5 + 45 * u()) * 2) * 500;
  const z = 0.4 + shift + 1.6 * normal();
  const score = Math.round(sigmoid(z) * 1e4) / 1e4;
  // The truth: the score's own probability; west is served worse; after the concept shift outcomes follow z less.
  let p = concept ? sigmoid(0.35 * z + 0.1) : sigmoid(z);
  if (region === 'west') p = 0.55 * p + 0.45 * 0.5;
  const approved = labelled ? (u() < p ? 1 : 0) : '';
  const fee = score >= 0.5 ? Math.round(amount * 0.02 * 100) / 100 : 0;
  return [id, day(when), region, amount, score.toFixed(4), approved, fee.toFixed(2)];
}

const HEADER = ['application_id', 'decided_at', 'region', 'loan_amount', 'score', 'approved', 'fee'];
const csv = (rows) => `${[HEADER, ...rows].map((r) => r.join(',')).join('\n')}\n`;

const reference = [];
const AUG = Date.UTC(2026, 7, 3);
for (let i = 0; i < 4000; i++) reference.push(decision(`REF-${String(i + 1).padStart(5, '0')}`, AUG + Math.floor(u() * 28) * 86400000, {}));

const current = [];
const START = Date.UTC(2026, 8, 7);
for (let w = 0; w < 12; w++) {
  const n = 560 + Math.floor(u() * 80);
  for (let i = 0; i < n; i++) {
    current.push(decision(`APP-${String(w + 1).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`, START + (w * 7 + Math.floor(u() * 7)) * 86400000,
      { shift: 0.04 * w, concept: w >= 5, labelled: w < 9 }));
  }
}
current.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'loan_scores_reference.csv'), csv(reference));
writeFileSync(join(OUT, 'loan_scores.csv'), csv(current));
console.log(`wrote ${reference.length} + ${current.length} rows to ${OUT}`);

if (process.argv.includes('--history')) {
  // Six earlier runs of `evaluation/loan_scores`: the rows that existed at the end of weeks 6 … 11, outcomes
  // of the last three weeks of each not yet known, evaluated with the CLI as the check would.
  const cli = join(ROOT, 'dist', 'cli.js');
  const tmp = mkdtempSync(join(tmpdir(), 'ml-history-'));
  const lines = [];
  try {
    for (let week = 6; week <= 11; week++) {
      const end = START + week * 7 * 86400000;
      const rows = current.filter((r) => Date.parse(r[1]) < end).map((r) => (Date.parse(r[1]) >= end - 3 * 7 * 86400000 ? [...r.slice(0, 5), '', r[6]] : r));
      const file = join(tmp, 'loan_scores.csv');
      const text = csv(rows);
      writeFileSync(file, text);
      let out;
      try {
        out = execFileSync(process.execPath, [cli, 'evaluate', file, '--label', 'approved', '--score', 'score', '--time-column', 'decided_at', '--window', 'week',
          '--reference', join(OUT, 'loan_scores_reference.csv'), '--business', 'fee', '--format', 'json', '--out', join(tmp, 'r.json')], { encoding: 'utf8' });
      } catch (e) {
        if (e.status !== 1) throw e;
      }
      void out;
      const r = JSON.parse(readFileSync(join(tmp, 'r.json'), 'utf8'));
      const metrics = {};
      for (const m of r.metrics) if (m.value !== null) metrics[m.name] = m.value;
      metrics.flaggedWindows = r.windows.filter((w) => w.flagged).length;
      metrics.weakSegments = r.segments.filter((s) => s.weak).length;
      const last = r.estimated?.windows[r.estimated.windows.length - 1];
      for (const m of last?.metrics ?? []) if (m.value !== null) metrics[`estimated.${m.name}`] = m.value;
      if (r.estimated) metrics.disagreements = r.estimated.disagreements.length;
      const time = new Date(end + 9 * 3600000).toISOString();
      lines.push(JSON.stringify({
        v: 1, runId: `sample-run-week-${week}`, time, source: 'cli', config: 'modellens.yml', git: null, status: r.verdict.status, durationMs: 1800,
        checks: [{
          id: 'evaluation/loan_scores', kind: 'evaluation', title: 'Model evaluation — score on loan_scores.csv', status: r.verdict.status, summary: r.verdict.text, metrics,
          files: [
            { path: 'monitoring/loan_scores.csv', sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) },
            { path: 'monitoring/loan_scores_reference.csv', sha256: createHash('sha256').update(readFileSync(join(OUT, 'loan_scores_reference.csv'))).digest('hex'), bytes: readFileSync(join(OUT, 'loan_scores_reference.csv')).length },
          ],
        }],
      }));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const hist = join(ROOT, 'sample', '.modellens', 'history');
  mkdirSync(hist, { recursive: true });
  writeFileSync(join(hist, 'past-runs.jsonl'), `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} past runs to ${join(hist, 'past-runs.jsonl')}`);
}
