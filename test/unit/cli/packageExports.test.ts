import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

describe("package export 'model-lens/rules' (the runtime guard for serving code)", () => {
  it('resolves by package name and checks one record', function () {
    assert.ok(existsSync(join(root, 'dist/rules.js')), 'dist/rules.js is missing: run npm run build first (npm test does)');
    const script = `
      const { compileRules } = require('model-lens/rules');
      const check = compileRules('rules:\\n  - id: non-negative-price\\n    expr: predicted_price >= 0\\n    severity: error\\n');
      process.stdout.write(JSON.stringify([check({ predicted_price: -2 }).map((v) => v.id), check({ predicted_price: 5 }).length]));`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [['non-negative-price'], 0]);
  });
});
