#!/bin/bash
# A/B of branch wideprof (the wide profile's column batches two at a time, src/core/profile/wideProfile.ts) against
# main: model-lens profile of the 1,000 × 100k Parquet file (CASE=wide, default), the 10,000 × 10k one (CASE=wide10k),
# or the 1M / 10M × 20 ones (CASE=1m, CASE=10m), through bench/ab/ab.sh (alternating base / new, PAIRS pairs,
# wall / CPU / RSS / load, reports compared byte for byte). A wall-time change (both cores busy while the batches
# run): compare it on a quiet machine.
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [CASE=wide|wide10k|1m|10m] bench/ab/wideprof.sh [BASE_DIR] (a built
# worktree of main; default /tmp/base-wideprof). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DATA:-$HERE/../data}
case ${CASE:-wide} in
  wide10k) F=wide_10000x10k.parquet ;;
  1m) F=bench_1m.parquet ;;
  10m) F=bench_10m.parquet ;;
  *) F=wide_1000x100k.parquet ;;
esac
CMD=profile LABEL=${CASE:-wide} exec "$HERE/ab.sh" "${1:-/tmp/base-wideprof}" "$D/$F"
