#!/bin/bash
# A/B of branch overtime4 (the first pass started early, overlapping the plan's scans) against main: drift over time of one file (`--time-column day --window week`, 52 weekly
# windows each against the first) on the 1M Parquet and CSV files, and with BIG=1 the 10M Parquet file, through
# bench/ab/ab.sh (alternating base / new, PAIRS pairs, wall / CPU / RSS / load, reports compared).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [BIG=1] bench/ab/overtime4.sh [BASE_DIR] (a built worktree of main;
# default /tmp/base-overtime4). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DATA:-$HERE/../data}
D=$(cd "$D" && pwd -P)
BASE=${1:-/tmp/base-overtime4}
WEEKLY=(--time-column day --window week)
LABEL=ot-1m-pq "$HERE/ab.sh" "$BASE" "$D/bench_1m.parquet" "${WEEKLY[@]}" || exit 1
LABEL=ot-1m-csv "$HERE/ab.sh" "$BASE" "$D/bench_1m.csv" "${WEEKLY[@]}" || exit 1
if [ "${BIG:-0}" = 1 ]; then LABEL=ot-10m "$HERE/ab.sh" "$BASE" "$D/bench_10m.parquet" "${WEEKLY[@]}" || exit 1; fi
