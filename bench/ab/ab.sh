#!/bin/bash
# Shared A/B loop for the bench/ab scripts: runs `model-lens drift ARGS…` (or `model-lens $CMD ARGS…`) with a build of main (BASE) and a build
# under test (NEW), alternating base / new, PAIRS pairs (default 3). Prints wall, CPU (user+sys), peak RSS and the
# load of each run, and whether the two JSON reports are byte-identical (or what COMPARE, a command given the two
# reports, prints), and with SCAN_FILES set, the bare scan of those files after each pair.
# Usage: [PAIRS=n] [NEW_DIR=built worktree] [LABEL=text] [CMD=profile] [COMPARE=command] [SCAN_FILES="a b"] bench/ab/ab.sh BASE_DIR drift-args…
# BASE_DIR is a built worktree of main (git worktree add --detach BASE_DIR main && npm run build there).
set -u
NEW=${NEW_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BASE=${1:?usage: bench/ab/ab.sh BASE_DIR drift-args…}
shift
PAIRS=${PAIRS:-3}
CMD=${CMD:-drift}
LABEL=${LABEL:-$CMD}
[ -f "$BASE/dist/cli.js" ] || { echo "no build of main in $BASE (git worktree add --detach $BASE main && npm run build there)"; exit 2; }
[ -f "$NEW/dist/cli.js" ] || { echo "no build in $NEW (npm run build there)"; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for i in $(seq 1 "$PAIRS"); do
  for who in base new; do
    dir=$BASE; [ $who = new ] && dir=$NEW
    start=$(date -u +%H:%M:%S)
    /usr/bin/time -o "$OUT/t" -f "%e %U %S %M" node "$dir/dist/cli.js" "$CMD" "$@" --format json --out "$OUT/$who.json" >/dev/null 2>"$OUT/err"
    rc=$?
    read -r wall user sys kb < <(tail -1 "$OUT/t")
    printf '%s %-8s %-4s wall %6.2f s  CPU %6.2f s  RSS %5d MiB  load %s\n' "$start" "$LABEL" "$who" "$wall" "$(echo "$user + $sys" | bc)" "$((kb / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
    [ $rc -eq 0 ] || { echo "  $who exited $rc: $(grep -v '^Command exited' "$OUT/err" | tail -1)"; exit 1; }
  done
  if [ -n "${COMPARE:-}" ]; then $COMPARE "$OUT/base.json" "$OUT/new.json"
  else cmp -s "$OUT/base.json" "$OUT/new.json" && echo "  reports identical" || echo "  REPORTS DIFFER"; fi
  # shellcheck disable=SC2086
  if [ -n "${SCAN_FILES:-}" ]; then echo "  scan: $(node "$(dirname "$0")/../measure.cjs" scan $SCAN_FILES | tail -1)"; fi
done
