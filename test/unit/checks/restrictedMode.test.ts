// Restricted Mode is structural (issue 17 item 7): core code cannot load a model or read a model card without being
// handed a ModelAccess, and only the CLI and src/extension/trust.ts may grant one (an ESLint rule, checked here).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/core/checks/config';
import { runChecks } from '../../../src/core/checks/runChecks';
import type { ChecksReport } from '../../../src/core/checks/types';
import { Engine } from '../../../src/core/data/engine';
import { InputError } from '../../../src/core/errors';
import { grantModelAccess, grantModelViewAccess } from '../../../src/core/models/modelAccess';

const root = join(__dirname, '../../..');
const SECRET = 'TOP-SECRET-4c1d';

/** A workspace with an ONNX and an XGBoost model, a card outside it, a fairness check scored by a model, a comparison. */
function workspace(card: string): { cfg: string; dir: string } {
  const outer = mkdtempSync(join(tmpdir(), 'ml-restricted-'));
  writeFileSync(join(outer, 'secret.md'), `# ${SECRET}\n`);
  const dir = join(outer, 'ws');
  mkdirSync(dir);
  copyFileSync(join(root, 'test/fixtures/onnx/rf_classifier.onnx'), join(dir, 'rf.bin')); // ONNX by content, not name
  copyFileSync(join(root, 'sample/models/loan_xgb.json'), join(dir, 'tree.json'));
  writeFileSync(join(dir, 'MODEL_CARD.md'), '# Loan model card\n');
  symlinkSync(join(outer, 'secret.md'), join(dir, 'linked.md'));
  writeFileSync(join(dir, 'notes.env'), `TOKEN=${SECRET}\n`);
  const data = join(root, 'sample/loans_current.csv');
  const text = `version: 1
models:
  onnx:
    path: rf.bin
    card: ${card}
  tree:
    path: tree.json
checks:
  fairness:
    - data: ${data}
      model: tree
      label: approved
      sensitive: [gender]
  comparisons:
    - a: tree.json
      b: tree.json
`;
  const cfg = join(dir, 'modellens.yml');
  writeFileSync(cfg, text);
  return { cfg, dir };
}

async function run(cfg: string, dir: string, granted: boolean): Promise<ChecksReport> {
  const { readFileSync } = await import('node:fs');
  const engine = await Engine.create();
  try {
    return await runChecks(parseConfig(readFileSync(cfg, 'utf8'), cfg), { engine, baseDir: dir, ...(granted ? { models: grantModelAccess() } : {}) });
  } finally {
    engine.close();
  }
}

describe('Restricted Mode is structural (issue 17 item 7)', function () {
  this.timeout(120000);

  it('without a ModelAccess: no model is parsed, no card is read, model-scored checks and comparisons end in error', async () => {
    const { cfg, dir } = workspace('../secret.md');
    const r = await run(cfg, dir, false);
    assert.doesNotMatch(JSON.stringify(r), new RegExp(SECRET));
    for (const m of r.models) {
      assert.deepEqual(Object.keys(m).sort(), ['error', 'name', 'path'], `${m.name}: only name, path and why`);
      assert.match(m.error!, /not read in Restricted Mode/);
    }
    const byKind = new Map(r.checks.map((c) => [c.kind, c]));
    assert.equal(byKind.get('fairness')!.status, 'error');
    assert.match(byKind.get('fairness')!.summary, /Scoring with .*tree\.json loads a model, which Model Lens does not do in Restricted Mode/);
    assert.equal(byKind.get('comparison')!.status, 'error');
    assert.match(byKind.get('comparison')!.summary, /Comparing model versions loads a model/);
  });

  it('with a ModelAccess: models are described; a card outside the configuration and model folders (path or link), or not a text file, is refused', async () => {
    for (const [card, why] of [['../secret.md', /is outside the configuration's folder .* and the model's folder/], ['linked.md', /is outside/], ['notes.env', /is not a Markdown or text file/]] as const) {
      const { cfg, dir } = workspace(card);
      const r = await run(cfg, dir, true);
      assert.doesNotMatch(JSON.stringify(r), new RegExp(SECRET), card);
      const onnx = r.models.find((m) => m.name === 'onnx')!;
      assert.equal(onnx.kind, 'onnx');
      assert.match(onnx.error!, why);
      const tree = r.models.find((m) => m.name === 'tree')!;
      assert.equal(tree.kind, 'xgboost');
      assert.equal(tree.card, '# Loan model card\n', 'a card beside the model, inside the folder, is read');
      assert.notEqual(r.checks.find((c) => c.kind === 'fairness')!.status, 'error');
    }
  });

  it('the view-only access parses tree models, refuses ONNX by content (any name) and reads no card', () => {
    const { dir } = workspace('x.md');
    const view = grantModelViewAccess();
    assert.equal(view.read(join(dir, 'tree.json')).kind, 'xgboost');
    assert.throws(() => view.read(join(dir, 'rf.bin')), (e: unknown) => e instanceof InputError && e.code === 'UNTRUSTED_WORKSPACE' && /ONNX model/.test(e.message));
    assert.throws(() => view.readText(join(dir, 'MODEL_CARD.md')), (e: unknown) => e instanceof InputError && e.code === 'UNTRUSTED_WORKSPACE');
  });

  it('ESLint: only the CLI, src/extension/trust.ts and the models folder itself may load models or grant access', async () => {
    const { ESLint } = await import('eslint');
    const config = ((await import(join(root, 'eslint.config.mjs'))) as { default: Array<{ languageOptions?: { parserOptions?: { projectService?: unknown } } }> }).default;
    // The type-aware rules need a project; the import rules do not.
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config.filter((c) => !c.languageOptions?.parserOptions?.projectService) as never });
    const cases: Array<[string, string, number]> = [
      ['src/core/checks/kinds/x.ts', "import { readModelFile } from '../../models/readModelFile';\nexport const f = readModelFile;\n", 1],
      ['src/core/models/x.ts', "import { loadModel } from './xgboost/loadModel';\nexport const f = loadModel;\n", 1],
      ['src/core/checks/x.ts', "import { grantModelAccess } from '../models/modelAccess';\nexport const f = grantModelAccess;\n", 1],
      ['src/core/checks/y.ts', "import { requireModelAccess, type ModelAccess } from '../models/modelAccess';\nexport const f = (a?: ModelAccess) => requireModelAccess(a, 'x');\n", 0],
      ['src/extension/models/x.ts', "import { grantModelAccess } from '../../core/models/modelAccess';\nexport const f = grantModelAccess;\n", 1],
      ['src/extension/models/y.ts', "import { readModelFile } from '../../core/models/readModelFile';\nexport const f = readModelFile;\n", 1],
      ['src/extension/trust.ts', "import { grantModelAccess } from '../core/models/modelAccess';\nexport const f = grantModelAccess;\n", 0],
      ['src/cli/commands/x.ts', "import { grantModelAccess } from '../../core/models/modelAccess';\nexport const f = grantModelAccess;\n", 0],
    ];
    for (const [filePath, code, errors] of cases) {
      const [res] = await eslint.lintText(code, { filePath: join(root, filePath) });
      const restricted = res!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.equal(restricted.length, errors, `${filePath}: ${JSON.stringify(res!.messages.map((m) => m.message))}`);
    }
  });
});
