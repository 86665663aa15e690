#!/bin/bash
# A/B of branch profile3 against main (bench/ab/ab.sh's loop: alternating base / new, PAIRS pairs, wall / CPU /
# RSS / load), keeping each pair's JSON reports and comparing them with bench/ab/profile3-compare.cjs: every
# number identical but a numeric column's mean and std, whose last digits DuckDB's parallel avg and stddev_samp
# change from run to run (main's build against itself too); for those the largest relative difference is printed.
# Usage: [NEW_DIR=built worktree] [PAIRS=n] bench/ab/profile3.sh BASE_DIR FILE (BASE_DIR: a built worktree of main)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
NEW=${NEW_DIR:-$(cd "$HERE/../.." && pwd)}
BASE=${1:?usage: bench/ab/profile3.sh BASE_DIR FILE}
FILE=${2:?usage: bench/ab/profile3.sh BASE_DIR FILE}
PAIRS=${PAIRS:-2}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for i in $(seq 1 "$PAIRS"); do
  for who in base new; do
    dir=$BASE; [ $who = new ] && dir=$NEW
    start=$(date -u +%H:%M:%S)
    /usr/bin/time -o "$OUT/t" -f "%e %U %S %M" node "$dir/dist/cli.js" profile "$FILE" --format json --out "$OUT/$who.json" >/dev/null 2>"$OUT/err" || { echo "$who failed: $(tail -1 "$OUT/err")"; exit 1; }
    read -r wall user sys kb < <(tail -1 "$OUT/t")
    printf '%s %-4s wall %6.2f s  CPU %6.2f s  RSS %5d MiB  load %s\n' "$start" "$who" "$wall" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  node "$HERE/profile3-compare.cjs" "$OUT/base.json" "$OUT/new.json"
  [ "${SCAN:-1}" = 1 ] && echo "  scan: $(node "$HERE/../measure.cjs" scan "$FILE" | tail -1)"
done
