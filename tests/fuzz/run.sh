#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each from the seed corpus in tests/fuzz/corpus (the
# corpus grows in a scratch copy, the repository's stays as committed). Exit 1 on any finding;
# the reproducer is left in build/asan/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
bin=build/asan/tests/fuzz
mkdir -p build/asan/findings
status=0
for t in csv toml json claims; do
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
done
exit $status
