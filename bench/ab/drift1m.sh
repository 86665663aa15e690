#!/bin/bash
# A/B of a build of branch drift1m at its worker commit (the current side's numeric grids on a worker thread,
# src/core/drift/offThreadGrids.ts; reverted on the branch: check it out in a worktree and pass that as NEW_DIR)
# against main: model-lens drift of the 1M × 20 CSV pair (and with FORMAT=parquet the Parquet pair), alternating
# base / new, PAIRS pairs (default 3). Prints wall, CPU (user+sys), peak RSS and the load, and checks the JSON
# reports are byte-identical. Usage: [NEW_DIR=built worktree] bench/ab/drift1m.sh [BASE_DIR] (a built worktree of main;
# default /tmp/base-drift1m). Data: $DATA or bench/data.
set -u
NEW=${NEW_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BASE=${1:-/tmp/base-drift1m}
PAIRS=${PAIRS:-3}
FORMAT=${FORMAT:-csv}
D=${DATA:-$NEW/bench/data}
OUT=$(mktemp -d)
[ -f "$BASE/dist/cli.js" ] || { echo "no build of main in $BASE (git worktree add $BASE main && npm run build there)"; exit 2; }
for i in $(seq 1 "$PAIRS"); do
  for who in base new; do
    dir=$BASE; [ $who = new ] && dir=$NEW
    start=$(date -u +%H:%M:%S)
    /usr/bin/time -o "$OUT/t" -f "%e %U %S %M" node "$dir/dist/cli.js" drift "$D/bench_1m.$FORMAT" "$D/bench_1m_drift.$FORMAT" --format json --out "$OUT/$who.json" >/dev/null 2>&1
    read -r wall user sys kb < <(tail -1 "$OUT/t")
    printf '%s %-4s wall %6.2f s  CPU %6.2f s  RSS %5d MiB  load %s\n' "$start" "$who" "$wall" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  cmp -s "$OUT/base.json" "$OUT/new.json" && echo "  reports identical" || echo "  REPORTS DIFFER"
done
rm -rf "$OUT"
