import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { ENGINE_TEMP_BASE } from '../../../src/core/data/engineTemp';

const tempOf = async (e: Engine) => String((await e.run(`SELECT current_setting('temp_directory') AS d`))[0]?.['d']);

describe('data/engineTemp: every engine spills into a folder of its own', function () {
  this.timeout(120_000);

  it('two engines spill at once into different folders and both get the right answer; close removes the folder', async () => {
    const [a, b] = await Promise.all([Engine.create({ memoryLimit: '48MB', threads: 1 }), Engine.create({ memoryLimit: '48MB', threads: 1 })]);
    try {
      const [ta, tb] = await Promise.all([tempOf(a), tempOf(b)]);
      assert.notEqual(ta, tb);
      for (const t of [ta, tb]) assert.match(t, new RegExp(`^${ENGINE_TEMP_BASE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/engine-${process.pid}-[0-9a-f]+$`));
      // A sort of 3M rows with a payload does not fit in 48 MB: both engines spill while the other does.
      const q = (seed: number) => `SELECT sum(rn * (v % 7))::HUGEINT::VARCHAR AS s FROM (SELECT row_number() OVER (ORDER BY hash(i, ${seed})) AS rn, i AS v, repeat('x', 40) AS pad FROM range(3000000) t(i))`;
      let spilled = false;
      const watch = setInterval(() => {
        if ([ta, tb].some((t) => existsSync(t) && readdirSync(t).length > 0)) spilled = true;
      }, 20);
      const [ra, rb] = await Promise.all([a.run(q(1)), b.run(q(2))]);
      clearInterval(watch);
      const ref = await Engine.create({ memoryLimit: '4GB' });
      try {
        assert.deepEqual(ra, await ref.run(q(1)));
        assert.deepEqual(rb, await ref.run(q(2)));
      } finally {
        ref.close();
      }
      assert.ok(spilled, 'the query spilled to disk (otherwise this test proves nothing)');
      a.close();
      b.close();
      assert.ok(!existsSync(ta) && !existsSync(tb), 'close removes the engine\'s folder');
    } finally {
      a.close();
      b.close();
    }
  });

  it('folders of processes that have ended are removed when an engine starts; a running process\'s stay', async () => {
    const dead = join(ENGINE_TEMP_BASE, 'engine-999999999-abcdef');
    const live = join(ENGINE_TEMP_BASE, `engine-${process.ppid}-abcdef`);
    mkdirSync(join(dead, 'x'), { recursive: true });
    mkdirSync(live, { recursive: true });
    const e = await Engine.create();
    try {
      assert.ok(!existsSync(dead), 'a dead process\'s folder is removed');
      assert.ok(existsSync(live), 'a running process\'s folder stays');
    } finally {
      e.close();
      rmSync(live, { recursive: true, force: true });
    }
  });
});
