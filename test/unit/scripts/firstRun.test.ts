// First run (issue 22): what `npm start` says when system packages are missing or apt is locked.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Installer {
  missingPackages(wanted: string[], query: (p: string) => boolean): string[];
  installAdvice(missing: string[], o: { hasApt: boolean; hasSudo: boolean }): string;
  aptLockAdvice(output: string): string | undefined;
}
// A real dynamic import (the script is an ES module; this test file is compiled to CommonJS).
// eslint-disable-next-line no-new-func -- a real import() of an ES module from this CommonJS-compiled test
const load = new Function('u', 'return import(u)') as (u: string) => Promise<Installer>;
const installer = () => load(pathToFileURL(join(__dirname, '..', '..', '..', 'scripts', 'installCodeServer.mjs')).href);

describe('first run: installCodeServer advice', () => {
  it('lists only the packages dpkg does not have', async () => {
    const { missingPackages } = await installer();
    assert.deepEqual(missingPackages(['ripgrep', 'pkg-config', 'g++'], (p) => p === 'pkg-config'), ['ripgrep', 'g++']);
  });

  it('puts sudo on both apt-get commands for a non-root user (regression: the second half ran without sudo)', async () => {
    const { installAdvice } = await installer();
    const text = installAdvice(['ripgrep', 'libkrb5-dev'], { hasApt: true, hasSudo: true });
    assert.match(text, /sudo apt-get update && sudo apt-get install -y ripgrep libkrb5-dev/);
    assert.doesNotMatch(text, /&& apt-get/);
  });

  it('falls back to su when there is no sudo, and to package names without apt', async () => {
    const { installAdvice } = await installer();
    assert.match(installAdvice(['ripgrep'], { hasApt: true, hasSudo: false }), /su -c 'apt-get update && apt-get install -y ripgrep'/);
    const noApt = installAdvice(['ripgrep'], { hasApt: false, hasSudo: true });
    assert.match(noApt, /no apt-get/);
    assert.match(noApt, /ripgrep/);
  });

  it('explains a held apt lock with the process that holds it', async () => {
    const { aptLockAdvice } = await installer();
    const out = 'E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)\nE: Unable to acquire the dpkg frontend lock';
    const advice = aptLockAdvice(out);
    assert.ok(advice);
    assert.match(advice, /process 4242 \(unattended-upgr\) holds its lock/);
    assert.match(advice, /Wait until that process finishes/);
    assert.equal(aptLockAdvice('E: Unable to locate package ripgrepp'), undefined);
  });
});
