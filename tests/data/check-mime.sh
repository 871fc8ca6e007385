#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The MIME definition is well-formed and makes GIO recognise native pinset files by
# name (*.pinset.json, *.pinset) and by content (the "format" member).
# Usage: check-mime.sh BUILT_MIME_XML DEMO_PINSET
set -u
xml=${1:?usage: check-mime.sh MIME_XML DEMO_PINSET}
pinset=${2:?usage: check-mime.sh MIME_XML DEMO_PINSET}
type=application/x-pinscope-pinset

xmllint --noout "$xml" || exit 1
for tool in update-mime-database gio; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data/mime/packages" "$tmp/files"
cp "$xml" "$tmp/data/mime/packages/pinscope-test.xml" || exit 2
update-mime-database "$tmp/data/mime" >/dev/null || { echo "FAIL: update-mime-database"; exit 1; }

cp "$pinset" "$tmp/files/demo.pinset.json"
cp "$pinset" "$tmp/files/demo.pinset"
cp "$pinset" "$tmp/files/no-extension"
printf '{"format":"pinscope-pinset","version":1,"rules":[]}\n' > "$tmp/files/compact-no-extension"
printf '{\n  "format" : "pinscope-pinset",\n  "version" : 1\n}\n' > "$tmp/files/json-glib-no-extension"
printf '{\n  "format": "pinscope-pinset",\n  "version": 1\n}\n' > "$tmp/files/python-no-extension"
printf '{"something": "else"}\n' > "$tmp/files/other.json"

status=0
expect() {
  got=$(XDG_DATA_HOME="$tmp/data" XDG_DATA_DIRS="$tmp/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
        gio info -a standard::content-type "$tmp/files/$1" | sed -n 's/^ *standard::content-type: //p')
  if [ "$got" = "$2" ]; then
    echo "ok: $1 is $2"
  else
    echo "FAIL: $1 is '$got', expected $2"
    status=1
  fi
}
expect demo.pinset.json $type
expect demo.pinset $type
expect no-extension $type
expect compact-no-extension $type
expect json-glib-no-extension $type
expect python-no-extension $type
expect other.json application/json
exit $status
