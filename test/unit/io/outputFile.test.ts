import assert from 'node:assert/strict';
import { chmodSync, existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { OutputFile, writeOutputFile } from '../../../src/core/io/outputFile';

const dir = () => mkdtempSync(join(tmpdir(), 'ml-out-'));
const code = (e: unknown) => (e instanceof InputError ? e.code : String(e));

describe('core/io/outputFile (issue 17 item 1: links and atomic writes)', () => {
  it('refuses a target that is an input, a symbolic link to one, a hard link to one, or that an input links to', () => {
    const d = dir();
    const input = join(d, 'in.csv');
    writeFileSync(input, 'a\n1\n');
    symlinkSync(input, join(d, 'sym.csv'));
    linkSync(input, join(d, 'hard.csv'));
    writeFileSync(join(d, 'report.json'), '{}');
    symlinkSync(join(d, 'report.json'), join(d, 'in2.csv')); // the input is a link to the output
    for (const [target, inputs, how] of [
      ['in.csv', [input], /is the input file/],
      ['sym.csv', [input], /through a symbolic link/],
      ['hard.csv', [input], /through a hard link/],
      ['report.json', [join(d, 'in2.csv')], /through a symbolic link/],
    ] as const) {
      assert.throws(() => OutputFile.prepare(join(d, target), { inputs }), (e) => code(e) === 'BAD_OUTPUT' && how.test((e as Error).message), target);
    }
    assert.equal(readFileSync(input, 'utf8'), 'a\n1\n');
    assert.equal(readFileSync(join(d, 'report.json'), 'utf8'), '{}');
  });

  it('bad targets: a missing folder (not created), a folder, a read-only file, a dangling link, a block device', () => {
    const d = dir();
    writeFileSync(join(d, 'ro.json'), 'old');
    chmodSync(join(d, 'ro.json'), 0o444);
    symlinkSync(join(d, 'nowhere.json'), join(d, 'dangling.json'));
    const cases: [string, RegExp][] = [
      [join(d, 'missing', 'out.json'), /folder .*missing does not exist/],
      [d, /is a folder/],
      [join(d, 'ro.json'), /read-only/],
      [join(d, 'dangling.json'), /symbolic link to a file that does not exist/],
    ];
    if (existsSync('/dev/loop0') && statSync('/dev/loop0').isBlockDevice()) cases.push(['/dev/loop0', /block device/]);
    for (const [target, why] of cases) assert.throws(() => OutputFile.prepare(target, { inputs: [] }), (e) => code(e) === 'BAD_OUTPUT' && why.test((e as Error).message), target);
    assert.equal(existsSync(join(d, 'missing')), false, 'the missing folder was not created');
    assert.equal(readFileSync(join(d, 'ro.json'), 'utf8'), 'old');
  });

  it('makeParents creates the folder (for Model Lens\' own .modellens/baselines)', async () => {
    const d = dir();
    await writeOutputFile(join(d, '.modellens', 'baselines', 'x.json'), '{}\n', { inputs: [], makeParents: true });
    assert.equal(readFileSync(join(d, '.modellens', 'baselines', 'x.json'), 'utf8'), '{}\n');
  });

  it('replaces a file atomically, keeps its permissions, and leaves no temporary file', async () => {
    const d = dir();
    const target = join(d, 'report.json');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    await writeOutputFile(target, 'new', { inputs: [] });
    assert.equal(readFileSync(target, 'utf8'), 'new');
    assert.equal(statSync(target).mode & 0o777, 0o640);
    OutputFile.prepare(target, { inputs: [] }).writeAllSync('newer');
    assert.equal(readFileSync(target, 'utf8'), 'newer');
    assert.deepEqual(readdirSync(d), ['report.json']);
  });

  it('writes through a symbolic link to the file it names (the link stays)', async () => {
    const d = dir();
    writeFileSync(join(d, 'latest.json'), 'old');
    symlinkSync(join(d, 'latest.json'), join(d, 'report.json'));
    await writeOutputFile(join(d, 'report.json'), 'new', { inputs: [] });
    assert.equal(readFileSync(join(d, 'latest.json'), 'utf8'), 'new');
    assert.ok(statSync(join(d, 'report.json')).isFile());
  });

  it('a stream that is aborted (failed or cancelled run) leaves the previous file intact and no partial file', async () => {
    const d = dir();
    const target = join(d, 'pred.csv');
    writeFileSync(target, 'previous');
    const out = await OutputFile.prepare(target, { inputs: [] }).open();
    await out.write('index,prediction\n');
    await out.write('0,0.5\n');
    assert.equal(readdirSync(d).length, 2, 'a temporary file beside the target while writing');
    await out.abort();
    assert.equal(readFileSync(target, 'utf8'), 'previous');
    assert.deepEqual(readdirSync(d), ['pred.csv']);
  });

  it('writeWithPath: a writer that writes the path itself gets an empty temporary file; success replaces the target with its permissions, failure leaves it as it was', async () => {
    const d = dir();
    const target = join(d, 'rows.parquet');
    writeFileSync(target, 'previous');
    chmodSync(target, 0o600);
    const out = OutputFile.prepare(target, { inputs: [] });
    await assert.rejects(out.writeWithPath(async (temp) => {
      assert.notEqual(temp, target);
      assert.equal(readFileSync(temp, 'utf8'), '', 'handed an empty file');
      writeFileSync(temp, 'half');
      throw new Error('engine failed');
    }), /engine failed/);
    assert.equal(readFileSync(target, 'utf8'), 'previous');
    assert.deepEqual(readdirSync(d), ['rows.parquet'], 'the temporary file is removed');
    const n = await out.writeWithPath(async (temp) => {
      writeFileSync(temp, 'complete');
      return 42;
    });
    assert.equal(n, 42);
    assert.equal(readFileSync(target, 'utf8'), 'complete');
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(d), ['rows.parquet']);
  });

  it('noReplace never overwrites an existing file', async () => {
    const d = dir();
    writeFileSync(join(d, 'modellens.yml'), 'mine');
    await assert.rejects(writeOutputFile(join(d, 'modellens.yml'), 'starter', { inputs: [], noReplace: true }), (e) => code(e) === 'BAD_OUTPUT');
    assert.equal(readFileSync(join(d, 'modellens.yml'), 'utf8'), 'mine');
    await writeOutputFile(join(d, 'new.yml'), 'starter', { inputs: [], noReplace: true });
    assert.equal(readFileSync(join(d, 'new.yml'), 'utf8'), 'starter');
  });

  it('character devices are written directly; a write error is one BAD_OUTPUT message', async () => {
    await writeOutputFile('/dev/null', 'x', { inputs: [] });
    if (existsSync('/dev/full')) {
      assert.throws(() => OutputFile.prepare('/dev/full', { inputs: [] }).writeAllSync('x'), (e) => code(e) === 'BAD_OUTPUT' && /no space left/.test((e as Error).message));
      await assert.rejects(writeOutputFile('/dev/full', 'x', { inputs: [] }), (e) => code(e) === 'BAD_OUTPUT');
    }
  });
});
