import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import { runSourceEvaluation } from '../../../src/core/evaluate/source/evaluateSource';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { sourceOf } from '../../../src/core/plan/target';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';
import { sameReport } from './pgLoad';
import { recording } from './recordingExecutor';

const SAMPLE = join(__dirname, '..', '..', '..', 'sample');
const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'warehouse', 'golden');


const WINDOWED = ['metrics', 'curves', 'confusion', 'thresholds', 'bootstrap', 'rows', 'labeledRows', 'unlabeledRows', 'excludedRows', 'windows', 'referenceMetrics', 'estimated', 'verdict'] as const;

describe('evaluate --source over time: the file path\'s windows from (window, score, label) counts; golden SQL', function () {
  this.timeout(120_000);
  let engine: Engine;
  const file = join(SAMPLE, 'loans_current.csv');

  before(async () => { engine = await Engine.create({ threads: 1 }); });
  after(() => engine.close());

  for (const window of ['week', 'day'] as const) {
    it(`through the embedded engine's executor, --window ${window} equals the file path (windows, flags, score drift, CBPE, overall)`, async () => {
      const ds = await loadDataset(engine, file);
      try {
        const a = await runEvaluation(engine, { dataset: file, label: 'approved', score: 'score', timeColumn: 'application_date', window, bootstrap: 80, seed: 9, segments: false });
        const b = await runSourceEvaluation(new DuckDbExecutor(engine), ds, { label: 'approved', score: 'score', timeColumn: 'application_date', window, bootstrap: 80, seed: 9 });
        for (const k of WINDOWED) assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
        assert.ok(a.windows!.length >= 4 && a.estimated !== null);
      } finally {
        await ds.release();
      }
    });
  }

  for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
    it(`golden SQL of evaluate over time (week) in ${name}`, async () => {
      const ds = await loadDataset(engine, file);
      try {
        const exec = recording(new DuckDbExecutor(engine), dialect, sourceOf(ds));
        await runSourceEvaluation(exec, ds, { label: 'approved', score: 'score', timeColumn: 'application_date', window: 'week', bootstrap: 0 });
        for (const text of exec.sql) assertSelectOnly(text, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
        assert.ok(exec.sql.some((s) => /window_key/.test(s)), 'one grouped pass over the windows');
        const body = `${exec.sql.join(';\n\n')};\n`;
        const golden = join(GOLDEN, `evaluate-windows.${name}.sql`);
        if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(golden, body);
        }
        assert.equal(body, readFileSync(golden, 'utf8'), `golden SQL changed: ${golden} (UPDATE_GOLDEN=1 after reviewing the diff)`);
      } finally {
        await ds.release();
      }
    });
  }
});
