#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The built metainfo validates, names the project's version as a release, and every
# screenshot it shows exists in docs/screenshots of this checkout.
# Usage: check-metainfo.sh METAINFO SOURCE_ROOT VERSION
set -u
metainfo=${1:?usage: check-metainfo.sh METAINFO SOURCE_ROOT VERSION}
src=${2:?usage: check-metainfo.sh METAINFO SOURCE_ROOT VERSION}
version=${3:?usage: check-metainfo.sh METAINFO SOURCE_ROOT VERSION}
status=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; status=1; }

if appstreamcli validate --no-net --explain "$metainfo"; then
  ok "appstreamcli validate --no-net"
else
  fail "appstreamcli validate --no-net"
fi

grep -q "<release version=\"$version\"" "$metainfo" && ok "release $version is listed" ||
  fail "no <release version=\"$version\">"

n=0
for url in $(sed -n 's|.*<image[^>]*>\(.*\)</image>.*|\1|p' "$metainfo"); do
  n=$((n + 1))
  case $url in
    https://*/docs/screenshots/*.png)
      name=${url##*/docs/screenshots/}
      [ -f "$src/docs/screenshots/$name" ] && ok "screenshot $name exists" ||
        fail "screenshot $url has no docs/screenshots/$name in the checkout" ;;
    *) fail "screenshot $url is not a docs/screenshots PNG over https" ;;
  esac
done
[ $n -gt 0 ] && ok "$n screenshots" || fail "no screenshot"
exit $status
