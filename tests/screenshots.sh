#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the main states of the app (empty, a chain, a pinset with findings, the compare
# and export views, dark style, a 360 px wide window) into docs/screenshots/*.png, under a
# private Xvfb server, with the demo data of data/ and settings kept in memory.
#
#   tests/screenshots.sh [BUILDDIR] [OUTDIR]
#
# BUILDDIR defaults to ./build, OUTDIR to docs/screenshots (both relative to the source
# root). Needs xvfb-run; the build must have the app enabled.
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-build}
outdir=${2:-docs/screenshots}
case $builddir in /*) ;; *) builddir=$srcdir/$builddir ;; esac
case $outdir in /*) ;; *) outdir=$srcdir/$outdir ;; esac

renderer=$builddir/tests/pinscope-screenshots
if [ ! -x "$renderer" ]; then
  echo "$renderer is missing: build first (ninja -C $builddir)" >&2
  exit 2
fi

mkdir -p "$outdir"
env GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
    GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$builddir/data" \
    PINSCOPE_DATADIR="$srcdir/data" PS_TESTDATA="$srcdir/tests/data" LC_ALL=C.UTF-8 \
    xvfb-run -a -s '-screen 0 1400x1000x24' "$renderer" "$outdir"
