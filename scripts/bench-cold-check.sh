#!/usr/bin/env bash
# Cold `tally check` of the shipped data and rules: process start to exit,
# release build. Prints min, median and p95 wall time over N runs.
#   scripts/bench-cold-check.sh [N] [BINARY]
# BINARY (default: build and use target/release/tally) compares another
# build, e.g. a copy of the binary from before a change.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-50}"
if [ -n "${2:-}" ]; then
    bin="$2"
else
    cargo build --release -q -p tally
    bin=target/release/tally
fi
"$bin" check >/dev/null || true   # warm the page cache, not the process
times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" check --format json >/dev/null || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
pick() { awk -v us="${sorted[$1]}" 'BEGIN { printf "%.1f", us / 1000 }'; }
p95=$(( (runs * 95 + 99) / 100 - 1 ))
echo "cold tally check, shipped data (${runs} runs): min $(pick 0) ms, median $(pick $((runs / 2))) ms, p95 $(pick $p95) ms"
