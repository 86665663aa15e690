#!/bin/bash
# A/B of branch overtime4 against main: drift over time of one file (`--time-column day --window week`), where the
# first streamed pass starts early (grids forecast from the numeric columns' ranges) and overlaps the sides' scans,
# the distinct estimates and the windows' category counts: a wall-clock change, to be run on a quiet machine.
# The same runs as overtime3.sh (1M Parquet and CSV; with BIG=1 the 10M Parquet file; alternating base / new,
# PAIRS pairs, wall / CPU / RSS / load, reports compared).
# Usage: [NEW_DIR=built worktree] [PAIRS=n] [BIG=1] bench/ab/overtime4.sh [BASE_DIR] (a built worktree of main;
# default /tmp/base-overtime4). Data: $DATA or bench/data.
HERE=$(cd "$(dirname "$0")" && pwd)
exec "$HERE/overtime3.sh" "${1:-/tmp/base-overtime4}"
