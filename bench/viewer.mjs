// `npm run bench -- --only viewer`: the data viewer (issue 19) on the 10M-row Parquet file — first page, numeric
// sort (first sorted page), a page in the middle of the sorted order, a filter's count and first page — each with
// wall and CPU time, and the peak RSS of the process doing the extension host's viewer work (bench/viewerCore.ts,
// src/core/viewer as the host runs it, in a fresh process). Targets: first rows < 1 s, numeric sort ≤ 3 s.
// --quick uses the 1M-row file instead.
import { execFileSync } from 'node:child_process';
import { ensureDataset } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;

function core(file) {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', `${root}bench/viewerCore.ts`, file, 'num_3', "num_2 > 30 AND cat_1 = 'north'"], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop());
}

const s = (x) => `${(x.ms / 1000).toFixed(2)} s (cpu ${(x.cpuMs / 1000).toFixed(2)} s)`;

export async function benchViewer({ quick }) {
  const rows = quick ? 1_000_000 : 10_000_000;
  console.log(`\n## data viewer (${rows.toLocaleString('en')} rows × 20 columns, Parquet)`);
  const files = await ensureDataset(quick ? 'bench_1m' : 'bench_10m', rows, { formats: ['parquet'] });
  for (let run = 1; run <= 2; run++) {
    const r = core(files.parquet);
    const st = r.steps;
    console.log(`run ${run}: first page ${s(st.firstPage)} (target < 1 s) | sort num_3, first page ${s(st.sortFirstPage)} (target ≤ 3 s) | sorted page at row ${Math.floor(r.rows / 2).toLocaleString('en')} ${s(st.sortDeepPage)} | filter count ${s(st.filterCount)}, first page ${s(st.filterPage)} | peak RSS ${r.maxRssMiB.toFixed(0)} MiB`);
  }
}
