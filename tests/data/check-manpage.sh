#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The man page renders without warnings and documents what the built pinscope-cli
# has: every command of its --help, every long option of every command, every
# format id, and the exit codes.
# Usage: check-manpage.sh MAN_PAGE PINSCOPE_CLI
set -u
page=${1:?usage: check-manpage.sh MAN_PAGE PINSCOPE_CLI}
cli=${2:?usage: check-manpage.sh MAN_PAGE PINSCOPE_CLI}
status=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; status=1; }

if command -v man >/dev/null 2>&1; then
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] && ok "man page renders without warnings" || fail "man warnings: $warnings"
fi

# The page's text with roff escapes for '-' undone, as the options appear in it.
text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$page")
has() { printf '%s\n' "$text" | grep -q -e "$1"; }

commands=$("$cli" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
[ -n "$commands" ] || fail "no commands in pinscope-cli --help"
for cmd in $commands; do
  has "^\.SS \"$cmd" && ok "command $cmd is documented" || fail "command $cmd is not documented"
  help="$cmd"
  [ "$cmd" = pinset ] && help="pinset new"
  # shellcheck disable=SC2086
  for opt in $("$cli" $help --help 2>/dev/null | grep -o -e '--[a-z][a-z0-9-]*' | sort -u); do
    [ "$opt" = --help ] && continue
    has -- "$opt" && ok "$cmd $opt is documented" || fail "$cmd $opt is not documented"
  done
done
for id in $("$cli" formats 2>/dev/null | awk '$1 ~ /^[a-z][a-z0-9-]*$/ { print $1 }'); do
  has "($id\|[ (]$id[,)]\|^\.RB ( $id\|^$id\|$id ),\|, $id )" && ok "format $id is documented" ||
    fail "format $id is not documented"
done
for code in 0 1 2 3; do
  printf '%s\n' "$text" | sed -n '/^\.SH EXIT STATUS/,/^\.SH [^E]/p' | grep -qx "\.B $code" &&
    ok "exit code $code is documented" || fail "exit code $code is not documented"
done
exit $status
