#!/bin/bash
# A/B of branch overtime10m against main: drift over time (`--time-column day --window week`, 52 weekly windows
# and the first, each against the first) of the 10M-row Parquet file, then the 1M Parquet and CSV files; ab.sh's
# loop (alternating base / new, PAIRS pairs; wall, CPU = user + sys, peak RSS, load; reports compared).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [ONLY=10m|1m] bench/ab/overtime10m.sh BASE_DIR (a built worktree of main).
# Data: $DATA or bench/data.
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${1:?usage: bench/ab/overtime10m.sh BASE_DIR}
DATA=${DATA:-$HERE/../data}
export PAIRS=${PAIRS:-2}
if [ "${ONLY:-10m}" != 1m ]; then LABEL=ot10m "$HERE/ab.sh" "$BASE" "$DATA/bench_10m.parquet" --time-column day --window week || exit 1; fi
if [ "${ONLY:-1m}" != 10m ]; then
  for f in bench_1m.parquet bench_1m.csv; do LABEL=ot1m-${f##*.} "$HERE/ab.sh" "$BASE" "$DATA/$f" --time-column day --window week || exit 1; done
fi
