#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A -Ddevelopment=true build installs its desktop integration under the .Devel app id,
# with its own icon and settings path, so it never overwrites the stable app's files.
# Usage: check-devel.sh SOURCE_ROOT
set -u
src=${1:?usage: check-devel.sh SOURCE_ROOT}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; status=1; }

for flavour in stable devel; do
  dev=false
  [ $flavour = devel ] && dev=true
  if ! timeout 60 meson setup "$tmp/$flavour" "$src" -Ddevelopment=$dev -Dapp=disabled \
       --prefix=/usr >"$tmp/$flavour.log" 2>&1; then
    tail -n 30 "$tmp/$flavour.log"
    fail "meson setup -Ddevelopment=$dev"
    exit 1
  fi
  meson introspect "$tmp/$flavour" --installed |
    tr ',' '\n' | sed -n 's/.*: *"\(\/[^"]*\)".*/\1/p' | sort > "$tmp/$flavour.files"
done

stable_id=io.github.pinscope.Pinscope
devel_id=io.github.pinscope.Pinscope.Devel
for f in "applications/$devel_id.desktop" "metainfo/$devel_id.metainfo.xml" \
         "glib-2.0/schemas/$devel_id.gschema.xml" "dbus-1/services/$devel_id.service" \
         "icons/hicolor/scalable/apps/$devel_id.svg" \
         "icons/hicolor/symbolic/apps/$devel_id-symbolic.svg"; do
  grep -qx "/usr/share/$f" "$tmp/devel.files" && ok "devel installs $f" ||
    fail "devel does not install $f"
  stable_f=$(printf '%s' "$f" | sed "s/$devel_id/$stable_id/")
  grep -qx "/usr/share/$stable_f" "$tmp/stable.files" && ok "stable installs $stable_f" ||
    fail "stable does not install $stable_f"
done

# The desktop integration files of the two flavours never collide.
for dir in applications metainfo glib-2.0/schemas dbus-1/services icons; do
  common=$(grep "^/usr/share/$dir/" "$tmp/stable.files" | grep -Fxf "$tmp/devel.files")
  [ -z "$common" ] && ok "no shared file under share/$dir" ||
    fail "both flavours install $common"
done

# Its own settings path, its own icon drawing.
schema=$(find "$tmp/devel" -name "$devel_id.gschema.xml" | head -n 1)
if [ -n "$schema" ] && grep -q "id=\"$devel_id\" path=\"/io/github/pinscope/Pinscope/Devel/\"" "$schema"; then
  ok "devel schema has its own id and path"
else
  fail "devel schema id or path is wrong"
fi
desktop=$(find "$tmp/devel" -name "$devel_id.desktop.in" | head -n 1)
if [ -n "$desktop" ] && grep -qx "Icon=$devel_id" "$desktop"; then
  ok "devel desktop file names the devel icon"
else
  fail "devel desktop file does not name the devel icon"
fi
if cmp -s "$src/data/icons/hicolor/scalable/apps/$stable_id.svg" \
          "$src/data/icons/hicolor/scalable/apps/$devel_id.svg"; then
  fail "the devel icon is the same drawing as the stable one"
else
  ok "the devel icon is its own drawing"
fi
exit $status
