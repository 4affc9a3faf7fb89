#!/usr/bin/env bash
# Whole `praksis survey` processes (load, survey, output) of two binaries, alternating run by run:
# wall time and CPU (user + system) per run, then median and range of each.
# Usage: bench/survey_process.sh DB BEFORE_BINARY AFTER_BINARY [RUNS]
set -euo pipefail
db="$1" before="$2" after="$3" runs="${4:-5}"
work="$(mktemp -d)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; ++r)); do
  for which in before after; do
    bin="${!which}"
    /usr/bin/time -f "$which %e %U %S %M" -a -o "$work/times" \
      "$bin" --log-level warn survey --db "$db" --format csv --out "$work/$which.csv"
  done
done
cmp "$work/before.csv" "$work/after.csv" && echo "CSV output identical"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    w, e, u, s, m = line.split()
    rows.setdefault(w, []).append((float(e), float(u) + float(s), int(m)))
for w, v in rows.items():
    wall = [x[0] for x in v]; cpu = [x[1] for x in v]
    print(f"{w}: {len(v)} runs, wall median {statistics.median(wall):.2f} s ({min(wall):.2f}-{max(wall):.2f}), "
          f"CPU user+sys median {statistics.median(cpu):.2f} s ({min(cpu):.2f}-{max(cpu):.2f}), max RSS {max(x[2] for x in v) // 1024} MiB")
PY
rm -rf "$work"
