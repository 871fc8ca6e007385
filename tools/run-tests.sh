#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Pinscope twice (normal, and with AddressSanitizer + UndefinedBehaviorSanitizer) in
# fresh build directories and runs the whole test suite; the sanitizer build runs the core,
# cli, net and formats suites. Ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
status=0

count () {
  # Reads meson's JSON test log and adds its counts.
  eval "$(python3 - "$1" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"):
        p += 1
    elif r == "SKIP":
        s += 1
    else:
        f += 1
print(f"p={p} f={f} s={s}")
PY
)"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

run_build () {
  dir=$1; shift
  suites=$1; shift
  rm -rf "$dir"
  if ! meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || ! ninja -C "$dir" >"$dir.build.log" 2>&1; then
    cat "$dir.setup.log" "$dir.build.log" 2>/dev/null | tail -n 60
    echo "build failed in $dir"
    failed=$((failed + 1))
    status=1
    return
  fi
  rm -f "$dir.setup.log" "$dir.build.log"
  # shellcheck disable=SC2086
  meson test -C "$dir" --print-errorlogs --num-processes 2 $suites || status=1
  count "$dir/meson-logs/testlog.json"
}

run_build _build "" -Dwerror=false
run_build _build-asan "--suite core --suite cli --suite net --suite formats" \
  -Db_sanitize=address,undefined -Db_lundef=false -Dapp=disabled

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
