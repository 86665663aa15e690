import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { InputError } from '../../../../src/core/errors';
import { inflateLimit, readPickle, sniffPickle } from '../../../../src/core/models/pickle/readPickle';
import { NdArray, PyDict, PyObject, PySet, PyTuple, type PyValue } from '../../../../src/core/models/pickle/values';
import { loadModel } from '../../../../src/core/models/xgboost/loadModel';
import { arrayNumbers } from '../../../../src/core/models/pickle/ndarray';
import { mulberry32 } from '../../../../src/core/random';
import { SK_DIR } from '../sklearn/sklearnFixtures';

const b = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const su = (s: string): string => `\x8c${String.fromCharCode(Buffer.byteLength(s))}${Buffer.from(s).toString('latin1')}`;
const read = (bytes: Uint8Array | string): PyValue => readPickle(typeof bytes === 'string' ? b(bytes) : bytes, 'test.pkl').value;
const refused = (bytes: Uint8Array | string, code: string, message: RegExp): void => {
  assert.throws(() => read(bytes), (e: unknown) => e instanceof InputError && e.code === code && message.test(e.message) && /nothing was run/.test(e.message));
};

describe('pickle reader: every protocol read as data', () => {
  it('protocol 0 text opcodes: ints, booleans, longs, floats, quoted strings, raw-unicode text, tuples, lists, dicts, memo', () => {
    const v = read("(lp0\nI1\naI01\naL12345678901234567890L\naF-1.5e3\naFnan\naS'a\\'b\\x41\\n'\np1\naVcaf\\u00e9\naNag1\na(I2\nI3\ntp2\na(dp3\nS'k'\nI4\nsa.");
    assert.ok(Array.isArray(v));
    const [one, t, long, f, nan, s, u, none, again, tup, dict] = v as PyValue[];
    assert.equal(one, 1);
    assert.equal(t, true);
    assert.equal(long, 12345678901234567890n);
    assert.equal(f, -1500);
    assert.ok(Number.isNaN(nan as number));
    assert.equal(s, "a'bA\n");
    assert.equal(u, 'café');
    assert.equal(none, null);
    assert.equal(again, s);
    assert.ok(tup instanceof PyTuple && tup.items[0] === 2 && tup.items[1] === 3);
    assert.ok(dict instanceof PyDict && dict.get('k') === 4);
  });

  it('binary opcodes of protocols 1–5: ints of every width, LONG1, BINFLOAT, bytes, sets, frozensets, DUP, POP_MARK, FRAME', () => {
    const v = read(`\x80\x05\x95\x10\x00\x00\x00\x00\x00\x00\x00(J\xff\xff\xff\xffK\x07M\x00\x01\x8a\x02\x00\xff\x8a\x00G\x3f\xf8\x00\x00\x00\x00\x00\x00C\x02hi\x8f(K\x01K\x02\x90(K\x03\x91\x88\x89N2(K\x091l.`);
    assert.deepEqual((v as PyValue[]).slice(0, 6), [-1, 7, 256, -256, 0, 1.5]);
    const rest = (v as PyValue[]).slice(6);
    assert.deepEqual(rest[0], Uint8Array.from([104, 105]));
    assert.ok(rest[1] instanceof PySet && rest[1].items.length === 2);
    assert.ok(rest[2] instanceof PySet && rest[2].items[0] === 3);
    assert.deepEqual(rest.slice(3), [true, false, null, null]);
  });

  it('reads real estimators from pickle protocols 0, 2 and 5 and from joblib files, plain, zlib and gzip', () => {
    for (const file of ['containers_p0.pkl', 'containers_p2.pkl', 'containers_p5.pkl', 'pipe_ct_ridge.joblib', 'pipe_ct_rf.joblib', 'pipe_ct_gb.joblib']) {
      const r = readPickle(readFileSync(join(SK_DIR, file)), file);
      assert.ok(r.value instanceof PyObject, file);
    }
    assert.equal(readPickle(readFileSync(join(SK_DIR, 'containers_p0.pkl')), 'p0').protocol, 0);
    assert.equal(readPickle(readFileSync(join(SK_DIR, 'pipe_ct_rf.joblib')), 'z').container, 'zlib');
    assert.equal(readPickle(readFileSync(join(SK_DIR, 'pipe_ct_gb.joblib')), 'g').container, 'gzip');
  });

  it('a protocol-0 pickle is recognised as a pickle (issue 17), ordinary text and JSON are not', () => {
    assert.equal(sniffPickle(readFileSync(join(SK_DIR, 'containers_p0.pkl')).subarray(0, 256), 0x2e), 'pickle');
    assert.equal(sniffPickle(b('cat\ndog\n'), 0x0a), null);
    assert.equal(sniffPickle(b('{"learner": 1}'), 0x7d), null);
    assert.equal(sniffPickle(b('a,b\n1,2\n'), 0x0a), null);
    assert.equal(sniffPickle(deflateSync(Buffer.from('x')).subarray(0, 8)), 'zlib');
    assert.equal(sniffPickle(b('BZh91AY&SY')), 'bz2');
  });

  it('numpy arrays: shape × itemsize must equal the bytes present; Fortran order is read in C order', () => {
    const dtype = `${su('numpy')}${su('dtype')}\x93${su('f8')}\x89\x88\x87R(K\x03${su('<')}NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb`;
    const arr = (shape: string, fortran: boolean, data: Buffer): string =>
      `\x80\x04${su('numpy.core.multiarray')}${su('_reconstruct')}\x93${su('numpy')}${su('ndarray')}\x93K\x00\x85C\x01b\x87R(K\x01${shape}${dtype}${fortran ? '\x88' : '\x89'}C${String.fromCharCode(data.length)}${data.toString('latin1')}tb.`;
    const data = Buffer.alloc(48);
    [1, 2, 3, 4, 5, 6].forEach((x, i) => data.writeDoubleLE(x, i * 8));
    const f = read(arr('K\x02K\x03\x86', true, data));
    assert.ok(f instanceof NdArray);
    assert.deepEqual(Array.from(arrayNumbers(f, 'x')), [1, 3, 5, 2, 4, 6]);
    refused(arr('K\x07\x85', false, data), 'PICKLE_LIMIT', /shape \(7\) f8, 56 bytes, but holds 48 bytes/);
  });

  it('dict keys: text and integer keys stay apart, a later value for the same key replaces the earlier one', () => {
    const v = read(`\x80\x04}(K\x01${su('a')}${su('n1')}${su('b')}${su('s1')}${su('c')}K\x01${su('d')}u.`);
    assert.ok(v instanceof PyDict);
    assert.equal(v.size, 3);
    assert.equal(v.get('n1'), 'b');
    assert.equal(v.get('s1'), 'c');
    assert.deepEqual(v.values, ['d', 'b', 'c']);
  });

  it('prototype-named keys stay data: a state dict with __proto__ and constructor pollutes nothing', () => {
    const v = read(`\x80\x04}(${su('__proto__')}K\x01${su('constructor')}K\x02${su('toString')}N u.`.replace(' ', ''));
    assert.ok(v instanceof PyDict);
    assert.equal(v.get('__proto__'), 1);
    assert.equal(v.get('constructor'), 2);
    assert.equal(v.get('hasOwnProperty'), undefined);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

describe('pickle reader: refusals name what the file asks for, and nothing is run', () => {
  it('a name off the allow-list stops the read at GLOBAL / STACK_GLOBAL / INST, before anything is built', () => {
    refused(`\x80\x04${su('posix')}${su('system')}\x93${su('echo')}\x85R.`, 'PICKLE_REFUSED', /^test\.pkl asks for posix\.system; nothing was run/);
    refused("cos\nsystem\n(S'echo'\ntR.", 'PICKLE_REFUSED', /asks for os\.system/);
    refused("(S'echo'\nios\nsystem\n.", 'PICKLE_REFUSED', /asks for os\.system/);
    refused(`\x80\x02c__builtin__\neval\nX\x01\x00\x00\x001\x85R.`, 'PICKLE_REFUSED', /asks for builtins\.eval/);
    refused(`\x80\x04${su('builtins')}${su('getattr')}\x93.`, 'PICKLE_REFUSED', /asks for builtins\.getattr/);
    refused(`\x80\x04${su('sklearn.decomposition._pca')}${su('PCA')}\x93)\x81.`, 'PICKLE_REFUSED', /asks for sklearn\.decomposition\._pca\.PCA/);
  });

  it('persistent ids, extension codes and out-of-band buffers are refused', () => {
    refused('\x80\x02K\x01Q.', 'PICKLE_REFUSED', /persistent id/);
    refused('\x80\x02\x82\x01.', 'PICKLE_REFUSED', /extension code/);
    refused('\x80\x05\x97.', 'PICKLE_REFUSED', /out-of-band buffer/);
  });

  it('calling a value that is not an allowed constructor is refused (REDUCE on a tuple, on numpy.ndarray itself)', () => {
    refused('\x80\x04)\x85)R.', 'PICKLE_REFUSED', /calls a tuple/);
    refused(`\x80\x04${su('numpy')}${su('ndarray')}\x93K\x01\x85R.`, 'UNSUPPORTED_MODEL', /calls numpy\.ndarray directly/);
  });

  it('bounds: nesting depth, MARK depth, integer size, declared byte lengths', () => {
    refused(`\x80\x04${']'.repeat(300)}${'a'.repeat(299)}.`, 'PICKLE_LIMIT', /nests containers more than 200 levels/);
    refused(`\x80\x04${'('.repeat(300)}.`, 'PICKLE_LIMIT', /more than 200 nested MARKs/);
    refused('\x80\x04\x8b\x00\x00\x01\x00' + '\x00'.repeat(65536) + '.', 'PICKLE_LIMIT', /integer of 65536 bytes/);
    const t = Date.now();
    refused('\x80\x04\x8e\x00\x00\x00\x00\x00\x01\x00\x00.', 'PICKLE_LIMIT', /declares 1099511627776 bytes/);
    assert.ok(Date.now() - t < 200);
  });

  it('a memo bomb (a list holding the list before it ten times, 40 levels deep) is refused before it is walked', () => {
    const t = Date.now();
    refused(readFileSync(join(SK_DIR, 'malicious/memo_bomb.pkl')), 'PICKLE_LIMIT', /memo bomb/);
    assert.ok(Date.now() - t < 500);
  });

  it('arrays declaring 10 GB are refused from their declared size, without allocating it', () => {
    refused(readFileSync(join(SK_DIR, 'malicious/array_10gb.joblib')), 'PICKLE_LIMIT', /declares a joblib array of shape \(1250000000\) f8, 10,000,000,000 bytes, but only \d+ bytes remain/);
    refused(readFileSync(join(SK_DIR, 'malicious/array_10gb.pkl')), 'PICKLE_LIMIT', /declares a NumPy array of shape \(1250000000\) f8, 10\.0 GB, but holds 8 bytes/);
  });

  it('a compressed joblib file that inflates beyond its bound (100× its size, at least 256 MiB, at most 2 GiB) is refused as a likely bomb', () => {
    assert.equal(inflateLimit(1000), 256 * 2 ** 20);
    assert.equal(inflateLimit(10 * 2 ** 20), 1000 * 2 ** 20);
    assert.equal(inflateLimit(1e9), 2 ** 31 - 1);
    const bomb = deflateSync(Buffer.alloc(4 * 2 ** 20), { level: 9 });
    assert.throws(() => readPickle(bomb, 'bomb.joblib', { inflated: 2 ** 20 }), { code: 'PICKLE_LIMIT', message: /^bomb\.joblib inflates to more than 1 MiB .*decompression bomb; nothing was run/ });
    refused(gzipSync(Buffer.from('not a pickle at all')), 'BAD_PICKLE', /unknown opcode/);
    refused(Uint8Array.from([0x42, 0x5a, 0x68, 0x39, 0x31]), 'UNSUPPORTED_MODEL', /compressed with bz2/);
  });

  it('every truncation and random corruption of a real model file ends in an InputError, never a crash', () => {
    const good = readFileSync(join(SK_DIR, 'gb_multi.pkl'));
    const rng = mulberry32(7);
    const tries: Uint8Array[] = [];
    for (let cut = 1; cut < good.length; cut += 97) tries.push(good.subarray(0, cut));
    for (let k = 0; k < 150; k++) {
      const bad = Uint8Array.from(good);
      for (let flips = 0; flips < 3; flips++) bad[Math.floor(rng() * bad.length)] = Math.floor(rng() * 256);
      tries.push(bad);
    }
    for (const bytes of tries) {
      try {
        loadModel(bytes, 'gb_multi.pkl');
      } catch (e) {
        assert.ok(e instanceof InputError, `not an InputError: ${String(e)}`);
      }
    }
  });
});
