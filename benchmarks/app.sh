#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: benchmarks/app.sh [BUILD_DIR]
# Measures the app from outside, under Xvfb, with benchmarks/xping (see xping.c): for bundles
# of 10,000 and 1,000 certificates (the demo chain, repeated) and for --demo, three runs each,
# the minimum and the median of:
#   mapped      start of the process to the mapping of its window, s;
#   responsive  mapping to the end of the last freeze (a _NET_WM_PING answer over 100 ms), s;
#   drawn       mapping to the last damage before the window stays unchanged for 2 s, s;
#   freeze      the longest wait for a _NET_WM_PING answer, s;
#   rss         peak resident memory, MiB.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
xping="$build/benchmarks/xping"
app="$build/src/app/pinscope"
[ -x "$xping" ] || { echo "app.sh: $xping was not built (needs the x11 and xdamage libraries)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A blinking cursor would damage the window forever.
mkdir -p "$work/config/gtk-4.0"
printf '[Settings]\ngtk-cursor-blink=false\n' > "$work/config/gtk-4.0/settings.ini"

make_bundle () {
  # $1 certificates from the demo chain, repeated.
  awk -v n="$1" '
    /-----BEGIN CERTIFICATE-----/ { inside = 1; block = "" }
    inside { block = block $0 "\n" }
    /-----END CERTIFICATE-----/ { inside = 0; blocks[count++] = block }
    END { for (i = 0; i < n; i++) printf "%s", blocks[i % count] }
  ' "$src/data/demo/demo-chain.pem" > "$work/bundle-$1.pem"
}

# minimum and median of three numbers
stats () {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "min %7.3f  median %7.3f", v[1], v[2] }'
}

field () {
  printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

measure () {
  # $1 the case's name; the rest, the app's arguments
  name=$1; shift
  mapped=; responsive=; drawn=; freeze=; rss=
  for run in 1 2 3; do
    line=$(env PINSCOPE_DATADIR="$src/data" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
               GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" LC_ALL=C.UTF-8 \
               XDG_CONFIG_HOME="$work/config" \
               xvfb-run -a -s '-screen 0 1280x800x24' "$xping" -- "$app" "$@" | tail -n 1)
    case $line in *timeout=1*) echo "$name: run $run timed out" >&2 ;; esac
    mapped="$mapped $(field "$line" mapped)"
    responsive="$responsive $(field "$line" responsive)"
    drawn="$drawn $(field "$line" drawn)"
    freeze="$freeze $(field "$line" freeze)"
    rss="$rss $(field "$line" rss)"
  done
  echo "$name:"
  echo "  start to mapped, s:        $(stats $mapped)"
  echo "  mapped to responsive, s:   $(stats $responsive)"
  echo "  mapped to drawn, s:        $(stats $drawn)"
  echo "  longest freeze, s:         $(stats $freeze)"
  echo "  peak RSS, MiB:             $(stats $rss)"
}

for n in 10000 1000; do
  make_bundle "$n"
  measure "$n certificates" "$work/bundle-$n.pem"
done
measure "--demo" --demo
