#!/usr/bin/env bash
# A caseworker's `praksis choose` and `praksis move` as whole processes on a store (issue 15):
# wall time, CPU (user + system) and peak memory per run, median and range, for one or two
# binaries alternating run by run. Every run decides a new request (a new idempotency key) for
# another random citizen: a choice of an open clinic of the citizen's kommune, and a move to
# another citizen's address. The store is written to: give it a copy (see BENCHMARKS.md).
# With CALLGRIND=1 one choose and one move of each binary also run under callgrind (instruction
# counts, steady where the machine is shared).
# Usage: bench/choice_cli.sh DB AFTER_BINARY [RUNS] [BEFORE_BINARY]
set -euo pipefail
db="$1" after="$2" runs="${3:-5}" before="${4:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
bins=(after)
[[ -n "$before" ]] && bins=(before after)
need=$((runs * ${#bins[@]} * 2 + 4))
# Random citizens with a home, and an open clinic of their kommune; the destinations of the moves
# are other random citizens' homes.
sqlite3 -separator '|' "$db" "
  WITH picked AS (SELECT id, lat_e5, lon_e5, kommune FROM citizens
                  WHERE row IN (SELECT abs(random()) % (SELECT max(row) + 1 FROM citizens)
                                FROM citizens LIMIT $((need * 2))) LIMIT $need)
  SELECT * FROM (SELECT printf('%016x', p.id) AS cid, (SELECT ydernummer FROM clinics c
         WHERE c.kommune = p.kommune AND c.open = 1 ORDER BY random() LIMIT 1) AS clinic,
         p.lat_e5 / 1e5, p.lon_e5 / 1e5, p.kommune FROM picked p) WHERE clinic IS NOT NULL" \
  >"$work/people"
mapfile -t people <"$work/people"
k=0
next() { IFS='|' read -r cid clinic lat lon kommune <<<"${people[$k]}"; k=$((k + 1)); }
for ((r = 1; r <= runs; ++r)); do
  for which in "${bins[@]}"; do
    bin="${!which}"
    next
    /usr/bin/time -f "$which choose %e %U %S %M" -a -o "$work/times" \
      "$bin" --log-level warn choose --db "$db" --citizen "$cid" --clinic "$clinic" \
      >>"$work/$which.out" 2>>"$work/$which.err" || true
    mover="$cid"
    next
    /usr/bin/time -f "$which move %e %U %S %M" -a -o "$work/times" \
      "$bin" --log-level warn move --db "$db" --citizen "$mover" --lat "$lat" --lon "$lon" \
      --kommune "$kommune" >>"$work/$which.out" 2>>"$work/$which.err" || true
  done
done
for which in "${bins[@]}"; do
  echo "$which: $(grep -c '"allowed":true' "$work/$which.out" || true) allowed, $(grep -c '"allowed":false' "$work/$which.out" || true) denied, $(grep -c . "$work/$which.err" || true) lines on stderr"
  head -3 "$work/$which.err" || true
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 6 or parts[1] not in ("choose", "move"):
        continue  # "Command exited with non-zero status 3": a denial
    w, cmd, e, u, s, m = parts
    rows.setdefault((w, cmd), []).append((float(e), float(u) + float(s), int(m)))
for (w, cmd), v in sorted(rows.items()):
    wall = [x[0] for x in v]; cpu = [x[1] for x in v]
    print(f"{w} {cmd}: {len(v)} runs, wall median {statistics.median(wall):.3f} s ({min(wall):.3f}-{max(wall):.3f}), "
          f"CPU user+sys median {statistics.median(cpu):.3f} s ({min(cpu):.3f}-{max(cpu):.3f}), max RSS {max(x[2] for x in v) // 1024} MiB")
PY
if [[ "${CALLGRIND:-0}" == 1 ]]; then
  for which in "${bins[@]}"; do
    bin="${!which}"
    next
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$which.choose" "$bin" --log-level warn \
      choose --db "$db" --citizen "$cid" --clinic "$clinic" >/dev/null 2>"$work/cg.log" || true
    echo "$which choose: $(grep -m1 -o 'Collected : [0-9]*' "$work/cg.log" | cut -d' ' -f3) instructions (callgrind)"
    mover="$cid"
    next
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$which.move" "$bin" --log-level warn \
      move --db "$db" --citizen "$mover" --lat "$lat" --lon "$lon" --kommune "$kommune" \
      >/dev/null 2>"$work/cg.log" || true
    echo "$which move: $(grep -m1 -o 'Collected : [0-9]*' "$work/cg.log" | cut -d' ' -f3) instructions (callgrind)"
  done
fi
