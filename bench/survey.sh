#!/usr/bin/env bash
# Coverage survey (issue 3): national survey S1-S6 after loading, naive vs indexed S4 on a 1 % sample, demo from a store to a written report.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/praksis
work="${PRAKSIS_BENCH_DIR:-/tmp/praksis-bench}"
reps="${REPS:-5}"
mkdir -p "$work"
db="$work/denmark.db"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$db" ]; then
  echo "building the national store $db (scale 1.0, seed 1)"
  "$bin" generate --scale 1.0 --seed 1 --out "$work/denmark" >/dev/null
  "$bin" import "$work/denmark" --db "$db" >/dev/null
fi
echo "data: national synthetic Denmark, scale 1.0, seed 1 ($db)"

# Survey after load (2 threads and 1), and naive vs indexed S4 on every 100th home location.
PRAKSIS_BENCH_DB="$db" build/release/bench/survey_bench --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true --benchmark_format=console 2>/dev/null | tee "$work/survey_bench.txt" |
  grep -E '^(BM_|-)' || true
naive=$(awk '/BM_S4Sample_NaiveAllPairs\/real_time_median/{print $2}' "$work/survey_bench.txt")
indexed=$(awk '/BM_S4Sample_Indexed\/real_time_median/{print $2}' "$work/survey_bench.txt")
awk -v n="$naive" -v i="$indexed" 'BEGIN { if (i > 0) printf "S4 on the 1 %% sample: naive %.1f ms, indexed %.2f ms, speed-up %.1fx (medians, same run)\n", n, i, n / i }'

# The survey command and the demo from the existing store to a written report (load included).
hyperfine --runs "$reps" --export-json "$work/survey_cli.json" \
  "$bin --log-level warn survey --db $db --format json --out $work/survey.json"
hyperfine --runs "$reps" --export-json "$work/demo.json" \
  "$bin --log-level warn demo --db $db --report $work/report.html"
