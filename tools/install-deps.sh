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
$SUDO apt-get install -y -q \
  meson ninja-build pkg-config gcc libc6-dev \
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin libgnutls28-dev libjson-glib-dev \
  libgtk-4-dev libadwaita-1-dev \
  gettext appstream desktop-file-utils libxml2-utils shared-mime-info \
  gnutls-bin openssl ca-certificates curl time bc python3 imagemagick \
  xvfb xauth dbus xfonts-base fonts-cantarell fonts-dejavu-core fontconfig \
  adwaita-icon-theme hicolor-icon-theme \
  default-jdk-headless libokhttp-java \
  flatpak-builder
