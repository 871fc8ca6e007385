#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source or UI file under src/ with translatable strings must be listed in
# po/POTFILES.in, and every file listed there must exist.
# Usage: check-potfiles.sh SOURCE_ROOT
set -u
root=${1:?usage: check-potfiles.sh SOURCE_ROOT}
potfiles="$root/po/POTFILES.in"
status=0

listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$potfiles" | grep -v '^$')

for f in $listed; do
  if [ ! -f "$root/$f" ]; then
    echo "POTFILES.in lists $f, which does not exist"
    status=1
  fi
done

cd "$root" || exit 2
for f in $(find src -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) | LC_ALL=C sort); do
  if grep -q -E -e '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext) ?\(' \
       -e 'translatable="(yes|true)"' "$f"; then
    if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
      echo "$f has translatable strings but is missing from po/POTFILES.in"
      status=1
    fi
  fi
done

[ $status -eq 0 ] && echo "POTFILES.in is complete"
exit $status
