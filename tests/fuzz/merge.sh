#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Adds to tests/data/fuzz/TARGET/ the inputs of the work corpus of tests/fuzz/run.sh
# (_build-fuzz/corpus/TARGET/) that reach code the committed corpus does not, so that the
# replay test in the normal suite covers what fuzzing found. Inputs over MAX_BYTES (default
# 4096) are left out to keep the repository small.
# Usage: tests/fuzz/merge.sh [TARGET…]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/_build-fuzz"
max=${MAX_BYTES:-4096}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export G_SLICE=always-malloc
targets=${*:-$(ls "$build/corpus")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in $targets; do
  mkdir -p "$tmp/$t"
  find "$build/corpus/$t" -type f -size -"$((max + 1))"c -exec cp {} "$tmp/$t/" \;
  before=$(ls "$src/tests/data/fuzz/$t" | wc -l)
  "$build/tests/fuzz/fuzz-$t" -merge=1 -timeout=10 -rss_limit_mb=2048 \
    "$src/tests/data/fuzz/$t" "$tmp/$t" >"$build/logs/merge-$t.log" 2>&1
  after=$(ls "$src/tests/data/fuzz/$t" | wc -l)
  echo "$t: $before -> $after files"
done
du -sh "$src/tests/data/fuzz"
