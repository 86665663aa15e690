// Runs inside the real extension host (code-server): issue 17's bad files through the editor commands.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bad files through the editor commands: clear errors, inputs unchanged, the host keeps answering (issue 17)', function () {
  this.timeout(240000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-host-bad-'));
  const f = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return vscode.Uri.file(p);
  };

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Runs `command` on `uri` and waits for the error it reports; checks its code or text. */
  async function expectError(command: string, args: unknown[], pattern: RegExp): Promise<void> {
    const a = await api();
    const before = a.lastError();
    await vscode.commands.executeCommand(command, ...args);
    const e = await waitFor(() => (a.lastError() !== before ? a.lastError() : undefined), 60000, `${command}'s error`);
    assert.match(`${e.code ?? ''} ${e.message}`, pattern);
    assert.doesNotMatch(e.message, /[\u001b\u0007]|Maximum call stack|Cannot read properties/);
  }

  it('datasets: a pipe, a device, cut Parquet and Arrow, bad JSON Lines, a 2.5 MB line, a control character', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', join(dir, 'zero.csv'));
    const sample = fixture('loans_small.csv').fsPath;
    const parquet = Buffer.alloc(64, 0);
    parquet.write('PAR1', 0, 'latin1');
    const cases: [vscode.Uri, RegExp][] = [
      [vscode.Uri.file(fifo), /NOT_A_FILE.*named pipe/],
      [vscode.Uri.file(join(dir, 'zero.csv')), /NOT_A_FILE.*character device/],
      [f('cut.parquet', parquet), /TRUNCATED.*incomplete Parquet/],
      [f('cut.arrow', Buffer.concat([Buffer.from('ARROW1\0\0'), Buffer.alloc(100, 7)])), /TRUNCATED.*incomplete Arrow/],
      [f('bad.jsonl', '{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n'), /line 3: not valid JSON/],
      [f('long.csv', `a,b\n1,x\n2,${'y'.repeat(2_500_000)}\n`), /LINE_TOO_LONG.*line 3.*Maximum line size/],
      [f('esc.csv', `a,b\n${'1,2\n'.repeat(40)}1,2,3\u001b]0;title\u0007\n`), /RAGGED_ROWS/],
    ];
    copyFileSync(sample, join(dir, 'unused.csv'));
    for (const [uri, pattern] of cases) await expectError('modelLens.profileDataset', [uri], pattern);
  });

  it('a glob-named dataset is read literally: glob[1].csv, not glob1.csv', async () => {
    const a = await api();
    const uri = f('glob[1].csv', `n\n${'7\n'.repeat(7)}`);
    f('glob1.csv', `n\n${'1\n'.repeat(20)}`);
    await vscode.commands.executeCommand('modelLens.profileDataset', uri);
    const p = await waitFor(() => a.profileOf(uri), 60000, 'the profile of glob[1].csv');
    assert.equal(p.rows, 7);
  });

  it('Predict on Dataset…: random bytes as a model; an output that links to the dataset or sits in a missing folder is refused', async () => {
    const data = vscode.Uri.file(join(dir, 'data.csv'));
    copyFileSync(fixture('loans_small.csv').fsPath, data.fsPath);
    const model = fixture('loan.xgb.json');
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 2654435761) >>> 24));
    await expectError('modelLens.predictModel', [f('random.onnx', bytes), data, vscode.Uri.file(join(dir, 'p.csv'))], /not a model file Model Lens can read.*ONNX/);
    const before = readFileSync(data.fsPath);
    symlinkSync(data.fsPath, join(dir, 'link.csv'));
    await expectError('modelLens.predictModel', [model, data, vscode.Uri.file(join(dir, 'link.csv'))], /BAD_OUTPUT.*refusing to overwrite an input/);
    await expectError('modelLens.predictModel', [model, data, vscode.Uri.file(join(dir, 'missing', 'p.csv'))], /BAD_OUTPUT.*does not exist/);
    assert.deepEqual(readFileSync(data.fsPath), before, 'the dataset is unchanged');
  });

  it('the extension host still answers: a good file profiles with the right row count', async () => {
    const a = await api();
    const uri = fixture('loans_small.csv');
    await vscode.commands.executeCommand('modelLens.profileDataset', uri);
    const rows = readFileSync(uri.fsPath, 'utf8').trim().split('\n').length - 1;
    const p = await waitFor(() => (a.profileOf(uri)?.rows === rows ? a.profileOf(uri) : undefined), 60000, 'the profile of loans_small.csv');
    assert.equal(p.rows, rows);
  });
});
