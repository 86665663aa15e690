// Generates the bundled sample workspace in sample/: a synthetic loan-approval dataset with sensitive
// attributes, a reference month (2026-09) and a current month (2026-10) with deliberate drift.
//
// Everything comes from a small seeded PRNG written here (mulberry32 + Box–Muller), so running
//   node scripts/generateSample.mjs
// twice produces byte-identical files. See sample/README.md for what each file contains.
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { Bool, DateDay, Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { mulberry32 } from './seededRandom.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'sample');
const ROWS = 3300; // keeps sample/ under 3 MB with all six files

/** Random helpers over one uniform source. Normal via Box–Muller (Box & Muller 1958), one value per call. */
function makeRandom(seed) {
  const u = mulberry32(seed);
  const normal = (mean = 0, sd = 1) => {
    const u1 = 1 - u(); // (0, 1], so log() is finite
    const u2 = u();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const choice = (levels, weights) => {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = u() * total;
    for (let i = 0; i < levels.length; i++) {
      r -= weights[i];
      if (r < 0) return levels[i];
    }
    return levels[levels.length - 1];
  };
  /** Poisson by Knuth's multiplication method (fine for small lambda). */
  const poisson = (lambda) => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = u();
    while (p > limit) {
      k++;
      p *= u();
    }
    return k;
  };
  return { u, normal, choice, poisson };
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

const NOTES = [
  'Applicant requested a call back.',
  'Income verified with two pay slips.',
  'Self-employed, tax returns attached.',
  'Existing customer since 2019.',
  'Co-signer available if needed.',
  'Documents incomplete, follow up, then re-score.',
  'Customer said "urgent", please prioritise.',
  'Address changed recently.',
  'Referred by branch staff.',
  'Second application this year.',
];

/** Month-specific distributions. The current month carries the drift documented in sample/README.md. */
const MONTHS = {
  reference: {
    seed: 20260901, year: 2026, month: 9, days: 30,
    incomeFactor: 1.0, incomeMissing: 0.02, creditMean: 690,
    regions: [0.3, 0.25, 0.25, 0.2],
    purposes: ['debt_consolidation', 'home_improvement', 'car', 'education', 'medical', 'small_business', 'wedding', 'crypto'],
    purposeWeights: [0.34, 0.18, 0.16, 0.1, 0.08, 0.08, 0.06, 0],
  },
  current: {
    seed: 20261001, year: 2026, month: 10, days: 31,
    incomeFactor: 1.08, incomeMissing: 0.06, creditMean: 676,
    regions: [0.22, 0.33, 0.25, 0.2],
    purposes: ['debt_consolidation', 'home_improvement', 'car', 'education', 'medical', 'small_business', 'wedding', 'crypto'],
    purposeWeights: [0.33, 0.18, 0.16, 0.1, 0.08, 0.09, 0.01, 0.05],
  },
};

/** One applicant. Label: Bernoulli(sigmoid(z)) with a penalty of -0.8 on the logit for race = black. */
function makeRow(rnd, cfg, index) {
  const day = 1 + Math.floor(rnd.u() * cfg.days);
  const mm = String(cfg.month).padStart(2, '0');
  const age = Math.round(clamp(rnd.normal(41, 12), 18, 80));
  const gender = rnd.u() < 0.01 ? null : rnd.choice(['female', 'male', 'non-binary'], [0.485, 0.495, 0.02]);
  const race = rnd.choice(['white', 'black', 'hispanic', 'asian', 'other'], [0.58, 0.13, 0.18, 0.07, 0.04]);
  const married = rnd.choice(['single', 'married', 'divorced', 'widowed'], [0.36, 0.48, 0.13, 0.03]);
  const region = rnd.choice(['north', 'south', 'east', 'west'], cfg.regions);
  const trueIncome = Math.exp(rnd.normal(Math.log(58000), 0.5)) * cfg.incomeFactor * (0.8 + 0.01 * Math.min(age, 50) * 0.4);
  const incomeValue = Math.round(trueIncome / 100) * 100;
  const income = rnd.u() < cfg.incomeMissing ? null : incomeValue;
  const loanAmount = Math.max(1000, Math.round((trueIncome * (0.08 + 0.5 * rnd.u())) / 500) * 500);
  const creditScore = Math.round(clamp(rnd.normal(cfg.creditMean, 70), 300, 850));
  const dti = clamp(rnd.normal(0.32, 0.12), 0.01, 1.2);
  const employmentYears = Math.min(age - 18, Math.floor(-Math.log(1 - rnd.u()) * 7));
  const openAccounts = rnd.poisson(4);
  const hasMortgage = rnd.u() < sigmoid((age - 38) / 8);
  const purpose = rnd.choice(cfg.purposes, cfg.purposeWeights);
  const notes = rnd.u() < 0.88 ? null : NOTES[Math.floor(rnd.u() * NOTES.length)];

  const z = 0.45 + 0.013 * (creditScore - 680) - 4.5 * (dti - 0.32) + 0.6 * Math.log(incomeValue / 58000)
    - 1.5 * (loanAmount / incomeValue - 0.33) + 0.03 * employmentYears + (hasMortgage ? 0.2 : 0)
    - 0.06 * (openAccounts - 4) - (race === 'black' ? 0.8 : 0);
  const approved = rnd.u() < sigmoid(z) ? 1 : 0;
  // The "model" learned the biased labels: its logit tracks z with noise.
  const score = Math.round(sigmoid(0.9 * z + rnd.normal(0, 0.6)) * 10000) / 10000;
  return {
    application_id: `APP-${cfg.year}${mm}-${String(index + 1).padStart(5, '0')}`,
    application_date: `${cfg.year}-${mm}-${String(day).padStart(2, '0')}`,
    age, gender, race, marital_status: married, region, income,
    loan_amount: loanAmount, credit_score: creditScore, debt_to_income: Math.round(dti * 1000) / 1000,
    employment_years: employmentYears, num_open_accounts: openAccounts, has_mortgage: hasMortgage,
    loan_purpose: purpose, notes, approved, score, predicted_approved: score >= 0.5 ? 1 : 0,
  };
}

/** Column name -> [DuckDB type, Arrow type factory]. Order is the file column order. */
const SCHEMA = [
  ['application_id', 'VARCHAR', () => new Utf8()],
  ['application_date', 'DATE', () => new DateDay()],
  ['age', 'INTEGER', () => new Int32()],
  ['gender', 'VARCHAR', () => new Dictionary(new Utf8(), new Int32())],
  ['race', 'VARCHAR', () => new Dictionary(new Utf8(), new Int32())],
  ['marital_status', 'VARCHAR', () => new Dictionary(new Utf8(), new Int32())],
  ['region', 'VARCHAR', () => new Dictionary(new Utf8(), new Int32())],
  ['income', 'INTEGER', () => new Int32()],
  ['loan_amount', 'INTEGER', () => new Int32()],
  ['credit_score', 'INTEGER', () => new Int32()],
  ['debt_to_income', 'DOUBLE', () => new Float64()],
  ['employment_years', 'INTEGER', () => new Int32()],
  ['num_open_accounts', 'INTEGER', () => new Int32()],
  ['has_mortgage', 'BOOLEAN', () => new Bool()],
  ['loan_purpose', 'VARCHAR', () => new Dictionary(new Utf8(), new Int32())],
  ['notes', 'VARCHAR', () => new Utf8()],
  ['approved', 'INTEGER', () => new Int32()],
  ['score', 'DOUBLE', () => new Float64()],
  ['predicted_approved', 'INTEGER', () => new Int32()],
];
const NAMES = SCHEMA.map(([name]) => name);

function generate(cfg) {
  const rnd = makeRandom(cfg.seed);
  return Array.from({ length: ROWS }, (_, i) => makeRow(rnd, cfg, i));
}

/** Delimited text, RFC 4180 quoting (fields with the delimiter, a quote or a newline are quoted). Null -> empty. */
function toDelimited(rows, sep) {
  const cell = (v) => {
    if (v === null) return '';
    const s = String(v);
    return s.includes(sep) || s.includes('"') || s.includes('\n') ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [NAMES.join(sep), ...rows.map((r) => NAMES.map((n) => cell(r[n])).join(sep))].join('\n') + '\n';
}

function toJsonLines(rows) {
  return rows.map((r) => JSON.stringify(r, NAMES)).join('\n') + '\n';
}

function toArrowFile(rows) {
  const vectors = {};
  for (const [name, , arrowType] of SCHEMA) {
    const values = rows.map((r) => (name === 'application_date' ? new Date(`${r[name]}T00:00:00Z`) : r[name]));
    vectors[name] = vectorFromArray(values, arrowType());
  }
  return tableToIPC(new Table(vectors), 'file');
}

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

async function writeParquet(csvPath, parquetPath) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const columns = `{${SCHEMA.map(([n, t]) => `${sqlString(n)}: ${sqlString(t)}`).join(', ')}}`;
  await connection.run(
    `COPY (SELECT * FROM read_csv(${sqlString(csvPath)}, header = true, columns = ${columns})) ` +
      `TO ${sqlString(parquetPath)} (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
}

async function main() {
  mkdirSync(join(OUT, '.vscode'), { recursive: true });
  const reference = generate(MONTHS.reference);
  const current = generate(MONTHS.current);
  const refCsv = join(OUT, 'loans_reference.csv');
  writeFileSync(refCsv, toDelimited(reference, ','));
  writeFileSync(join(OUT, 'loans_current.csv'), toDelimited(current, ','));
  writeFileSync(join(OUT, 'loans_reference.tsv'), toDelimited(reference, '\t'));
  writeFileSync(join(OUT, 'loans_current.jsonl'), toJsonLines(current));
  writeFileSync(join(OUT, 'loans_current.csv.gz'), gzipSync(toDelimited(current, ','), { level: 9 }));
  writeFileSync(join(OUT, 'loans_reference.arrow'), toArrowFile(reference));
  const parquet = join(OUT, 'loans_reference.parquet');
  rmSync(parquet, { force: true });
  await writeParquet(refCsv, parquet);
  writeFileSync(join(OUT, '.vscode', 'settings.json'), '{}\n');
  console.log(`wrote ${ROWS} reference and ${ROWS} current rows to ${OUT}`);
}

await main();
