#!/bin/bash
# A/B of branch profile2 against main: the wide profile's batches take numeric columns' min, max and finite count
# from their sorted values (src/core/profile/profileDataset.ts, profileSql.ts, sortedValues.ts extremesOf), so the
# batch first pass computes only their mean and std. model-lens profile of the 1,000 × 100k Parquet file
# (CASE=wide, default) or the 10,000 × 10k one (CASE=wide10k), through bench/ab/ab.sh (alternating base / new,
# PAIRS pairs, wall / CPU / RSS / load, reports compared byte for byte).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [CASE=wide|wide10k] bench/ab/profile2.sh [BASE_DIR] (a built worktree
# of main; default /tmp/base-profile2). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DATA:-$HERE/../data}
case ${CASE:-wide} in
  wide10k) F=wide_10000x10k.parquet ;;
  *) F=wide_1000x100k.parquet ;;
esac
CMD=profile LABEL=${CASE:-wide} exec "$HERE/ab.sh" "${1:-/tmp/base-profile2}" "$D/$F"
