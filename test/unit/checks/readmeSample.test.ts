import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChecksReport } from '../../../src/core/checks/types';
import { cli, root } from '../cli/modelCliHelpers';

describe('README: what the sample workspace\'s checks do (issue 17 item 14)', function () {
  this.timeout(120000);
  it('the README says how many of the sample\'s checks fail, and that many fail', () => {
    const r = cli('check', '--no-history', '--config', join(root, 'sample/modellens.yml'), '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as ChecksReport;
    const failed = report.checks.filter((c) => c.status === 'fail').length;
    const claim = /the sample is built to fail (\d+) of its (\d+) checks/.exec(readFileSync(join(root, 'README.md'), 'utf8'));
    assert.ok(claim, 'the README states how many sample checks fail');
    assert.deepEqual([Number(claim[1]), Number(claim[2])], [failed, report.checks.length], `README says ${claim[0]}; the run failed ${failed} of ${report.checks.length}`);
  });
});
