#!/bin/bash
# A/B of branch driftcore against main through bench/ab/ab.sh (alternating base / new, PAIRS pairs, wall / CPU /
# RSS / load, reports compared): model-lens drift of the 1,000 × 100k Parquet pair (CASE=wide, default: a wide
# side's scan groups two at a time, a wall-time change), the 10M Parquet pair (CASE=10m: the first scan answered
# from Parquet statistics, a CPU change) or the 10M pair against its edited copy (CASE=10m-edited).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [CASE=wide|10m|10m-edited] bench/ab/driftcore.sh [BASE_DIR] (a built
# worktree of main; default /tmp/base-driftcore). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DATA:-$HERE/../data}
case ${CASE:-wide} in
  10m) LABEL=10m exec "$HERE/ab.sh" "${1:-/tmp/base-driftcore}" "$D/bench_10m.parquet" "$D/bench_10m_drift.parquet" ;;
  10m-edited) LABEL=10m-edited exec "$HERE/ab.sh" "${1:-/tmp/base-driftcore}" "$D/bench_10m.parquet" "$D/bench_10m_edited.parquet" ;;
  *) LABEL=wide exec "$HERE/ab.sh" "${1:-/tmp/base-driftcore}" "$D/wide_1000x100k.parquet" "$D/wide_1000x100k_cur.parquet" ;;
esac
