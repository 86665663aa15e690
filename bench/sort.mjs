// Sort benchmark, called by bench/run.mjs (`npm run bench -- --only sort`): stats/sortDoubles, which profile, drift
// and evaluate sort doubles with, against Float64Array.prototype.sort (same result, checked by the unit tests).
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

export async function benchSort({ quick = false }) {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', `${root}bench/sortCore.ts`, ...(quick ? ['--quick'] : [])], { cwd: root, encoding: 'utf8' });
  const rows = JSON.parse(out.trim().split('\n').pop());
  console.log('\n## sort of doubles (stats/sortDoubles against Float64Array.prototype.sort, one thread, best of 3)');
  for (const r of rows) console.log(`${String(r.n).padStart(9)} ${r.kind.padEnd(17)} ${r.ms.toFixed(3).padStart(9)} ms | built-in ${r.nativeMs.toFixed(3).padStart(9)} ms | ${(r.nativeMs / r.ms).toFixed(1)}× faster`);
}
