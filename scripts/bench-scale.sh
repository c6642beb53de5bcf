#!/usr/bin/env bash
# Whole-process scale benchmark of `tally check` on synth data (issue 6).
#
#   scripts/bench-scale.sh [--sizes "1e4 1e5 3e5 1e6"] [--runs 5] [--native] [--work DIR]
#
# TALLY_BIN=path runs that `tally` instead of the release build (to compare
# with a copy of the binary from before a change).
# Builds the release `tally` and the bench binaries, generates a synth data
# set per size (regions × 100 indicators; 3e5 is the issue's headline
# 3000 × 100), runs `tally check --format json` in it N times under
# `/usr/bin/time -v`, and prints a Markdown table: median and range of wall
# time, peak RSS (median), data size on disk, findings, and whether the
# findings equal the manifest. `--native` adds, per size, the phase
# breakdown and the rule-phase / native-reference ratio (`native-ratio`).
# Data sets are kept in the work folder (default target/bench-scale) and
# reused while their manifest matches.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

sizes="1e4 1e5 3e5 1e6"
runs=5
native=0
work=target/bench-scale
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --native) native=1; shift ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

shape() {
    case "$1" in
        1e4) echo "100 100" ;;
        1e5) echo "1000 100" ;;
        3e5) echo "3000 100" ;;
        1e6) echo "10000 100" ;;
        1e7) echo "100000 100" ;;
        *x*) echo "${1%x*} ${1#*x}" ;;
        *) echo "unknown size $1 (1e4 1e5 3e5 1e6 1e7 or RxK)" >&2; exit 2 ;;
    esac
}

cargo build --release -q -p tally --bin tally
cargo build --release -q -p tally-bench --bins
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/release"
mkdir -p "$work"
work=$(cd "$work" && pwd)

. scripts/lib.sh

echo "## tally check at scale"
echo
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- engine cli rules || echo ' + uncommitted changes'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
rows=()
natives=()
for size in $sizes; do
    read -r regions indicators < <(shape "$size")
    dir="$work/synth-${regions}x${indicators}"
    if ! grep -q "\"seed\": 1," "$dir/manifest.json" 2>/dev/null \
        || ! grep -q "\"regions\": $regions," "$dir/manifest.json" \
        || ! grep -q "\"indicators\": $indicators," "$dir/manifest.json" \
        || ! grep -q "\"fault_rate\": 0.001," "$dir/manifest.json"; then
        rm -rf "$dir"
        "$bin/synth" --regions "$regions" --indicators "$indicators" --seed 1 --fault-rate 0.001 --out "$dir" >&2
    fi
    # synth copies the rules and schemas once; a reused data set gets today's.
    project_rules "$dir"
    data_bytes=$(du -sb "$dir/data" | cut -f1)
    values=$((regions * indicators))
    timed_runs "$runs" "$dir" "$work/out.json" "$size" "${TALLY_BIN:-$bin/tally}" check --format json
    wall=$(printf '%s\n' "${walls[@]}" | median)
    range=$(printf '%s\n' "${walls[@]}" | minmax)
    rss_kib=$(printf '%s\n' "${rsss[@]}" | median)
    set +e
    verdict=$("$bin/manifest-diff" "$dir" "$work/out.json")
    same=$?
    set -e
    read -r _ findings _ faults _ missing _ unexpected < <(head -1 <<<"$verdict")
    if [ "$same" = 0 ]; then equal="yes"; else equal="**no** ($missing missing, $unexpected unexpected)"; fi
    rows+=("$(awk -v v="$values" -v r="$regions" -v k="$indicators" -v b="$data_bytes" -v w="$wall" -v rg="$range" \
        -v rss="$rss_kib" -v f="$findings" -v m="$faults" -v e="$equal" -v c="$code" 'BEGIN {
        printf "| %d | %d × %d | %.1f | %.3f | %s | %.1f | %.1f× | %d | %d | %s | %d |",
            v, r, k, b / 1e6, w, rg, rss / 1024, rss * 1024 / b, f, m, e, c }')")
    if [ "$native" = 1 ]; then
        set +e
        natives+=("$("$bin/native-ratio" "$dir" --runs "$runs")")
        set -e
    fi
done

echo "| values | regions × indicators | data MB | wall s (median) | wall s (range) | peak RSS MiB | RSS / data | findings | faults | = manifest | exit |"
echo "|---:|---|---:|---:|---|---:|---:|---:|---:|---|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "$runs runs each, \`tally check --format json\` run in the data set's folder, all shipped rules; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${natives[@]}"; do
    echo
    echo "$n"
done
cd "$root"
