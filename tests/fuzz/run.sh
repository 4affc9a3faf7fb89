#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each from the seed corpus in tests/fuzz/corpus (the
# corpus grows in a scratch copy, the repository's stays as committed). Exit 1 on any finding;
# the reproducer is left in build/asan/findings/. The targets are single-threaded: JOBS of them
# (PRAKSIS_FUZZ_JOBS, default 2, one per core) run at once, each still for its full SECONDS.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
jobs="${PRAKSIS_FUZZ_JOBS:-2}"
bin=build/asan/tests/fuzz
mkdir -p build/asan/findings

fuzz_one() {  # TARGET: runs it, prints one line, returns 1 on a finding
  local t="$1" work status=0
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$t/." "$work/"
  if "$bin/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="build/asan/findings/$t-" "$work" >"build/asan/findings/$t.log" 2>&1; then
    echo "fuzz_$t: $(grep -E '^Done' "build/asan/findings/$t.log" | tail -1)"
  else
    echo "fuzz_$t: FINDING (see build/asan/findings/$t.log)" >&2
    grep -E 'ERROR|SUMMARY' "build/asan/findings/$t.log" >&2 || true
    status=1
  fi
  rm -rf "$work"
  return $status
}

status=0
pids=()
for t in csv toml json claims; do
  fuzz_one "$t" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
