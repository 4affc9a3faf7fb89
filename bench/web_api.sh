#!/usr/bin/env bash
# The API responses the web app's pages need, under 50 concurrent users (issue 12: p99 <= 50 ms).
# Usage: bench/web_api.sh DB [CONNECTIONS] [SECONDS] [RUNS]   (build/release/praksis, wrk)
# Starts `praksis serve` on DB (a copy: nothing is written, the requests are GETs), warms the
# server's per-change-counter caches (survey, designation, kommune areas), then runs wrk per
# endpoint group with CONNECTIONS connections (default 50), each sending its next request as soon
# as the last is answered (a closed loop: harsher than 50 people clicking), and prints wrk's
# latency distribution (p50, p90, p99) per group and run. Requests ask for gzip as a browser does
# (WEB_ENCODING=identity for plain); "bytes" is the plain size. Groups: the texts, the planner's
# geometry, figures and S4 cells, a caseworker's citizen lookup, clinics within 15 km of the home,
# the citizen's audit events (region token) and the kommune caseworker's own events (kaudit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
db="${1:?usage: bench/web_api.sh DB [CONNECTIONS] [SECONDS] [RUNS]}"
conns="${2:-50}"
secs="${3:-10}"
runs="${4:-5}"
bin="$root/build/release/praksis"
command -v wrk >/dev/null || { echo "wrk missing: scripts/bootstrap.sh --with-bench" >&2; exit 2; }
tmp="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
token="bench-web-token-0123456789abcdef"
# A region token: it may read citizens (the caseworker page) and the map (the planner page).
ktoken="bench-kommune-token-0123456789ab"
printf '[[token]]\nname = "bench"\ntoken = "%s"\nrole = "region"\nregion = 1084\n' "$token" >"$tmp/tokens.toml"
# The caseworker page's token: a kommune reads the events its own principal made.
printf '[[token]]\nname = "kbh"\ntoken = "%s"\nrole = "kommune"\nkommune = 101\n' "$ktoken" >>"$tmp/tokens.toml"
: >"$tmp/out"
"$bin" --log-level warn serve --db "$db" --tokens "$tmp/tokens.toml" --port 0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=""
for _ in $(seq 1 1200); do
  port="$(sed -n 's#^[^ ].* http://[^:]*:\([0-9]*\)$#\1#p' "$tmp/out")"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/err" >&2; exit 1; }
url="http://127.0.0.1:$port"
get() { curl -sf -o "$tmp/body" -w '%{size_download}' -H "Authorization: Bearer $token" "$url$1"; }
start=$(date +%s.%N)
for p in /api/map/geometry /api/map/figures /api/map/cells; do get "$p" >/dev/null; done
echo "warm-up (survey, designation, areas): $(echo "$(date +%s.%N) - $start" | bc) s"
# The caseworker's requests: citizens of Region Hovedstaden and the clinics near their homes.
sqlite3 "$db" "SELECT printf('%016x', c.id) || ',' || round(c.lat_e5/1e5, 5) || ',' || round(c.lon_e5/1e5, 5)
  FROM citizens c JOIN kommuner k ON k.code = c.kommune WHERE k.region = 1084 ORDER BY random() LIMIT 2000" >"$tmp/sample"
cut -d, -f1 "$tmp/sample" | sed 's#^#/api/citizens/#' >"$tmp/citizens"
awk -F, '{printf "/api/clinics?lat=%s&lon=%s&radius_km=15\n", $2, $3}' "$tmp/sample" >"$tmp/clinics"
awk -F, '{printf "/api/audit?citizen=%s\n", $1}' "$tmp/sample" >"$tmp/audit"
printf '/api/texts\n/api/texts?lang=en\n' >"$tmp/texts"
echo '/api/audit?limit=1000' >"$tmp/kaudit"
for p in /api/map/geometry /api/map/figures /api/map/cells; do echo "$p" >"$tmp/$(basename "$p")"; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t2 -c$conns -d${secs}s --latency, $runs runs per group"
printf '%-10s %-5s %10s %10s %10s %10s %10s\n' group run req/s p50 p90 p99 bytes
for group in texts geometry figures cells citizens clinics audit kaudit; do
  t="$token"
  [ "$group" = kaudit ] && t="$ktoken"
  bytes=$(curl -sf -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $t" "$url$(head -1 "$tmp/$group")")
  for r in $(seq 1 "$runs"); do
    WEB_TOKEN="$t" WEB_PATHS="$tmp/$group" wrk -t2 -c"$conns" -d"${secs}s" --latency \
      -s "$root/bench/web_api.lua" "$url" >"$tmp/wrk"
    if grep -q "Non-2xx" "$tmp/wrk"; then grep "Non-2xx" "$tmp/wrk" >&2; exit 1; fi
    rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk")
    p90=$(awk '$1 == "90%" {print $2}' "$tmp/wrk")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk")
    printf '%-10s %-5s %10s %10s %10s %10s %10s\n' "$group" "$r" "$rps" "$p50" "$p90" "$p99" "$bytes"
  done
done
