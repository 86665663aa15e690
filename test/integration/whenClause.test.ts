// The manifest checks in activation.test.ts rely on this evaluator, so it is checked on clauses whose
// meaning is fixed by the VS Code docs (when-clause-contexts: operators and precedence).
import * as assert from 'node:assert/strict';
import { evaluateWhen } from './whenClause';

describe('when-clause evaluator', () => {
  const csv = { resourceExtname: '.csv', resourceLangId: 'csv', explorerResourceIsFolder: false };
  const txt = { resourceExtname: '.txt', resourceLangId: 'plaintext', explorerResourceIsFolder: false };

  it('compares with == and != and reads bare keys', () => {
    assert.equal(evaluateWhen('resourceExtname == .csv', csv), true);
    assert.equal(evaluateWhen('resourceExtname == .csv', txt), false);
    assert.equal(evaluateWhen("resourceLangId != 'csv'", txt), true);
    assert.equal(evaluateWhen('explorerResourceIsFolder', csv), false);
    assert.equal(evaluateWhen('!explorerResourceIsFolder', csv), true);
    assert.equal(evaluateWhen('unknownKey', csv), false);
  });

  it('matches regular expressions with flags', () => {
    const clause = 'resourceExtname =~ /^\\.(csv|tsv)$/i';
    assert.equal(evaluateWhen(clause, { resourceExtname: '.TSV' }), true);
    assert.equal(evaluateWhen(clause, txt), false);
    assert.equal(evaluateWhen('resourceFilename =~ /\\.csv$/', { resourceFilename: 'a.csv.bak' }), false);
  });

  it('gives ! precedence over && and && over ||', () => {
    // false || (true && false) = false; a left-to-right reading would give (false || true) && false = false too,
    // so also check true || (false && false) = true, which left-to-right gets wrong.
    assert.equal(evaluateWhen('resourceExtname == .txt || resourceExtname == .csv && explorerResourceIsFolder', csv), false);
    assert.equal(evaluateWhen('resourceExtname == .csv || resourceExtname == .txt && explorerResourceIsFolder', csv), true);
    assert.equal(evaluateWhen('!(resourceExtname == .csv) && !explorerResourceIsFolder', txt), true);
  });

  it('supports in and not in over array context values', () => {
    const ctx = { ...csv, exts: ['.csv', '.tsv'] };
    assert.equal(evaluateWhen('resourceExtname in exts', ctx), true);
    assert.equal(evaluateWhen('resourceExtname not in exts', ctx), false);
    assert.equal(evaluateWhen('resourceExtname in exts', { ...txt, exts: ['.csv'] }), false);
  });

  it('rejects syntax it does not understand instead of guessing', () => {
    assert.throws(() => evaluateWhen('resourceExtname == .csv )', csv), /unexpected text/);
    assert.throws(() => evaluateWhen('(resourceExtname == .csv', csv), /missing \)/);
  });
});
