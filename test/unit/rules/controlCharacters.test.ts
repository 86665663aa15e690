import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors';
import { tokenize } from '../../../src/core/rules/lexer';
import { readRulesFile } from '../../../src/core/rules/readRulesFile';
import { checkRulesFile } from '../../../src/core/rules/rulesFile';

// Issue 17 item 13: a NUL inside a backtick name in a rules file was accepted and echoed.
describe('rules: NUL and control characters (issue 17 item 13)', () => {
  it('a raw NUL byte anywhere in a rules file is refused at its line and column, never echoed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-rules-nul-'));
    const file = join(dir, 'nul.rules.yml');
    writeFileSync(file, 'rules:\n  - id: price\n    expr: "`pri\u0000ce` >= 0"\n');
    assert.throws(() => readRulesFile(file), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.code, 'RULES_INVALID');
      assert.match(e.message, /nul\.rules\.yml:3:16: control character U\+0000 \(NUL\) in the rules file; rules files are plain text: remove it/);
      assert.ok(!e.message.includes('\u0000'), 'the NUL is not echoed');
      return true;
    });
    const { problems } = checkRulesFile('rules:\n  - id: a\u0007b\n    expr: x > 0\n');
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.message.slice(0, 25)]), [[2, 10, 'control character U+0007 ']]);
  });

  it('a NUL written as a YAML escape ("\\0") inside a backtick name is refused by the lexer with its position', () => {
    const { rules, problems } = checkRulesFile('rules:\n  - id: price\n    expr: "`pri\\0ce` >= 0"\n');
    assert.equal(rules.length, 0);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /control character U\+0000 in a quoted column name is not allowed/);
    assert.ok(!problems[0]!.message.includes('\u0000'));
  });

  it('tokenize: control characters in a backtick name are refused; a tab and ordinary names are kept', () => {
    for (const c of ['\u0000', '\u001b', '\n', '\u007f']) {
      assert.throws(() => tokenize(`\`a${c}b\` > 0`), (e: unknown) => e instanceof InputError && e.code === 'EXPR_SYNTAX' && /in a quoted column name/.test(e.message), JSON.stringify(c));
    }
    assert.equal(tokenize('`unit\tcost (€)` > 0')[0]!.text, 'unit\tcost (€)');
    assert.equal(tokenize('`a``b` > 0')[0]!.text, 'a`b');
  });
});
