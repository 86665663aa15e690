// Times the profile's numeric stream alone (streamedNumeric.ts) on a Parquet file: wall and process CPU.
// Usage: npx tsx bench/profile/streamOnly.ts FILE
import { Engine } from '../../src/core/data/engine';
import { loadDataset } from '../../src/core/data/loadDataset';
import { asExecutor, sourceOf } from '../../src/core/plan/target';
import { planStream, runStream } from '../../src/core/profile/streamedNumeric';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const engine = await Engine.create({ preserveInsertionOrder: false });
  const ds = await loadDataset(engine, file!);
  const exec = asExecutor(engine);
  const plan = await planStream(exec, sourceOf(ds), ds.columns);
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  await runStream(exec, sourceOf(ds), ds.columns, plan, 20);
  const u = process.cpuUsage(u0);
  console.log(`${plan.streamed.size} columns: ${(performance.now() - t0).toFixed(0)} ms wall, ${((u.user + u.system) / 1000).toFixed(0)} ms CPU`);
  engine.close();
}
void main();
