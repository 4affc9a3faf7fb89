#!/usr/bin/env bash
# The browser tests (CTest BrowserTests): a small generated world (scale 0.02), `praksis serve` on
# a free port with tokens, `npx playwright test` from web/ with Debian's /usr/bin/chromium, then
# the server is stopped. Exit 77 (CTest: skipped) only when web/node_modules or chromium is absent.
# Usage: tests/browser/run.sh [BUILD_DIR]   (default build/release)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/release}"
bin="$build/praksis"
web="$root/web"
chromium="${PRAKSIS_CHROMIUM:-/usr/bin/chromium}"
if [ ! -d "$web/node_modules/@playwright/test" ] || [ ! -f "$web/node_modules/leaflet/dist/leaflet.js" ]; then
  echo "BrowserTests skipped: web/node_modules is missing (run scripts/bootstrap.sh --with-browser, then configure and build again)"
  exit 77
fi
if [ ! -x "$chromium" ]; then
  echo "BrowserTests skipped: $chromium is missing (run scripts/bootstrap.sh --with-browser)"
  exit 77
fi
[ -x "$bin" ] || { echo "run.sh: $bin is missing; build praksis_cli first" >&2; exit 2; }

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" generate --scale 0.02 --seed 1 --out "$tmp/world" >/dev/null
"$bin" import "$tmp/world" --db "$tmp/world.db" >/dev/null
"$bin" --log-level warn report --db "$tmp/world.db" --out "$tmp/report.html" >/dev/null
cat >"$tmp/tokens.toml" <<'TOML'
[[token]]
name = "planner"
token = "browser-planner-token-0123456789"
role = "region"
region = 1084

[[token]]
name = "kbh"
token = "browser-kommune-token-0123456789"
role = "kommune"
kommune = 101

[[token]]
name = "citizen"
token = "browser-citizen-token-0123456789"
role = "citizen"
citizen = "00000000000000a1"
TOML
# A resident of København (kommune 101) for the caseworker test, as the API's 16 hex digits.
citizen_id="$(python3 - "$tmp/world.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(v,) = db.execute("select id from citizens where kommune = 101 order by id limit 1").fetchone()
print(format(int(v) & (2**64 - 1), "016x"))
PY
)"

: >"$tmp/serve.out"  # exists before the background server opens it (the loop reads it)
"$bin" serve --db "$tmp/world.db" --tokens "$tmp/tokens.toml" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's#^[^ ].* http://[^:]*:\([0-9]*\)$#\1#p' "$tmp/serve.out")"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "run.sh: the server did not start" >&2; cat "$tmp/serve.err" >&2; exit 1; }

cd "$web"
PRAKSIS_URL="http://127.0.0.1:$port" \
  PRAKSIS_PLANNER_TOKEN="browser-planner-token-0123456789" \
  PRAKSIS_KOMMUNE_TOKEN="browser-kommune-token-0123456789" \
  PRAKSIS_CITIZEN_TOKEN="browser-citizen-token-0123456789" \
  PRAKSIS_CITIZEN_ID="$citizen_id" PRAKSIS_CHROMIUM="$chromium" PRAKSIS_REPORT="$tmp/report.html" \
  npx --no-install playwright test
