#!/usr/bin/env bash
# The survey under the crossings metric beside the great-circle survey (issue 16), on a national
# store: DB=/tmp/dk16.db bench/crossings.sh [praksis binary]
set -euo pipefail
BIN=${1:-build/release/praksis}
DB=${DB:-/tmp/dk16.db}
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '[survey]\ndistance_metric = "crossings"\n' >"$tmp/crossings.toml"
printf '[survey]\ndistance_metric = "great_circle"\n' >"$tmp/great_circle.toml"
for m in great_circle crossings; do
  for i in $(seq "$RUNS"); do
    "$BIN" --settings "$tmp/$m.toml" --log-level debug survey --db "$DB" --format json \
      --out "$tmp/out.json" 2>&1 | grep -E "survey of|survey stages" | sed "s/^/$m $i: /"
  done
done
