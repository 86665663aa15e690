#!/bin/bash
# A/B of branch drift10m (ambiguous buckets read again as DuckDB's grouped, ordered runs: src/core/drift/bucketRuns.ts)
# against main, through bench/ab/ab.sh (alternating base / new, wall / CPU / RSS / load, reports compared):
# model-lens drift of the 10M Parquet pair (PAIRS10 pairs, default 2), then of the 1M Parquet pair, the 1M CSV pair
# and the 1M Parquet file against its edited copy (PAIRS pairs each, default 3).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [PAIRS10=n] bench/ab/drift10m.sh [BASE_DIR] (a built worktree of main;
# default /work/wt/drift10m-base). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${1:-/work/wt/drift10m-base}
D=${DATA:-$HERE/../data}
PAIRS=${PAIRS10:-2} LABEL=10m-parquet "$HERE/ab.sh" "$BASE" "$D/bench_10m.parquet" "$D/bench_10m_drift.parquet" || exit 1
LABEL=1m-parquet "$HERE/ab.sh" "$BASE" "$D/bench_1m.parquet" "$D/bench_1m_drift.parquet" || exit 1
LABEL=1m-csv "$HERE/ab.sh" "$BASE" "$D/bench_1m.csv" "$D/bench_1m_drift.csv" || exit 1
LABEL=1m-edited "$HERE/ab.sh" "$BASE" "$D/bench_1m.parquet" "$D/bench_1m_edited.parquet"
