#!/usr/bin/env bash
# Installs everything praksis needs on a Debian 12 machine; idempotent and non-interactive.
# Usage: scripts/bootstrap.sh [--with-browser] [--with-bench] [--with-fuzz] [--with-postgres]
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config git
  libsqlite3-dev sqlite3 nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev
  libnanoflann-dev libcpp-httplib-dev libssl-dev zlib1g-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-format ccache coinor-libcbc-dev libpq-dev libxlsxwriter-dev)
with_browser=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) packages+=(chromium); with_browser=1 ;;
    --with-bench) packages+=(wrk hyperfine valgrind curl python3-pulp) ;;
    # clang 14 with libFuzzer and the sanitizer runtimes (-fsanitize=fuzzer,address,undefined)
    --with-fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    # the PostgreSQL server the tests start as a throwaway cluster (initdb in a temporary directory)
    --with-postgres) packages+=(postgresql) ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

# Node.js and npm for the web app's packages and the browser tests. A machine that already has a
# Node.js with npm (for example from NodeSource, whose nodejs conflicts with Debian's npm) keeps it.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# The web app's packages (web/package-lock.json: Leaflet, compiled into the binary, and
# @playwright/test for the browser tests). Playwright drives Debian's /usr/bin/chromium, so it
# downloads no browser.
web_packages() {
  [ "$with_browser" = 1 ] || return 0
  local web
  web="$(cd "$(dirname "$0")/.." && pwd)/web"
  if [ ! -f "$web/node_modules/.package-lock.json" ] ||
    [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    echo "bootstrap: npm ci in web/" >&2
    (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  web_packages
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "bootstrap: missing packages: ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
web_packages
