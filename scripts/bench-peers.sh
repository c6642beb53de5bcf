#!/usr/bin/env bash
# tally beside what users would pick instead (issue 20): the same three
# hierarchy checks over the same synth data, whole process, per tool.
#
#   scripts/bench-peers.sh [--size 1e6] [--runs 3] [--work DIR]
#
# The checks: children sum to their parent (additive indicators, empty
# figures skipped), percentages in [0, 100], every region registered
# (`regions.csv`; tally: `unknown-region`).
#
# - tally: `tally check --format json --select breakdown-sum-mismatch,
#   percentage-out-of-range,unknown-region` on the synth project's RON;
# - csv-checks: a Rust program with the standard library only, reading
#   `values.csv` (bench/src/bin/csv-checks.rs): the floor;
# - pandas + pandera and frictionless on `values.csv`
#   (bench/peers/*.py; versions pinned in bench/peers/requirements.txt,
#   installed into a venv in the work folder).
#
# Prints a Markdown table: median wall time and peak RSS (`/usr/bin/time
# -v`) per tool, the findings per check, and whether they equal the
# manifest's faults; exits 1 if any tool's counts differ.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

size=1e6
runs=3
work=target/bench-peers
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
case "$size" in
    1e4) regions=100 ;;
    1e5) regions=1000 ;;
    3e5) regions=3000 ;;
    1e6) regions=10000 ;;
    1e7) regions=100000 ;;
    *) echo "unknown size $size (1e4 1e5 3e5 1e6 1e7)" >&2; exit 2 ;;
esac

cargo build --release -q -p tally --bin tally
cargo build --release -q -p tally-bench --bin synth --bin csv-checks
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target_dir/release"
mkdir -p "$work"
work=$(cd "$work" && pwd)

. scripts/lib.sh

venv="$work/venv"
if ! cmp -s bench/peers/requirements.txt "$venv/requirements.txt" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r bench/peers/requirements.txt >&2
    cp bench/peers/requirements.txt "$venv/requirements.txt"
fi

dir="$work/synth-${regions}x100"
if ! grep -q "\"regions\": $regions," "$dir/manifest.json" 2>/dev/null; then
    rm -rf "$dir"
    "$bin/synth" --regions "$regions" --indicators 100 --seed 1 --fault-rate 0.001 --out "$dir" >&2
fi
project_rules "$dir"

checks="breakdown-sum-mismatch percentage-out-of-range unknown-region"
expected=$(python3 - "$dir/manifest.json" <<'PY'
import json, sys
counts = json.load(open(sys.argv[1]))["counts"]
print(" ".join(f"{k}={counts.get(k, 0)}" for k in ["breakdown-sum-mismatch", "percentage-out-of-range", "unknown-region"]))
PY
)

tally_counts() {
    python3 - "$1" <<'PY'
import json, sys
keys = ["breakdown-sum-mismatch", "percentage-out-of-range", "unknown-region"]
findings = json.load(open(sys.argv[1]))["diagnostics"]
print(" ".join(f"{k}={sum(1 for f in findings if f['rule'] == k)}" for k in keys))
PY
}


run_tool() {
    local name=$1
    shift
    local counts=""
    timed_runs "$runs" "$dir" "$work/out.txt" "$name" "$@"
    if [ "$name" = tally ]; then
        counts=$(tally_counts "$work/out.txt")
    else
        counts=$(sed -n 's/^findings //p' "$work/out.txt")
    fi
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | median)
    same=no
    [ "$counts" = "$expected" ] && same=yes
    [ "$same" = yes ] || status=1
    printf '| %s | %.3f | %.0f | %s | %s |\n' "$name" "$wall" "$((rss / 1024))" "$(tr ' ' '\n' <<<"$counts" | cut -d= -f2 | paste -sd' ' | sed 's/ / \/ /g')" "$same"
    eval "wall_$(tr -c 'a-z0-9\n' '_' <<<"$name")=$wall"
}

status=0
echo "## the same three checks, tally and its peers"
echo
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- engine cli || echo ' + uncommitted changes'), $(nproc) cores, $((regions * 100)) values ($(du -sb "$dir/data" | cut -f1) bytes of RON, $(stat -c %s "$dir/values.csv") bytes of CSV), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | wall s (median) | peak RSS MiB | findings (sum / percentage / region) | = manifest |"
echo "|---|---:|---:|---|---|"
run_tool tally "$bin/tally" check --format json --select "$(tr ' ' ',' <<<"$checks")"
run_tool csv-checks "$bin/csv-checks" .
run_tool pandera "$venv/bin/python" "$root/bench/peers/pandera_checks.py" .
run_tool frictionless "$venv/bin/python" "$root/bench/peers/frictionless_checks.py" .
echo
echo "manifest: $expected; $runs runs each; tally / csv-checks: $(awk -v a="$wall_tally" -v b="$wall_csv_checks" 'BEGIN { printf "%.2f", a / b }')×; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
