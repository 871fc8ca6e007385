#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the app from a build directory without installing it: schemas from the build,
# demo data from the source tree. Usage: tools/run.sh [BUILD_DIR] [pinscope ARGS...]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build="$src/build"
if [ $# -gt 0 ] && [ -d "$1" ]; then
  build=$(cd "$1" && pwd)
  shift
fi
export GSETTINGS_SCHEMA_DIR="$build/data"
export PINSCOPE_DATADIR="$src/data"
exec "$build/src/app/pinscope" "$@"
