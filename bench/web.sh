#!/usr/bin/env bash
# First map paint of the planner page with a store in headless Chromium (target <= 2 s).
# Usage: bench/web.sh DB [RUNS]   (build/release/praksis, web/node_modules, /usr/bin/chromium)
# The national store: praksis generate --scale 1 --seed 1 --out DIR; praksis import DIR --db DB.
# One warm-up request computes the server's cached survey and areas first (they are cached per
# store change counter); each run then loads the page in a fresh browser context.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
db="${1:?usage: bench/web.sh DB [RUNS]}"
runs="${2:-5}"
tmp="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
token="bench-planner-token-0123456789"
printf '[[token]]\nname = "bench"\ntoken = "%s"\nrole = "analyst"\n' "$token" >"$tmp/tokens.toml"
: >"$tmp/out"  # exists before the background server opens it
"$root/build/release/praksis" serve --db "$db" --tokens "$tmp/tokens.toml" --port 0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's#^[^ ].* http://[^:]*:\([0-9]*\)$#\1#p' "$tmp/out")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/err" >&2; exit 1; }
url="http://127.0.0.1:$port"
warm_start=$(date +%s.%N)
curl -sf -o "$tmp/g" -H "Authorization: Bearer $token" "$url/api/map/geometry"
curl -sf -o "$tmp/f" -H "Authorization: Bearer $token" "$url/api/map/figures"
warm_end=$(date +%s.%N)
echo "warm-up (survey, designation, areas): $(echo "$warm_end - $warm_start" | bc) s;" \
  "geometry $(stat -c %s "$tmp/g") bytes, figures $(stat -c %s "$tmp/f") bytes"
cd "$root/web"
PRAKSIS_URL="$url" PRAKSIS_TOKEN="$token" RUNS="$runs" node bench/first_paint.js
