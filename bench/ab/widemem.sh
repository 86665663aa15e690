#!/bin/bash
# A/B of branch widemem (category counts as sorted columns, SortedCounts) against main: model-lens drift of
# CASE = wide (1,000 × 100k Parquet pair, the default), 1m (1M × 20 Parquet pair) or overtime (1M Parquet,
# --time-column day --window week), through bench/ab/ab.sh (alternating base / new, PAIRS pairs, wall / CPU /
# RSS / load, reports compared).
# Usage: [CASE=wide|1m|overtime] [NEW_DIR=built worktree] [PAIRS=n] bench/ab/widemem.sh [BASE_DIR] (a built
# worktree of main; default /tmp/base-widemem). Data: $DATA or /work/benchdata (one path for both, so the reports compare).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CASE=${CASE:-wide}
D=${DATA:-/work/benchdata}
case $CASE in
  wide) ARGS=("$D/wide_1000x100k.parquet" "$D/wide_1000x100k_cur.parquet") ;;
  1m) ARGS=("$D/bench_1m.parquet" "$D/bench_1m_drift.parquet") ;;
  overtime) ARGS=("$D/bench_1m.parquet" --time-column day --window week) ;;
  *) echo "CASE is wide, 1m or overtime"; exit 2 ;;
esac
LABEL=$CASE exec "$HERE/ab.sh" "${1:-/tmp/base-widemem}" "${ARGS[@]}"
