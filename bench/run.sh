#!/usr/bin/env bash
# Runs a benchmark suite: bench/run.sh NAME [args] runs bench/NAME.sh; without NAME, lists them.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [ -z "$name" ] || [ ! -x "bench/$name.sh" ]; then
  echo "usage: ./run bench NAME [args]; suites:" >&2
  for f in bench/*.sh; do [ "$f" = bench/run.sh ] || echo "  $(basename "$f" .sh): $(sed -n 2p "$f" | sed 's/^# //')" >&2; done
  exit 2
fi
shift
exec "bench/$name.sh" "$@"
