#!/usr/bin/env bash
# Engine (issue 2): national generation, import, load from the store, resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/praksis
work="${PRAKSIS_BENCH_DIR:-/tmp/praksis-bench}"
runs="${RUNS:-5}"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "data: national synthetic Denmark, scale 1.0, seed 1"

hyperfine --runs "$runs" --export-json "$work/generate.json" \
  "$bin generate --scale 1.0 --seed 1 --out $work/denmark"
hyperfine --runs "$runs" --export-json "$work/import.json" \
  --prepare "rm -f $work/denmark.db $work/denmark.db-wal $work/denmark.db-shm" \
  "$bin import $work/denmark --db $work/denmark.db"
for i in $(seq "$runs"); do
  PRAKSIS_BENCH_DB="$work/denmark.db" build/release/bench/store_bench --benchmark_format=console 2>/dev/null | grep -E '^BM_'
done
# The main job on an existing store: load, summary, survey S1-S6, designation, HTML report.
/usr/bin/time -f "demo (load, summary, survey, designation, report) wall %e s, max RSS %M KiB" \
  "$bin" demo --db "$work/denmark.db" --report "$work/report.html" >/dev/null
