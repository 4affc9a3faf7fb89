#!/usr/bin/env bash
# GP choice service (issue 4): wrk on loopback against `praksis serve` over the national dataset: open-clinic search and durable choices.
# Usage: bench/choice.sh   (env: CHOICE_DIR=/tmp/praksis-choice REPEATS=3 DURATION=15s PORT=8089 CONNECTIONS=32
#        CHOICE_STORE=sqlite|postgres: postgres imports into a throwaway cluster, tests/pg_cluster.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/praksis
dir=${CHOICE_DIR:-/tmp/praksis-choice}
repeats=${REPEATS:-3}
duration=${DURATION:-15s}
port=${PORT:-8089}
conns=${CONNECTIONS:-32}
post_conns=${POST_CONNECTIONS:-64}
mkdir -p "$dir"
command -v wrk >/dev/null || { echo "wrk missing: scripts/bootstrap.sh --with-bench" >&2; exit 2; }

if [ ! -f "$dir/national.db" ]; then
  echo "== generating and importing the national dataset (scale 1.0, seed 1)"
  "$bin" generate --scale 1.0 --seed 1 --out "$dir/national"
  "$bin" import "$dir/national" --db "$dir/national.db"
fi
store=${CHOICE_STORE:-sqlite}
if [ "$store" = postgres ]; then
  # A throwaway cluster (Unix socket, fsync on) and a fresh import: every run starts the same.
  tests/pg_cluster.sh start "$dir/pg"
  trap 'tests/pg_cluster.sh stop "$dir/pg"' EXIT
  base=$(cat "$dir/pg/uri")
  psql -q "$base" -c "CREATE DATABASE bench"
  db="${base/\/postgres\?//bench?}"
  echo "== import into PostgreSQL"
  /usr/bin/time -f "   import: %e s wall, %M KiB max RSS" "$bin" --log-level warn import "$dir/national" --db "$db"
  sql() { psql -qtA "$db" -c "$1"; }
else
  # Every run starts from the same store: choices change it.
  rm -f "$dir/bench.db" "$dir/bench.db-wal" "$dir/bench.db-shm"
  cp "$dir/national.db" "$dir/bench.db"
  db="$dir/bench.db"
  sql() { sqlite3 "$dir/bench.db" "$1"; }
fi
token="bench-region-token-$(date +%s)-0123456789"
cat > "$dir/tokens.toml" <<TOK
[[token]]
name = "bench-region-hovedstaden"
token = "$token"
role = "region"
region = 1084
TOK
if [ "$store" = postgres ]; then
  hexid="lpad(to_hex(s.id), 16, '0')"
else
  hexid="printf('%016x', s.id)"
fi
# Search origins: homes of 20,000 random citizens. Choices: 500,000 random adults of Region
# Hovedstaden, each with a random open clinic of their kommune (almost all allowed: L2 or L3).
sql "SELECT round(lat_e5/1e5, 5) || ',' || round(lon_e5/1e5, 5) FROM citizens ORDER BY random() LIMIT 20000" > "$dir/homes.csv"
sql "WITH s AS (SELECT c.id, c.kommune FROM citizens c JOIN kommuner k ON k.code = c.kommune
  WHERE k.region = 1084 AND c.grp = 1 AND c.birth_year <= 2005 ORDER BY random() LIMIT 500000)
  SELECT $hexid || ',' || (SELECT ydernummer FROM clinics cl WHERE cl.kommune = s.kommune AND cl.open = 1
  ORDER BY random() LIMIT 1) FROM s" | grep -E '^[0-9a-f]{16},[0-9]+$' > "$dir/pairs.csv"

echo "== load the world into memory (praksis survey's \"loaded ... in\" line, 3 runs)"
for r in 1 2 3; do
  "$bin" --lang en survey --db "$db" --format json --out "$dir/survey-$store.json" 2>&1 | grep -o 'loaded .* in [0-9.]* s' | sed 's/^/   /'
done
if [ "$store" = postgres ] && [ -f "$dir/survey-sqlite.json" ]; then
  cmp "$dir/survey-sqlite.json" "$dir/survey-postgres.json" &&
    echo "   the national survey JSON is byte-identical from both stores ($(stat -c %s "$dir/survey-postgres.json") bytes)"
fi
start=$(date +%s.%N)
"$bin" --log-level warn serve --db "$db" --port "$port" --tokens "$dir/tokens.toml" > "$dir/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; [ "$store" = postgres ] && tests/pg_cluster.sh stop "$dir/pg"' EXIT
until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
  sleep 0.2
done
echo "== store: $store"
echo "== server ready in $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $start}") s (load of 5,932,654 citizens); RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MiB"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"

export CHOICE_TOKEN="$token" CHOICE_HOMES="$dir/homes.csv" CHOICE_PAIRS="$dir/pairs.csv" CHOICE_THREADS=2
summary() {  # name file...: median, min, max of Requests/sec and the latency percentiles per run
  local name=$1; shift
  echo "-- $name"
  for f in "$@"; do
    printf '   run %s: %8.0f req/s  p50 %-9s p75 %-9s p90 %-9s p99 %s\n' "$(basename "$f" .txt)" \
      "$(awk '/Requests\/sec/ {print $2}' "$f")" \
      "$(awk '$1=="50%" {print $2}' "$f")" "$(awk '$1=="75%" {print $2}' "$f")" \
      "$(awk '$1=="90%" {print $2}' "$f")" "$(awk '$1=="99%" {print $2}' "$f")"
  done
  awk '/Requests\/sec/ {print $2}' "$@" | sort -n | awk '{a[NR]=$1} END {printf "   median %.0f req/s (min %.0f, max %.0f) over %d runs\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

echo "== warm-up (not counted)"
wrk -t2 -c"$conns" -d5s -s bench/choice_search.lua "http://127.0.0.1:$port" > /dev/null
CHOICE_RUN=warm CHOICE_OFFSET=400000 wrk -t2 -c"$post_conns" -d5s -s bench/choice_post.lua "http://127.0.0.1:$port" > /dev/null

echo "== open-clinic search: GET /api/clinics?lat&lon&radius_km=15&open=true, wrk -t2 -c$conns -d$duration"
files=()
for r in $(seq 1 "$repeats"); do
  wrk -t2 -c"$conns" -d"$duration" --latency -s bench/choice_search.lua "http://127.0.0.1:$port" > "$dir/search-$r.txt"
  files+=("$dir/search-$r.txt")
done
summary "search" "${files[@]}"

echo "== durable choices: POST /api/choices (new citizen and idempotency key each), wrk -t2 -c$post_conns -d$duration"
files=()
for r in $(seq 1 "$repeats"); do
  CHOICE_RUN="r$r" CHOICE_OFFSET=$(( (r - 1) * 100000 )) wrk -t2 -c"$post_conns" -d"$duration" --latency -s bench/choice_post.lua "http://127.0.0.1:$port" > "$dir/choices-$r.txt"
  grep -q "non-2xx or errors: 0" "$dir/choices-$r.txt" || { echo "choices run $r had errors:"; cat "$dir/choices-$r.txt"; }
  files+=("$dir/choices-$r.txt")
done
summary "choices" "${files[@]}"

kill $pid; wait $pid 2>/dev/null || true
echo "== store after the runs: $(sql "SELECT count(*) || ' decisions in the audit trail, ' || sum(allowed) || ' allowed; ' || (SELECT count(*) FROM listing_idempotency) || ' idempotency keys' FROM listing_audit")"
[ "$store" = postgres ] && tests/pg_cluster.sh stop "$dir/pg"
trap - EXIT
