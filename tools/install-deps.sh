#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs everything Pinscope needs to build, run and test on Debian 12 / Ubuntu 22.04+.
set -eu

SUDO=
if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q $(grep -v '^#' "$(dirname "$0")/debian-packages.txt")
