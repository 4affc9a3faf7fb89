#!/usr/bin/env bash
# Placement and what-if (issue 10) on the national world: 50 new clinics by backup coverage
# (heuristic and CBC MILP), the same model in PuLP + Debian's CBC as a peer, and a what-if with
# ten changes. Figures are taken from the commands' own timing lines (after load).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/praksis
work="${PRAKSIS_BENCH_DIR:-/tmp/praksis-bench}"
db="${PRAKSIS_BENCH_DB:-$work/denmark.db}"
reps="${REPS:-5}"
milp_reps="${MILP_REPS:-3}"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$db" ]; then
  "$bin" generate --scale 1.0 --seed 1 --out "$work/denmark" >/dev/null
  "$bin" import "$work/denmark" --db "$db" >/dev/null
fi
# The plain backup-coverage model (--no-capacity) is the one the peer writes in PuLP.
place="$bin --lang en place --db $db --add 50 --candidates grid --grid-cell-km 5 --format json --no-capacity"

echo "== heuristic (greedy + swap, Lagrangian bound), $reps runs"
for i in $(seq "$reps"); do
  $place --out "$work/place_h.json" --export-instance "$work/place.inst" 2>&1 | grep -o 'placement: .*'
done
echo "== MILP (CBC C API, --time-limit 120), $milp_reps runs"
for i in $(seq "$milp_reps"); do
  $place --solver milp --time-limit 120 --out "$work/place_m.json" 2>&1 | grep -o 'placement: .*'
done
echo "== peer: PuLP + CBC (python3-pulp), same aggregated instance, $milp_reps runs"
for i in $(seq "$milp_reps"); do
  /usr/bin/python3 bench/placement_pulp.py "$work/place.inst" 300
done
echo "== heuristic under capacity (the default: normtal weighted patients per capacity), $reps runs"
for i in $(seq "$reps"); do
  ${place% --no-capacity} --out "$work/place_c.json" 2>&1 | grep -o 'placement: .*'
done
echo "== what-if, 10 changes, $reps runs"
for i in $(seq "$reps"); do
  "$bin" --lang en survey --db "$db" --scenario bench/placement_whatif.toml --format json \
    --out "$work/whatif.json" 2>&1 | grep -o 'what-if: .*'
done
