#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzzes the key-material reader with libFuzzer (clang) for SECONDS (default 60), starting
# from the certificates of the test corpus. Usage: tests/fuzz/run.sh [SECONDS]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
build="$src/_build-fuzz"
CC=clang meson setup "$build" "$src" -Dapp=disabled -Db_sanitize=address,undefined \
  -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link --reconfigure >/dev/null 2>&1 || \
  CC=clang meson setup "$build" "$src" -Dapp=disabled -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
ninja -C "$build" src/core/libpscore.a >/dev/null
corpus="$build/fuzz-corpus"
mkdir -p "$corpus"
cp "$src"/tests/fixtures/*.der "$corpus"/ 2>/dev/null || true
for f in "$src"/tests/data/realworld/badssl/*.pem; do
  cp "$f" "$corpus/$(basename "$f")"
done
clang -g -O1 -fsanitize=fuzzer,address,undefined -I"$build" -I"$src/src/core" -I"$src/src/core/x509" \
  $(pkg-config --cflags glib-2.0 gio-2.0 gnutls) \
  "$src/tests/fuzz/fuzz-material.c" "$build/src/core/libpscore.a" \
  $(pkg-config --libs glib-2.0 gio-2.0 gnutls json-glib-1.0) -o "$build/fuzz-material"
"$build/fuzz-material" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 "$corpus"
