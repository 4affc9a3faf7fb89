#!/usr/bin/env bash
# S4 (residents without two open clinics within 15 km) per kommune by praksis and by two peers in
# the same run: PostGIS (ST_DWithin on a geography GiST index) and scipy (cKDTree on unit
# vectors). Fails when a peer's count differs from praksis's in any kommune; prints the times
# and their ratios. The peers are installed here only (Debian packages), never by the product.
# Usage: bench/peers.sh PRAKSIS_BINARY STORE.db [RUNS] [--no-postgis]
set -euo pipefail
praksis="$(realpath "$1")" db="$(realpath "$2")" runs="${3:-5}" postgis="${4:-}"
here="$(cd "$(dirname "$0")" && pwd)"
need=()
dpkg -s python3-scipy >/dev/null 2>&1 || need+=(python3-scipy)
[ "$postgis" = "--no-postgis" ] || dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 ||
  need+=(postgresql-15-postgis-3)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y "${need[@]}"
fi
work="$(mktemp -d /tmp/praksis-peers.XXXXXX)"
state="$work/pg"
cleanup() {
  [ "$postgis" = "--no-postgis" ] || "$here/../tests/pg_cluster.sh" stop "$state" || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
pg=()
if [ "$postgis" != "--no-postgis" ]; then
  "$here/../tests/pg_cluster.sh" start "$state"
  pg=(--pg "$(cat "$state/uri")")
fi
# The Debian python that the packages above installed scipy for (not a pyenv one on PATH).
/usr/bin/python3 "$here/peers_s4.py" --praksis "$praksis" --db "$db" --work "$work" --runs "$runs" "${pg[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
