import assert from 'node:assert/strict';
import type { VersionDiff } from '../../../src/core/versions/diffModels';
import { parseVersionsViewMsg, isVersionRef } from '../../../src/shared/versionsProtocol';
import { ciBar, ciScale, initialVersionsState, reduceVersions, visibleSlices } from '../../../webview/versions/state';

const slice = (value: string, worse: boolean) => ({ column: 'region', value, rows: 50, metric: 'accuracy', a: 0.7, b: 0.6, delta: -0.1, ci: [-0.2, -0.01], pValue: 0.01, adjustedP: 0.02, worse });
const diff = { slices: [slice('north', true), ...Array.from({ length: 12 }, (_, i) => slice(`s${i}`, false))] } as unknown as VersionDiff;

describe('versions panel state', () => {
  it('snapshot, loading keeps the last diff, failure, toggles', () => {
    const s = reduceVersions(initialVersionsState, { type: 'snapshot', diff });
    assert.equal(s.status, 'ready');
    const l = reduceVersions(s, { type: 'loading', message: 'scoring' });
    assert.equal(l.diff, diff);
    assert.equal(reduceVersions(l, { type: 'failed', message: 'x' }).error, 'x');
    assert.equal(reduceVersions(s, { type: 'toggleSlices' }).allSlices, true);
    assert.equal(reduceVersions(reduceVersions(s, { type: 'toggleParams' }), { type: 'toggleParams' }).allParams, false);
  });

  it('shows only worse slices unless asked; the 10 largest drops when none is worse', () => {
    assert.deepEqual(visibleSlices(diff, false).map((x) => x.value), ['north']);
    assert.equal(visibleSlices(diff, true).length, 13);
    assert.equal(visibleSlices({ slices: diff.slices.slice(1) } as unknown as VersionDiff, false).length, 10);
  });

  it('CI bars share one axis centred on zero', () => {
    const ms = [{ delta: 0.01, ci: [0.005, 0.02] as [number, number] }, { delta: -0.04, ci: [-0.05, -0.03] as [number, number] }];
    const scale = ciScale(ms);
    assert.equal(scale, 0.05);
    const close = (got: Record<string, number> | null, want: Record<string, number>) => {
      assert.ok(got);
      for (const k of Object.keys(want)) assert.ok(Math.abs(got[k]! - want[k]!) < 1e-12, `${k}: ${got[k]} vs ${want[k]}`);
    };
    close(ciBar(ms[1]!, scale), { lo: 0, hi: 0.2, point: 0.1, zero: 0.5 });
    close(ciBar(ms[0]!, scale), { lo: 0.55, hi: 0.7, point: 0.6, zero: 0.5 });
    assert.equal(ciBar({ delta: 0, ci: null }, 1), null);
  });

  it('messages and references are shape-checked', () => {
    assert.deepEqual(parseVersionsViewMsg({ type: 'versions/export', format: 'md' }), { type: 'versions/export', format: 'md' });
    assert.equal(parseVersionsViewMsg({ type: 'versions/export', format: 'exe' }), undefined);
    assert.equal(parseVersionsViewMsg({ type: 'nope' }), undefined);
    assert.equal(isVersionRef({ kind: 'git', path: '/m.json', rev: 'abc' }), true);
    assert.equal(isVersionRef({ kind: 'git', path: '/m.json' }), false);
    assert.equal(isVersionRef({ kind: 'mlflow', mlruns: '/x', runId: '' }), false);
  });
});
