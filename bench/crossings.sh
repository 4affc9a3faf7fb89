#!/usr/bin/env bash
# The survey under the crossings metric beside the great-circle survey (issue 16), on a national
# store: DB=/tmp/dk16.db bench/crossings.sh [praksis binary]
# Runs are interleaved (great-circle, crossings, great-circle, ...) so that a change of load hits
# both; prints every run's stages, then per metric the median and spread of the survey's own time
# and the ratio of the medians. The store is written to (the survey caches its home locations):
# point DB at a copy.
set -euo pipefail
BIN=${1:-build/release/praksis}
DB=${DB:-/tmp/dk16.db}
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '[survey]\ndistance_metric = "crossings"\n' >"$tmp/crossings.toml"
printf '[survey]\ndistance_metric = "great_circle"\n' >"$tmp/great_circle.toml"
# One warm-up survey writes the location cache.
"$BIN" survey --db "$DB" --format json --out "$tmp/out.json" >/dev/null 2>&1
for i in $(seq "$RUNS"); do
  for m in great_circle crossings; do
    "$BIN" --lang en --settings "$tmp/$m.toml" --log-level debug survey --db "$DB" --format json \
      --out "$tmp/out_$m.json" 2>&1 | grep -E "survey of|survey stages" | sed "s/^/$m $i: /" |
      tee -a "$tmp/log"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for m in great_circle crossings; do
  grep "^$m .*survey of" "$tmp/log" | sed -E 's/.* in ([0-9]+) ms/\1/' | sort -n |
    awk -v m="$m" '{v[NR]=$1} END {printf "%s: median %d ms, spread %d-%d ms (%d runs)\n", m, v[int((NR+1)/2)], v[1], v[NR], NR}'
done | tee "$tmp/summary"
awk '{gsub(",", ""); for (i=1;i<=NF;i++) if ($i=="median") med[NR]=$(i+1)} END {printf "ratio crossings / great_circle: %.2f\n", med[2]/med[1]}' "$tmp/summary"
