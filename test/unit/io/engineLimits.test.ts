import assert from 'node:assert/strict';
import { describeLimitError } from '../../../src/core/io/engineLimits';
import { InputError } from '../../../src/core/errors';

describe('core/io/engineLimits: engine limits are input problems with a fix (issue 17 item 15)', () => {
  it('DuckDB out of memory names the CLI variable or the VS Code setting', () => {
    const e = new Error('Out of Memory Error: failed to allocate data of size 2.0 MiB (952.7 MiB/953.6 MiB used)\n\nPossible solutions: …');
    assert.match(describeLimitError(e, 'cli')!.message, /ran out of memory \(failed to allocate data of size 2\.0 MiB .*\)\. .*MODEL_LENS_MEMORY_LIMIT=4GB/);
    assert.match(describeLimitError(e, 'extension')!.message, /modelLens\.engine\.memoryLimit/);
    assert.equal(describeLimitError(e, 'cli')!.code, 'ENGINE_LIMIT');
  });
  it('a full temporary folder, a report too large for a string, a failed allocation', () => {
    assert.match(describeLimitError(new Error('IO Error: Could not write file "/tmp/model-lens-duckdb/x.tmp": No space left on device'), 'cli')!.message, /temporary folder is full/);
    assert.match(describeLimitError(new RangeError('Invalid string length'), 'cli')!.message, /too large to hold as text/);
    assert.match(describeLimitError(new RangeError('Array buffer allocation failed'), 'extension')!.message, /Not enough memory/);
  });
  it('anything else is left alone', () => {
    assert.equal(describeLimitError(new TypeError('x is undefined'), 'cli'), undefined);
    assert.equal(describeLimitError(new InputError('BAD_ARGUMENT', 'no'), 'cli'), undefined);
    assert.equal(describeLimitError('text', 'cli'), undefined);
  });
});
