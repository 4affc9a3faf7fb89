#!/usr/bin/env bash
# Forecast (issue 9): national deterministic forecast to 2045 and 1,000 Monte Carlo runs, REPS times.
# Prints the forecast's own wall time after load (the CLI's "forecast ... in N ms" line).
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${PRAKSIS_BENCH_DB:-/tmp/dk100.db}"
REPS="${REPS:-5}"
BIN=build/release/praksis
[ -f "$DB" ] || { echo "no store $DB (praksis generate + import first)" >&2; exit 2; }
run() {
  for _ in $(seq "$REPS"); do
    "$BIN" --lang en --log-level info forecast --db "$DB" --to 2045 "$@" --format json --out "${TMPDIR:-/tmp}/praksis-forecast-bench.json" 2>&1 |
      sed -n 's/.*forecast [0-9-]* in \([0-9]*\) ms.*/\1/p'
  done | sort -n | awk '{a[NR]=$1} END {printf "median %d ms, min %d, max %d (n=%d)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}
echo "deterministic to 2045:"; run
echo "1000 Monte Carlo runs to 2045, 2 threads:"; run --runs 1000 --seed 1
