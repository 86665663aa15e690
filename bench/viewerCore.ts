// Benchmark helper for bench/viewer.mjs, run with `node --require tsx/cjs` in a fresh process: the data viewer's
// work in the extension host (src/core/viewer), timed step by step on one file, with CPU time and peak RSS.
// Usage: node --require tsx/cjs bench/viewerCore.ts <file> <numeric sort column> <filter>
import { openSandboxed } from '../src/core/viewer/sandbox';
import { ViewerTable } from '../src/core/viewer/viewerTable';

async function main(): Promise<void> {
  const [file, sortColumn, filter] = process.argv.slice(2) as [string, string, string];
  const steps: Record<string, { ms: number; cpuMs: number }> = {};
  const time = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await body();
    const c = process.cpuUsage(c0);
    steps[name] = { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
    return r;
  };
  const { engine, dataset } = await time('firstPage', async () => {
    const o = await openSandboxed(file);
    const t = await ViewerTable.create(o.engine, o.dataset);
    await t.page(0, 100);
    return { ...o, table: t };
  });
  const table = await ViewerTable.create(engine, dataset);
  await time('sortFirstPage', async () => {
    await table.setView({ filter: '', quick: new Map(), sort: { column: sortColumn, descending: false } });
    return table.page(0, 100);
  });
  await time('sortDeepPage', () => table.page(Math.floor(dataset.rows / 2), 100));
  await time('filterCount', () => table.setView({ filter, quick: new Map() }));
  await time('filterPage', () => table.page(0, 100));
  const ru = process.resourceUsage();
  await table.release();
  engine.close();
  console.log(JSON.stringify({ rows: dataset.rows, steps, maxRssMiB: ru.maxRSS / 1024 }));
}

void main();
