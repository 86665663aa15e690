import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dvcInfo, dvcRevisions, dvcRevisionVersion } from '../../../src/core/versions/sources/dvc';
import { gitLog, gitVersion, previousRevision } from '../../../src/core/versions/sources/git';
import { lastMetricValues, listRuns, mlflowVersion } from '../../../src/core/versions/sources/mlflow';
import { fileVersion, resolveVersion } from '../../../src/core/versions/sources/resolveVersion';
import { InputError } from '../../../src/core/errors';

const models = join(__dirname, '../../../sample/models');
const v1 = join(models, 'loan_xgb.json');
const v2 = join(models, 'loan_xgb_v2.json');
const md5 = (f: string) => createHash('md5').update(readFileSync(f)).digest('hex');

function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ml-versions-git-'));
  const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
  g('init', '-q', '-b', 'main');
  copyFileSync(v1, join(dir, 'model.json'));
  g('add', 'model.json');
  g('commit', '-q', '-m', 'first model');
  copyFileSync(v2, join(dir, 'model.json'));
  g('commit', '-q', '-am', 'deeper trees');
  return dir;
}

describe('versions sources: git', () => {
  let repo = '';
  before(() => (repo = gitRepo()));
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('lists the commits that touched the file, newest first, with author and message', async () => {
    const log = await gitLog(join(repo, 'model.json'));
    assert.deepEqual(log.map((c) => c.subject), ['deeper trees', 'first model']);
    assert.equal(log[0]!.author, 'Ada');
    assert.match(log[0]!.hash, /^[0-9a-f]{40}$/);
  });

  it('reads a revision into a temp copy byte for byte and removes it on dispose; the repo stays clean', async () => {
    const file = join(repo, 'model.json');
    const prev = await previousRevision(file);
    assert.equal(prev?.subject, 'first model');
    const v = await gitVersion(file, prev!.hash, prev!);
    assert.equal(md5(v.file), md5(v1));
    assert.equal(v.source, 'git');
    assert.equal(v.info['message'], 'first model');
    v.dispose?.();
    assert.equal(existsSync(v.file), false);
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' }), '');
  });

  it('previous of a modified working copy is HEAD', async () => {
    const file = join(repo, 'model.json');
    copyFileSync(v1, file);
    try {
      assert.equal((await previousRevision(file))?.subject, 'deeper trees');
    } finally {
      execFileSync('git', ['checkout', '-q', '--', 'model.json'], { cwd: repo });
    }
  });

  it('git:REV through resolveVersion; a bad revision or an option-like one is an InputError', async () => {
    const v = await resolveVersion('git:HEAD~1', join(repo, 'model.json'));
    assert.equal(md5(v.file), md5(v1));
    v.dispose?.();
    await assert.rejects(resolveVersion('git:nope', join(repo, 'model.json')), (e: unknown) => e instanceof InputError && e.code === 'GIT_REVISION');
    await assert.rejects(resolveVersion('git:--output=x', join(repo, 'model.json')), (e: unknown) => e instanceof InputError && e.code === 'BAD_ARGUMENT');
    await assert.rejects(resolveVersion('git:HEAD', v1.replace('loan_xgb.json', 'nope.json')), (e: unknown) => e instanceof InputError);
  });
});

describe('versions sources: MLflow mlruns', () => {
  const mlruns = join(models, 'mlruns');

  it('lists both runs with params, final metric values (last step), tags, model artifacts and registry versions', () => {
    const runs = listRuns(mlruns);
    assert.deepEqual(runs.map((r) => r.runName), ['xgb-depth4', 'xgb-depth5']);
    assert.equal(runs[0]!.params['max_depth'], '4');
    assert.equal(runs[1]!.experimentName, 'loan-approval');
    assert.deepEqual(runs[1]!.registered, ['loan-approval v2 (Production)']);
    assert.equal(md5(runs[0]!.models[0]!), md5(v1));
    // The metric file holds two steps; the report uses the last one (independent read of the file).
    const lines = readFileSync(join(mlruns, '1', runs[0]!.runId, 'metrics', 'val_auc'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(runs[0]!.metrics['val_auc'], Number(lines[1]!.split(' ')[1]));
  });

  it('the last value is by step, not by line order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-metrics-'));
    writeFileSync(join(dir, 'loss'), '1000 0.5 2\n900 0.9 0\n1100 0.7 1\n');
    assert.deepEqual({ ...lastMetricValues(dir) }, { loss: 0.5 }); // a null-prototype dict (keys are user text)
    rmSync(dir, { recursive: true });
  });

  it('mlflow:RUN_ID by id prefix or run name; unknown runs list the valid ones', () => {
    const v = mlflowVersion('9f8e7d6c', models);
    assert.equal(v.source, 'mlflow');
    assert.equal(md5(v.file), md5(v2));
    assert.equal(mlflowVersion('xgb-depth4', models).params['eta'], '0.1');
    assert.throws(() => mlflowVersion('zzz', models), (e: unknown) => e instanceof InputError && e.code === 'MLFLOW_RUN' && /xgb-depth4/.test(e.message));
  });

  it('a model file inside a run brings the run records', () => {
    const run = listRuns(mlruns)[0]!;
    const v = fileVersion(run.models[0]!);
    assert.equal(v.metrics['val_logloss'], run.metrics['val_logloss']);
    assert.equal(v.info['run'], 'xgb-depth4');
  });
});

describe('versions sources: DVC', () => {
  const dvc = join(models, 'dvc');

  it('dvc.lock: md5 of the output, locked params and the metrics files of dvc.yaml', () => {
    const info = dvcInfo(join(dvc, 'model.json'))!;
    assert.equal(info.stage, 'train');
    assert.equal(info.md5, md5(join(dvc, 'model.json')));
    assert.equal(info.params['train.max_depth'], '5');
    const metrics = JSON.parse(readFileSync(join(dvc, 'metrics.json'), 'utf8')) as { val: { auc: number; logloss: number } };
    assert.deepEqual({ ...info.metrics }, { 'val.auc': metrics.val.auc, 'val.logloss': metrics.val.logloss });
    assert.equal(fileVersion(join(dvc, 'model.json')).info['dvcStage'], 'train');
  });

  it('no locked params: params.yaml as it is; YAML metrics files declared in dvc.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-versions-dvcyaml-'));
    try {
      writeFileSync(join(dir, 'model.json'), '{}');
      writeFileSync(join(dir, 'dvc.lock'), `schema: '2.0'\nstages:\n  fit:\n    cmd: x\n    outs:\n    - path: model.json\n      md5: 99914b932bd37a50b983c5e7c90ae93b\n`);
      writeFileSync(join(dir, 'dvc.yaml'), 'stages:\n  fit:\n    cmd: x\n    outs:\n    - model.json\n    metrics:\n    - scores.yaml\n');
      writeFileSync(join(dir, 'params.yaml'), 'fit:\n  eta: 0.3\n  layers: [8, 4]\n');
      writeFileSync(join(dir, 'scores.yaml'), 'test:\n  rmse: 1.25\n  note: ok\n');
      const info = dvcInfo(join(dir, 'model.json'))!;
      assert.deepEqual({ ...info.params }, { 'fit.eta': '0.3', 'fit.layers': '[8,4]' });
      assert.deepEqual({ ...info.metrics }, { 'test.rmse': 1.25 });
      assert.equal(info.stage, 'fit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a .dvc file gives the md5; an untracked file has no DVC info', () => {
    assert.equal(dvcInfo(join(dvc, 'baseline.json'))?.md5, md5(join(dvc, 'baseline.json')));
    assert.equal(dvcInfo(v1), null);
  });

  it('revisions come from the git history of dvc.lock and the content from the DVC cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-versions-dvc-'));
    try {
      const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'a@x', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'a@x' } });
      g('init', '-q');
      const cache = (f: string) => {
        const h = md5(f);
        mkdirSync(join(dir, '.dvc', 'cache', 'files', 'md5', h.slice(0, 2)), { recursive: true });
        copyFileSync(f, join(dir, '.dvc', 'cache', 'files', 'md5', h.slice(0, 2), h.slice(2)));
      };
      const lock = (f: string) => writeFileSync(join(dir, 'dvc.lock'), `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: model.json\n      md5: ${md5(f)}\n`);
      cache(v1);
      cache(v2);
      lock(v1);
      g('add', 'dvc.lock');
      g('commit', '-q', '-m', 'train v1');
      lock(v2);
      g('commit', '-q', '-am', 'train v2');
      copyFileSync(v2, join(dir, 'model.json'));
      const revs = await dvcRevisions(join(dir, 'model.json'));
      assert.deepEqual(revs.map((r) => r.subject), ['train v2', 'train v1']);
      const old = dvcRevisionVersion(join(dir, 'model.json'), revs[1]!);
      assert.equal(md5(old.file), md5(v1));
      old.dispose?.();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
