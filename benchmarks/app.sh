#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: benchmarks/app.sh [BUILD_DIR]
# Opens bundles of 1,000 and 10,000 certificates (the demo chain, repeated) in the app under
# Xvfb, three times each, and prints the best and the median of: the time from the window's
# mapping (when the file is opened) until it is drawn and stays unchanged, the longest main-loop gap (wall and main-thread
# work), and the peak RSS. See benchmarks/app-open.c for what each figure means.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
bench="$build/benchmarks/app-open"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_bundle () {
  # $1 certificates from the demo chain, repeated.
  awk -v n="$1" '
    /-----BEGIN CERTIFICATE-----/ { inside = 1; block = "" }
    inside { block = block $0 "\n" }
    /-----END CERTIFICATE-----/ { inside = 0; blocks[count++] = block }
    END { for (i = 0; i < n; i++) printf "%s", blocks[i % count] }
  ' "$src/data/demo/demo-chain.pem" > "$work/bundle-$1.pem"
}

# best and median of three numbers
stats () {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "best %7.3f  median %7.3f", v[1], v[2] }'
}

field () {
  printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

for n in 1000 10000; do
  make_bundle "$n"
  settled=; gap=; work_=; rss=
  for run in 1 2 3; do
    line=$(env GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
               GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" LC_ALL=C.UTF-8 \
               xvfb-run -a -s '-screen 0 1280x800x24' "$bench" "$work/bundle-$n.pem" | tail -n 1)
    settled="$settled $(field "$line" settled)"
    gap="$gap $(field "$line" gap)"
    work_="$work_ $(field "$line" work)"
    rss="$rss $(field "$line" rss)"
  done
  echo "$n certificates:"
  echo "  mapped to settled, s:          $(stats $settled)"
  echo "  longest main-loop gap, s:      $(stats $gap)"
  echo "  longest main-thread work, s:   $(stats $work_)"
  echo "  peak RSS, MiB:                 $(stats $rss)"
done
