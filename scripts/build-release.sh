#!/usr/bin/env bash
# One static `tally` binary for a PC without a Rust toolchain (issue 17):
# x86_64 Linux, linked against musl, no shared library needed. It is
# written to dist/tally-VERSION-x86_64-linux-musl (and checked to be
# static). Copy that one file onto the PC, name it `tally`, put it on PATH.
#
# Needs: the Rust target `x86_64-unknown-linux-musl`
# (`rustup target add x86_64-unknown-linux-musl`) and `musl-gcc`
# (Debian/Ubuntu: `apt-get install musl-tools`), because the allocator
# (mimalloc) is C. The script says which one is missing and stops.
set -euo pipefail

target=x86_64-unknown-linux-musl
cd "$(dirname "$0")/.."

missing=0
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    echo "missing: the Rust target $target — run: rustup target add $target" >&2
    missing=1
fi
if ! command -v musl-gcc >/dev/null 2>&1; then
    echo "missing: musl-gcc (the C compiler for musl) — run: apt-get install musl-tools" >&2
    missing=1
fi
if [ "$missing" -ne 0 ]; then
    exit 2
fi

export CC_x86_64_unknown_linux_musl=musl-gcc
# Everything statically linked, the C runtime included.
export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static"
cargo build --release --locked --target "$target" -p tally

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
mkdir -p dist
out="dist/tally-$version-x86_64-linux-musl"
cp "target/$target/release/tally" "$out"
# The line tables are for tally's developers; the copy handed out is smaller.
if command -v strip >/dev/null 2>&1; then
    strip "$out"
fi

if command -v file >/dev/null 2>&1; then
    description=$(file -b "$out")
    echo "$out: $description"
    case "$description" in
        *"dynamically linked"*) echo "error: $out is dynamically linked" >&2; exit 1 ;;
    esac
fi
# glibc's ldd says "statically linked" (exit 0) or "not a dynamic
# executable" (exit 1) for a static binary, and lists libraries otherwise.
if libraries=$(ldd "$out" 2>&1) && ! grep -qE "statically linked|not a dynamic executable" <<<"$libraries"; then
    echo "error: $out needs shared libraries:" >&2
    echo "$libraries" >&2
    exit 1
fi
"$out" --version
ls -l "$out"
