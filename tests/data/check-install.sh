#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a temporary DESTDIR, checks that every installed file of a
# complete GNOME app is there and valid, and runs the installed pinscope-cli.
# Usage: check-install.sh BUILD_ROOT PREFIX BINDIR DATADIR MANDIR LOCALEDIR APP_ID HAS_APP
set -u
if [ $# -ne 8 ]; then
  echo "usage: check-install.sh BUILD_ROOT PREFIX BINDIR DATADIR MANDIR LOCALEDIR APP_ID HAS_APP" >&2
  exit 2
fi
build=$1 prefix=$2 bindir=$3 datadir=$4 mandir=$5 localedir=$6 app_id=$7 has_app=$8

# meson passes bindir and friends relative to the prefix, or absolute.
abs() {
  case $1 in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$prefix" "$1" ;;
  esac
}
bindir=$(abs "$bindir") datadir=$(abs "$datadir") mandir=$(abs "$mandir")
localedir=$(abs "$localedir")

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"

if ! timeout 120 meson install -C "$build" --no-rebuild --destdir "$dest" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "FAIL: meson install --destdir"
  exit 1
fi
echo "ok: meson install --destdir"

status=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; status=1; }
file() {
  if [ -f "$dest$1" ] && [ -s "$dest$1" ]; then ok "installed $1"; else fail "missing $1"; fi
}

file "$bindir/pinscope-cli"
if [ "$has_app" = true ]; then
  file "$bindir/pinscope"
  [ -x "$dest$bindir/pinscope" ] || fail "pinscope is not executable"
else
  echo "# the app is not built; its binary is not checked"
fi
file "$datadir/applications/$app_id.desktop"
file "$datadir/metainfo/$app_id.metainfo.xml"
file "$datadir/glib-2.0/schemas/$app_id.gschema.xml"
file "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
file "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
file "$datadir/dbus-1/services/$app_id.service"
file "$datadir/mime/packages/$app_id.xml"
file "$mandir/man1/pinscope-cli.1"
file "$datadir/bash-completion/completions/pinscope-cli"
for f in demo-chain.pem demo-root-ca.pem demo-backup-key.pub.pem demo.pinset.json; do
  file "$datadir/pinscope/demo/$f"
done
file "$localedir/de/LC_MESSAGES/pinscope.mo"

# Nothing secret is installed.
if grep -rlI -e '^-----BEGIN [A-Z ]*PRIVATE KEY-----' "$dest" >/dev/null 2>&1; then
  fail "a private key was installed: $(grep -rlI -e '^-----BEGIN [A-Z ]*PRIVATE KEY-----' "$dest")"
else
  ok "no private key installed"
fi

# The installed files are valid, and they agree with each other.
desktop="$dest$datadir/applications/$app_id.desktop"
if [ -f "$desktop" ]; then
  desktop-file-validate "$desktop" && ok "installed desktop file validates" ||
    fail "installed desktop file does not validate"
  grep -qx "Icon=$app_id" "$desktop" && ok "desktop file names the installed icon" ||
    fail "desktop file Icon= is not $app_id"
  grep -q '^Name\[de\]=' "$desktop" && ok "desktop file carries the German translation" ||
    fail "desktop file has no Name[de]"
fi
service="$dest$datadir/dbus-1/services/$app_id.service"
if [ -f "$service" ]; then
  grep -qx "Name=$app_id" "$service" && ok "D-Bus service name is the app id" ||
    fail "D-Bus service Name= is not $app_id"
  grep -qx "Exec=$bindir/pinscope --gapplication-service" "$service" &&
    ok "D-Bus service runs the installed app" || fail "D-Bus service Exec= is wrong"
fi
metainfo="$dest$datadir/metainfo/$app_id.metainfo.xml"
if [ -f "$metainfo" ]; then
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" &&
    ok "metainfo launches the installed desktop file" || fail "metainfo launchable is wrong"
fi
for icon in "$dest$datadir/icons/hicolor/scalable/apps/$app_id.svg" \
            "$dest$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
  [ -f "$icon" ] || continue
  if xmllint --noout "$icon" 2>/dev/null && grep -q '<svg' "$icon"; then
    ok "$(basename "$icon") is well-formed SVG"
  else
    fail "$(basename "$icon") is not well-formed SVG"
  fi
done
symbolic="$dest$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
if [ -f "$symbolic" ]; then
  grep -q 'width="16" height="16"' "$symbolic" && ! grep -q 'stroke' "$symbolic" &&
    ok "symbolic icon is 16×16 and drawn with fills only" ||
    fail "symbolic icon must be 16×16 and drawn with fills only (GTK recolours fills)"
fi
schemadir="$dest$datadir/glib-2.0/schemas"
if [ -d "$schemadir" ]; then
  glib-compile-schemas --strict --targetdir="$tmp" "$schemadir" &&
    ok "installed schema compiles" || fail "installed schema does not compile"
fi
mo="$dest$localedir/de/LC_MESSAGES/pinscope.mo"
if [ -f "$mo" ]; then
  n=$(msgunfmt "$mo" 2>/dev/null | grep -c '^msgid ')
  [ "$n" -gt 1 ] && ok "German catalog has $n messages" || fail "German catalog is empty"
fi
man="$dest$mandir/man1/pinscope-cli.1"
if [ -f "$man" ] && command -v man >/dev/null 2>&1; then
  out=$(MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null)
  [ -z "$out" ] && ok "man page renders without warnings" || fail "man page warnings: $out"
fi
completion="$dest$datadir/bash-completion/completions/pinscope-cli"
if [ -f "$completion" ]; then
  bash -n "$completion" && ok "bash completion parses" || fail "bash completion has syntax errors"
fi

# The installed command line tool runs.
cli="$dest$bindir/pinscope-cli"
if [ -x "$cli" ]; then
  version=$(timeout 10 "$cli" --version 2>&1)
  rc=$?
  case $version in
    "pinscope-cli "[0-9]*) [ $rc -eq 0 ] && ok "installed pinscope-cli --version: $version" ||
                             fail "pinscope-cli --version exited with $rc" ;;
    *) fail "installed pinscope-cli --version printed '$version' (exit $rc)" ;;
  esac
  if [ -f "$dest$datadir/pinscope/demo/demo-chain.pem" ]; then
    timeout 10 "$cli" pins "$dest$datadir/pinscope/demo/demo-chain.pem" >"$tmp/pins.out" 2>&1 &&
      ok "installed pinscope-cli reads the installed demo chain" ||
      fail "installed pinscope-cli pins demo-chain.pem failed: $(cat "$tmp/pins.out")"
  fi
else
  fail "installed pinscope-cli is not executable"
fi

# The installed app starts far enough to parse its command line (no display needed).
app="$dest$bindir/pinscope"
if [ "$has_app" = true ] && [ -x "$app" ]; then
  if env -u DISPLAY -u WAYLAND_DISPLAY GSETTINGS_SCHEMA_DIR="$schemadir" \
       timeout 10 "$app" --help >"$tmp/app-help.out" 2>&1; then
    ok "installed pinscope --help runs"
  else
    fail "installed pinscope --help failed: $(cat "$tmp/app-help.out")"
  fi
fi

exit $status
