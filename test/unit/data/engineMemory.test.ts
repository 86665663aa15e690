import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { InputError } from '../../../src/core/errors';

/** Issue 18: the engine's memory limit never surfaces as an internal error; the message names the setting. */
describe('engine memory limit', () => {
  it('an out-of-memory query is InputError ENGINE_LIMIT naming modelLens.engine.memoryLimit and MODEL_LENS_MEMORY_LIMIT', async () => {
    const engine = await Engine.create({ threads: 1, memoryLimit: '32MB', preserveInsertionOrder: true });
    try {
      await assert.rejects(
        engine.run(`SELECT list(i ORDER BY i DESC)[1] AS x, string_agg(i::VARCHAR || repeat('x', 200), ',') AS s FROM range(2000000) t(i)`),
        (e: unknown) => e instanceof InputError && e.code === 'ENGINE_LIMIT' && /modelLens\.engine\.memoryLimit/.test(e.message) && /MODEL_LENS_MEMORY_LIMIT/.test(e.message) && /32MB/.test(e.message),
      );
    } finally {
      engine.close();
    }
  });
});
