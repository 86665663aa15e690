#!/bin/bash
# A/B of a build of branch drift1m at its worker commit (the current side's numeric grids on a worker thread,
# src/core/drift/offThreadGrids.ts; reverted on the branch: check it out in a worktree and pass that as NEW_DIR)
# against main: model-lens drift of the 1M × 20 CSV pair (and with FORMAT=parquet the Parquet pair), through
# bench/ab/ab.sh (alternating base / new, PAIRS pairs, wall / CPU / RSS / load, reports compared).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] bench/ab/drift1m.sh [BASE_DIR] (a built worktree of main;
# default /tmp/base-drift1m). Data: $DATA or bench/data.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
FORMAT=${FORMAT:-csv}
D=${DATA:-$HERE/../data}
LABEL=1m-$FORMAT exec "$HERE/ab.sh" "${1:-/tmp/base-drift1m}" "$D/bench_1m.$FORMAT" "$D/bench_1m_drift.$FORMAT"
