#!/usr/bin/env bash
# Money (issue 5): settle a national year from the store, a fee scenario, and the DuckDB peer on the same claims.
# Usage: bench/money.sh   (RUNS=5, PRAKSIS_BENCH_DIR=/tmp/praksis-bench by default)
# Builds the national synthetic Denmark and a year of claims once (reused later), then times with
# hyperfine: `praksis settle` (load the world from the store, read and decode every stored claim line,
# settle E1-E5, write the settlement), `praksis settle --scenario`, and the same settlement
# aggregation in SQL run by DuckDB (@duckdb/node-api, installed here with npm; the product never
# uses it) on the same claims loaded into a DuckDB file. Prints medians, spreads and the ratio, and
# checks that DuckDB's national totals equal praksis's to the øre.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/praksis
work="${PRAKSIS_BENCH_DIR:-/tmp/praksis-bench}/money"
runs="${RUNS:-5}"
year=2023
threatened=360,376,400,482,492,550,665,741,773,787,825  # the kommuner the benchmark designates (E3 model 1)
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -f "$work/denmark/citizens.csv" ]; then
  "$bin" generate --scale 1.0 --seed 1 --out "$work/denmark"
fi
if [ ! -f "$work/denmark.db" ]; then
  "$bin" import "$work/denmark" --db "$work/denmark.db.tmp"
  "$bin" generate-claims --db "$work/denmark.db.tmp" --year "$year" --seed 1
  mv "$work/denmark.db.tmp" "$work/denmark.db"
fi
echo "data: national synthetic Denmark (scale 1.0, seed 1), claims of $year (seed 1):"
"$bin" settle --db "$work/denmark.db" --year "$year" --threatened "$threatened" --format json \
  --out "$work/praksis-settlement.json" 2>/dev/null
node -e "const s=require('$work/praksis-settlement.json').summary; console.log('  '+s.claim_lines+' claim lines, '+s.contacts+' contacts, '+s.clinics+' clinics, total '+s.total_kr+' kr')"

cat > "$work/scenario.toml" <<'TOML'
name = "Risk-adjusted basishonorar, 55 %"
basic_share = 0.55
risk_adjusted_basic = true
TOML

hyperfine --warmup 1 --runs "$runs" --export-json "$work/settle.json" \
  -n "praksis settle" \
  "$bin settle --db $work/denmark.db --year $year --threatened $threatened --format json --out $work/praksis-settlement.json"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/scenario.json" \
  -n "praksis settle --scenario" \
  "$bin settle --db $work/denmark.db --year $year --threatened $threatened --scenario $work/scenario.toml --format json --out $work/praksis-scenario.json"

# The peer: the same claims and world in a DuckDB file (loading is not timed). `npm install` with the
# committed lock file (not `npm ci`: the registry mirror here lacks the other platforms' optional
# binaries, so the lock lists only linux-x64 and `npm ci` refuses it as out of sync).
npm install --prefix bench/duckdb --no-audit --no-fund --no-save --silent
if [ ! -f "$work/duckdb-$year.db" ]; then
  "$bin" export-claims --db "$work/denmark.db" --year "$year" --out "$work/claims-$year.csv"
  node bench/duckdb/settle.mjs load "$work/duckdb-$year.db.tmp" "$work/denmark" "$work/claims-$year.csv" data/tariffs.csv
  mv "$work/duckdb-$year.db.tmp" "$work/duckdb-$year.db"
  rm -f "$work/claims-$year.csv"
fi
hyperfine --warmup 1 --runs "$runs" --export-json "$work/duckdb.json" \
  -n "duckdb settlement SQL" \
  "node bench/duckdb/settle.mjs settle $work/duckdb-$year.db $year $work/duckdb-settlement.json"

node bench/duckdb/summarize.mjs "$work"
