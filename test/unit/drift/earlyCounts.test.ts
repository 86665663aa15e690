import assert from 'node:assert/strict';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { runDrift } from '../../../src/core/drift/runDrift';
import { table } from './engineTable';
import { withStream } from './streamWrap';

/**
 * planColumns: a narrow side's text columns get their category counts while the grid pass streams (their kind
 * needs only the scans); a wide side's wait for the pass, whose memory they would add to (1,000 × 100k Parquet:
 * 1,331 → 1,555 MiB when they overlapped).
 */
describe('drift: category counts of text columns beside the grid pass (narrow sides only)', function () {
  this.timeout(120000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  /** runDrift whose grid streams end only once a count statement has started (or after 2 s): the order of events. */
  async function order(numericColumns: number): Promise<string[]> {
    const u = (k: number, seed: number) => `((hash(i, ${k}, ${seed}) % 1000003)::DOUBLE + 0.5) / 1000003`;
    const side = (seed: number) => `SELECT ${Array.from({ length: numericColumns }, (_c, k) => `round(${u(k, seed)} * 100, 2) AS n${k}`).join(', ')}, (['a', 'b', 'c'])[1 + floor(${u(999, seed)} * 3)::BIGINT] AS g FROM range(3000) r(i)`;
    const ref = await table(engine, 'ec_ref', side(1));
    const cur = await table(engine, 'ec_cur', side(2));
    const events: string[] = [];
    let counted: () => void = () => undefined;
    const countStarted = new Promise<void>((resolve) => { counted = resolve; });
    const exec = withStream(engine, (stream) => async (...args) => {
      await stream(...args);
      await Promise.race([countStarted, new Promise((r) => setTimeout(r, 2000))]);
      events.push('stream end');
    });
    observeStatements((sql) => {
      if (/GROUP BY/i.test(sql) && /"g"/.test(sql)) {
        events.push('count g');
        counted();
      }
    });
    try {
      await runDrift(exec, ref, cur, {});
    } finally {
      observeStatements(undefined);
    }
    return events;
  }

  it('a narrow side counts g while its grid pass streams', async () => {
    const events = await order(4);
    assert.equal(events.indexOf('count g'), 0, events.join(', '));
  });

  it('a wide side (more than 64 columns) counts g after its grid pass', async () => {
    const events = await order(70);
    assert.ok(events.indexOf('count g') > events.indexOf('stream end'), events.join(', '));
  });
});
