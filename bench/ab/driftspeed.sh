#!/bin/bash
# A/B of branch driftspeed (grouped category counts two statements at a time, src/core/drift/countColumns.ts)
# against main: model-lens drift of the 1,000 × 100k Parquet pair (where the count statements take most of the
# wall time), and with CASE=csv1m the 1M × 20 CSV pair, through bench/ab/ab.sh (alternating base / new, PAIRS
# pairs, wall / CPU / RSS / load, reports compared). A wall-time change (DuckDB's two threads both busy while the
# counts run): compare it on a quiet machine.
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [CASE=wide|csv1m] bench/ab/driftspeed.sh [BASE_DIR] (a built worktree
# of main; default /tmp/base-driftspeed). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DATA:-$HERE/../data}
case ${CASE:-wide} in
  csv1m) LABEL=1m-csv exec "$HERE/ab.sh" "${1:-/tmp/base-driftspeed}" "$D/bench_1m.csv" "$D/bench_1m_drift.csv" ;;
  *) LABEL=wide exec "$HERE/ab.sh" "${1:-/tmp/base-driftspeed}" "$D/wide_1000x100k.parquet" "$D/wide_1000x100k_cur.parquet" ;;
esac
