#!/bin/bash
# The measurements issue 18's targets are judged by, as named A/B cases over bench/ab/ab.sh: a build of main (BASE_DIR)
# against the build under test (NEW_DIR, default this checkout), alternating base / new, PAIRS pairs each (default 3;
# 2 for the 10M and 10,000-column cases), printing wall, CPU (user + sys), peak RSS, load, and whether the JSON
# reports are byte-identical. Profiles compare with profile-compare.cjs (identical but the last digits of mean and
# std, which DuckDB's parallel avg and stddev_samp vary from run to run) and print the bare scan of the file after
# each pair (the targets are ratios to it).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] bench/ab/cases.sh BASE_DIR CASE…  (BASE_DIR: git worktree add --detach
# BASE_DIR main; link node_modules; npm run build there). Data: $DATA or bench/data (bench/data.mjs, bench/wide.mjs).
# Cases:
#   drift-10m        10M × 20 Parquet against its drifted copy          drift-1m      the same at 1M, Parquet
#   drift-1m-csv     the 1M pair as CSV                                  drift-edited  1M Parquet against a copy with two columns changed
#   drift-wide       1,000 × 100k Parquet pair                           overtime-1m   1M Parquet, --time-column day --window week
#   overtime-1m-csv  the same on the CSV                                 overtime-10m  the same on 10M Parquet
#   profile-1m       1M × 20 Parquet                                     profile-1m-csv the same as CSV
#   profile-10m      10M × 20 Parquet                                    profile-wide  1,000 × 100k Parquet
#   profile-wide10k  10,000 × 10k Parquet
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DATA:-$HERE/../data}
BASE=${1:?usage: bench/ab/cases.sh BASE_DIR CASE…}
shift
[ $# -gt 0 ] || { sed -n '10,17p' "$0"; exit 2; }
ab() { LABEL=$CASE "$HERE/ab.sh" "$BASE" "$@"; }
profile() { CMD=profile COMPARE="node $HERE/profile-compare.cjs" SCAN_FILES=$1 LABEL=$CASE "$HERE/ab.sh" "$BASE" "$1"; }
overtime() { ab "$1" --time-column day --window week; }
for CASE in "$@"; do
  case $CASE in
    drift-10m) PAIRS=${PAIRS:-2} ab "$D/bench_10m.parquet" "$D/bench_10m_drift.parquet" ;;
    drift-1m) ab "$D/bench_1m.parquet" "$D/bench_1m_drift.parquet" ;;
    drift-1m-csv) ab "$D/bench_1m.csv" "$D/bench_1m_drift.csv" ;;
    drift-edited) ab "$D/bench_1m.parquet" "$D/bench_1m_edited.parquet" ;;
    drift-wide) PAIRS=${PAIRS:-2} ab "$D/wide_1000x100k.parquet" "$D/wide_1000x100k_cur.parquet" ;;
    overtime-1m) overtime "$D/bench_1m.parquet" ;;
    overtime-1m-csv) overtime "$D/bench_1m.csv" ;;
    overtime-10m) PAIRS=${PAIRS:-2} overtime "$D/bench_10m.parquet" ;;
    profile-1m) profile "$D/bench_1m.parquet" ;;
    profile-1m-csv) profile "$D/bench_1m.csv" ;;
    profile-10m) PAIRS=${PAIRS:-2} profile "$D/bench_10m.parquet" ;;
    profile-wide) PAIRS=${PAIRS:-2} profile "$D/wide_1000x100k.parquet" ;;
    profile-wide10k) PAIRS=${PAIRS:-2} profile "$D/wide_10000x10k.parquet" ;;
    *) echo "unknown case '$CASE'"; sed -n '10,17p' "$0"; exit 2 ;;
  esac || exit 1
done
