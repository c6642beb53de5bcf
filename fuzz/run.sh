#!/usr/bin/env bash
# Runs one fuzz target on one core, seeded from the shipped data or rules.
#
#   fuzz/run.sh load|check|rule [SECONDS]      (default 600)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). libFuzzer needs
# nightly compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain take
# them. `-s none`: no sanitizer (tally is `forbid(unsafe_code)`; panics,
# hangs and memory blow-ups are what the fuzzer looks for, and it runs about
# twice as fast without AddressSanitizer).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh load|check|rule [SECONDS]}
seconds=${2:-600}
corpus=corpus/$target
mkdir -p "$corpus"
shopt -s nullglob
# Crashers found so far, kept as regression tests of the ordinary test suite.
regressions=../engine/tests/fuzz/$target

seed() {
    for file in "$@"; do
        cp "$file" "$corpus/seed-$(sha1sum <"$file" | cut -c1-16)"
    done
}

case $target in
load | check)
    seed ../data/*.ron $(find ../rules/fixtures -name '*.ron') "$regressions"/*
    dict=dict/ron.dict
    timeout=60
    ;;
rule)
    seed ../rules/*.rhai ../rules/lib/*.rhai "$regressions"/*
    dict=dict/rhai.dict
    timeout=20
    ;;
*)
    echo "unknown target $target (load, check, rule)" >&2
    exit 2
    ;;
esac

RUSTC_BOOTSTRAP=1 exec nice -n 10 cargo fuzz run -s none "$target" "$corpus" -- \
    -max_total_time="$seconds" -jobs=1 -workers=1 \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout="$timeout" \
    -dict="$dict" -print_final_stats=1
