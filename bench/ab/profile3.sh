#!/bin/bash
# A/B of the long Parquet profile (bench/ab/ab.sh's loop: alternating base / new, PAIRS pairs, wall / CPU / RSS /
# load, the scan of FILE after each pair), comparing each pair's JSON reports with bench/ab/profile3-compare.cjs:
# every number identical but a numeric column's mean and std, whose last digits DuckDB's parallel avg and
# stddev_samp change from run to run (main's build against itself too); for those the largest relative difference
# is printed.
# Usage: [NEW_DIR=built worktree] [PAIRS=n] bench/ab/profile3.sh BASE_DIR FILE (BASE_DIR: a built worktree of main)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${1:?usage: bench/ab/profile3.sh BASE_DIR FILE}
FILE=${2:?usage: bench/ab/profile3.sh BASE_DIR FILE}
CMD=profile PAIRS=${PAIRS:-2} COMPARE="node $HERE/profile3-compare.cjs" SCAN_FILES=$FILE exec "$HERE/ab.sh" "$BASE" "$FILE"
