#!/usr/bin/env bash
# `praksis trend` over nine survey years (issue 11): a synthetic history 2015..2023 at SCALE is
# generated and imported year by year with `import --as-of` (the snapshots and their figures);
# then the whole `trend` process is timed RUNS times (wall median and range) on the prepared
# store, and once more with --no-cache (every year surveyed again from its snapshot). Prints the
# store's bytes per extra year.
# Usage: bench/trend.sh PRAKSIS_BINARY [SCALE] [RUNS] [WORKDIR]
set -euo pipefail
bin="$1" scale="${2:-1.0}" runs="${3:-5}" work="${4:-$(mktemp -d)}"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scale $scale, $runs runs, work dir $work"
db="$work/trend.db"
if [[ ! -f "$db" ]]; then
  /usr/bin/time -f "generate 2015..2023: %e s, max RSS %M KiB" \
    "$bin" --log-level warn generate --years 2015..2023 --scale "$scale" --seed 1 --out "$work/hist"
  prev=0
  for y in 2015 2016 2017 2018 2019 2020 2021 2022 2023; do
    /usr/bin/time -f "import --as-of $y: %e s" \
      "$bin" --log-level warn import "$work/hist/$y" --db "$db" --as-of "$y-01-01" >/dev/null
    size=$(stat -c %s "$db")
    echo "store after $y: $size bytes (+$((size - prev)))"
    prev=$size
  done
  rm -rf "$work/hist"
fi
sqlite3 "$db" "SELECT as_of, length(data) FROM world_snapshots ORDER BY as_of" 2>/dev/null || true
for ((r = 1; r <= runs; ++r)); do
  /usr/bin/time -f "%e %M" -a -o "$work/times" \
    "$bin" --log-level warn trend --db "$db" --from 2015 --to 2023 --format csv --out "$work/trend.csv"
done
/usr/bin/time -f "no-cache trend: %e s, max RSS %M KiB" \
  "$bin" --log-level warn trend --db "$db" --from 2015 --to 2023 --format csv --no-cache \
  --out "$work/trend_nocache.csv"
cmp "$work/trend.csv" "$work/trend_nocache.csv" && echo "cached and recomputed trend identical"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/times" <<'PY'
import statistics, sys
v = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
wall = [x[0] for x in v]
print(f"trend 2015-2023: {len(v)} runs, wall median {statistics.median(wall):.2f} s "
      f"({min(wall):.2f}-{max(wall):.2f}), max RSS {int(max(x[1] for x in v)) // 1024} MiB")
PY
rm -f "$work/times"
