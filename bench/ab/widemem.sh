#!/bin/bash
# A/B of branch widemem (category counts as sorted columns, SortedCounts) against main: model-lens drift of
# CASE = wide (1,000 × 100k Parquet pair, the default), 1m (1M × 20 Parquet pair) or overtime (1M Parquet,
# --time-column day --window week), alternating base / new, PAIRS pairs (default 3). Prints wall, CPU (user+sys),
# peak RSS and the load, and checks the JSON reports are byte-identical.
# Usage: [CASE=wide|1m|overtime] [NEW_DIR=built worktree] bench/ab/widemem.sh [BASE_DIR] (a built worktree of
# main; default /tmp/base-widemem). Data: $DATA or /work/benchdata (one path for both, so the reports compare).
set -u
NEW=${NEW_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BASE=${1:-/tmp/base-widemem}
PAIRS=${PAIRS:-3}
CASE=${CASE:-wide}
D=${DATA:-/work/benchdata}
case $CASE in
  wide) ARGS=("$D/wide_1000x100k.parquet" "$D/wide_1000x100k_cur.parquet") ;;
  1m) ARGS=("$D/bench_1m.parquet" "$D/bench_1m_drift.parquet") ;;
  overtime) ARGS=("$D/bench_1m.parquet" --time-column day --window week) ;;
  *) echo "CASE is wide, 1m or overtime"; exit 2 ;;
esac
OUT=$(mktemp -d)
[ -f "$BASE/dist/cli.js" ] || { echo "no build of main in $BASE (git worktree add --detach $BASE main && npm run build there)"; exit 2; }
for i in $(seq 1 "$PAIRS"); do
  for who in base new; do
    dir=$BASE; [ $who = new ] && dir=$NEW
    start=$(date -u +%H:%M:%S)
    /usr/bin/time -o "$OUT/t" -f "%e %U %S %M" node "$dir/dist/cli.js" drift "${ARGS[@]}" --format json --out "$OUT/$who.json" >/dev/null 2>&1
    read -r wall user sys kb < <(tail -1 "$OUT/t")
    printf '%s %-8s %-4s wall %6.2f s  CPU %6.2f s  RSS %5d MiB  load %s\n' "$start" "$CASE" "$who" "$wall" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  cmp -s "$OUT/base.json" "$OUT/new.json" && echo "  reports identical" || echo "  REPORTS DIFFER"
done
rm -rf "$OUT"
