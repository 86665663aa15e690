import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { isInputError } from '../../../src/core/errors';
import { driftFromPartials } from '../../../src/core/partial/driftFromPartials';
import { profilePartial, type ProfilePartial } from '../../../src/core/partial/profilePartial';
import { parseProfilePartial } from '../../../src/core/partial/profilePartialParse';
import { assertClose, splitCsv } from './partialHelpers';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = join(__dirname, '../../..');
const REF = join(root, 'sample/loans_reference.csv');
const CUR = join(root, 'sample/loans_current.csv');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('drift from partial profiles: reference parts vs current parts = drift of the two files', function () {
  this.timeout(180_000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-partial-'));
  });
  after(() => engine?.close());
  const partialOf = async (file: string): Promise<ProfilePartial> =>
    parseProfilePartial(JSON.parse(JSON.stringify(await profilePartial(engine, await loadDataset(engine, file), { bins: 20, top: 10 }))), file);

  it('every statistic, p-value, threshold and verdict equals the file path, for uneven splits of both sides', async () => {
    const settings = { label: 'approved', prediction: 'predicted_approved' };
    const expected = await runDrift(engine, await loadDataset(engine, REF), await loadDataset(engine, CUR), settings);
    const refFiles = splitCsv(REF, mkdtempSync(join(dir, 'r-')), [1, 2000, -1]);
    const curFiles = splitCsv(CUR, mkdtempSync(join(dir, 'c-')), [1700, -1]);
    const ref = await Promise.all(refFiles.map(partialOf));
    const cur = await Promise.all(curFiles.map(partialOf));
    const merged = await driftFromPartials(engine, ref, cur, settings, { reference: refFiles, current: curFiles });
    const strip = (r: object) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'reference' || k === 'current' || k === 'path') && typeof v === 'string' ? null : v)) as unknown;
    assertClose(strip(merged), strip(expected), 1e-12, 'drift');
    assert.ok(JSON.stringify(expected).includes('"drifted":true'), 'the sample drifts somewhere');
    assert.ok(expected.columns.length >= 10);
    // The comparison can fail: without a reference part the drift differs.
    const short = await driftFromPartials(engine, ref.slice(0, 2), cur, settings, { reference: refFiles.slice(0, 2), current: curFiles });
    assert.throws(() => assertClose(strip(short), strip(expected), 1e-12, 'a part left out'), /a part left out/);
  });

  it('a column without a value map (more than 10,000 distinct values in a part) is refused, naming it', async () => {
    const [a] = splitCsv(REF, mkdtempSync(join(dir, 'v-')), [500, -1]);
    const pa = await partialOf(a!);
    const big = { ...pa, columns: pa.columns.map((c) => (c.name === 'income' ? { ...c, values: null } : c)) };
    await assert.rejects(driftFromPartials(engine, [big], [pa], {}, { reference: ['r.json'], current: ['c.json'] }), (e: unknown) => isInputError(e) && e.code === 'DRIFT_NEEDS_VALUES' && /'income' of r\.json/.test(e.message));
    const typed = { ...pa, columns: pa.columns.map((c) => (c.name === 'income' ? { ...c, type: 'BIGINT); DROP TABLE x; --' } : c)) };
    await assert.rejects(driftFromPartials(engine, [typed], [pa], {}, { reference: ['r.json'], current: ['c.json'] }), (e: unknown) => isInputError(e) && e.code === 'BAD_PARTIAL');
  });

  it('the CLI: profile --partial per file of each side, merge --reference … --current … = model-lens drift of the two files (report and exit code)', () => {
    const part = (file: string, name: string) => {
      const out = join(dir, name);
      const r = cli('profile', file, '--partial', '--out', out);
      assert.equal(r.status, 0, r.stderr);
      return out;
    };
    const [r0, r1] = splitCsv(REF, mkdtempSync(join(dir, 'cr-')), [999, -1]);
    const refs = [part(r0!, 'r0.json'), part(r1!, 'r1.json')];
    const cur = part(CUR, 'c0.json');
    const merged = cli('merge', '--reference', refs[0]!, '--reference', refs[1]!, '--current', cur, '--label', 'approved');
    const whole = cli('drift', REF, CUR, '--label', 'approved', '--no-config');
    assert.equal(merged.status, whole.status, merged.stderr);
    const strip = (t: string) => JSON.parse(t, (k, v) => ((k === 'reference' || k === 'current' || k === 'path') && typeof v === 'string' ? null : v)) as unknown;
    assertClose(strip(merged.stdout), strip(whole.stdout), 1e-12, 'CLI drift');
    assert.equal(cli('merge', '--reference', refs[0]!, refs[1]!, '--current', cur).status, 2, 'positional files with --reference are refused');
  });
});
