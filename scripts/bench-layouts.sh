#!/usr/bin/env bash
# Whole-process `tally check` and the bare parser on one large file in
# each layout of `layouts` (issue 20).
#
#   scripts/bench-layouts.sh [--mb 100] [--runs 3] [--layouts "flat strings deep pretty"] [--work DIR]
#
# Generates `layouts --layout L --mb N` per layout (kept in the work folder,
# default target/bench-layouts, and reused while its size matches), then
# prints a Markdown table: the bare parser's median MB/s on one thread and
# on all cores (`parse-rate`), and `tally check --format json` run in the
# project: median wall time, peak RSS (`/usr/bin/time -v`), RSS / data and
# the findings (none are expected: the layouts have no faults and no rules).
set -euo pipefail
cd "$(dirname "$0")/.."

mb=100
runs=3
layouts="flat strings deep pretty"
work=target/bench-layouts
tally=""
while [ $# -gt 0 ]; do
    case "$1" in
        --mb) mb="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --layouts) layouts="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --tally) tally="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

cargo build --release -q -p tally --bin tally
cargo build --release -q -p tally-bench --bin layouts --bin parse-rate
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/release"
tally=${tally:-$bin/tally}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cores=$(nproc)

. scripts/lib.sh

echo "## one large file per layout"
echo
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- engine cli || echo ' + uncommitted changes'), $cores cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| layout | data MB | nodes per MB | parse MB/s, 1 thread | parse MB/s, $cores threads | check wall s (median) | peak RSS MiB | RSS / data | findings |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for layout in $layouts; do
    dir="$work/$layout-$mb"
    if [ ! -f "$dir/data/table.ron" ]; then
        "$bin/layouts" --layout "$layout" --mb "$mb" --out "$dir" >&2
    fi
    file="$dir/data/table.ron"
    bytes=$(stat -c %s "$file")
    one=$("$bin/parse-rate" "$file" --runs "$runs" --threads 1 | tail -1)
    all=$("$bin/parse-rate" "$file" --runs "$runs" --threads "$cores" | tail -1)
    nodes=$("$bin/parse-rate" "$file" --runs 1 | sed -n 1p | sed -n 's/.*(\([0-9]*\) per MB).*/\1/p')
    rate1=$(sed -n 's/.*, \([0-9]*\) MB\/s$/\1/p' <<<"$one")
    rateN=$(sed -n 's/.*, \([0-9]*\) MB\/s$/\1/p' <<<"$all")
    timed_runs "$runs" "$dir" "$work/out.json" "$layout" "$tally" check --format json
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | median)
    findings=$( (grep -o '"rule":' "$work/out.json" || true) | wc -l)
    awk -v l="$layout" -v b="$bytes" -v n="$nodes" -v r1="$rate1" -v rn="$rateN" -v w="$wall" -v rss="$rss" -v f="$findings" 'BEGIN {
        printf "| %s | %.1f | %s | %s | %s | %.3f | %.0f | %.1f× | %d |\n", l, b / 1e6, n, r1, rn, w, rss / 1024, rss * 1024 / b, f }'
done
echo
echo "$runs runs each; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
