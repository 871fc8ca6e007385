#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds every libFuzzer target of tests/fuzz/meson.build (clang, ASan + UBSan, LeakSanitizer
# on) and fuzzes each for SECONDS (default 60), starting from its seed corpus in
# tests/data/fuzz/TARGET/. Hangs (-timeout), memory blow-ups (-rss_limit_mb) and leaks are
# findings like crashes; fuzzing goes on after a finding (fork mode) and every finding is kept
# in _build-fuzz/findings/TARGET/. Ends with one summary line per target.
#
# Usage: tests/fuzz/run.sh [SECONDS [TARGET…]]
#   PS_FUZZ_JOBS=N  fuzz N targets at a time (default 1)
# Copy a finding into tests/data/fuzz/TARGET/ to make it a regression of the replay test.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
jobs=${PS_FUZZ_JOBS:-1}
build="$src/_build-fuzz"

if [ ! -f "$build/build.ninja" ]; then
  setup_log=$(mktemp)
  CC=clang meson setup "$build" "$src" -Dapp=disabled -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >"$setup_log" 2>&1 ||
    { cat "$setup_log"; rm -f "$setup_log"; exit 2; }
  rm -f "$setup_log"
fi

all=$(sed -n "s/^  \['\([a-z0-9-]*\)', 'fuzz-.*/\1/p" "$src/tests/fuzz/meson.build")
# Each "foreach id : [...]" block names its targets PREFIX + id ("fuzz_targets += [['PREFIX' + id").
all="$all $(awk '
  /^foreach id :/ { ids = ""; inlist = 1 }
  inlist { line = $0
           while (match(line, /\047[a-z0-9-]*\047/)) {
             ids = ids " " substr(line, RSTART + 1, RLENGTH - 2)
             line = substr(line, RSTART + RLENGTH) }
           if ($0 ~ /\]$/) inlist = 0; next }
  /fuzz_targets \+= \[\[\047[a-z0-9-]*\047 \+ id/ {
    match($0, /\[\[\047[a-z0-9-]*\047/); prefix = substr($0, RSTART + 3, RLENGTH - 4)
    n = split(ids, list, " "); for (i = 1; i <= n; i++) printf "%s%s ", prefix, list[i] }
' "$src/tests/fuzz/meson.build")"
targets=${*:-$all}

for t in $targets; do
  ninja -C "$build" -j2 "tests/fuzz/fuzz-$t" >/dev/null || { echo "cannot build fuzz-$t"; exit 2; }
done

# Errors of UBSan stop the run; GSlice hands its blocks to malloc so that ASan sees them.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}"
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export LC_ALL=C.UTF-8

# Private keys are read by the material target, but none is kept in the repository: a few
# throwaway ones are made here, in the work corpus only.
add_keys () {
  dir=$1
  command -v openssl >/dev/null || return 0
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$dir/key-rsa.pem" 2>/dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/key-ec.pem" 2>/dev/null
  openssl genpkey -algorithm ED25519 -out "$dir/key-ed25519.pem" 2>/dev/null
  openssl rsa -in "$dir/key-rsa.pem" -traditional -out "$dir/key-rsa-pkcs1.pem" 2>/dev/null
  openssl ec -in "$dir/key-ec.pem" -out "$dir/key-ec-sec1.pem" 2>/dev/null
  openssl pkey -in "$dir/key-ec.pem" -outform DER -out "$dir/key-ec.der" 2>/dev/null
  openssl rsa -in "$dir/key-rsa.pem" -pubout -out "$dir/key-rsa.pub.pem" 2>/dev/null
}

fuzz_one () {
  t=$1
  work="$build/corpus/$t"
  findings="$build/findings/$t"
  log="$build/logs/$t.log"
  mkdir -p "$work" "$findings" "$build/logs"
  [ "$t" = material ] && add_keys "$work"
  start=$(date +%s)
  "$build/tests/fuzz/fuzz-$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$findings/" \
    "$work" "$src/tests/data/fuzz/$t" >"$log" 2>&1 || true
  end=$(date +%s)
  # Fork mode prints "#EXECS: cov: C ft: F corp: N exec/s: E oom/timeout/crash: O/T/C ...".
  stats=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1)
  execs=$(echo "$stats" | sed -n 's/^#\([0-9]*\):.*/\1/p')
  cov=$(echo "$stats" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$stats" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$stats" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  otc=$(echo "$stats" | sed -n 's/.*oom\/timeout\/crash: \([0-9\/]*\).*/\1/p')
  kept=$(find "$findings" -type f | wc -l)
  printf '%-22s %5ss %10s execs  cov %5s  ft %6s  corp %5s  oom/timeout/crash %-7s findings %s\n' \
    "$t" "$((end - start))" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${otc:-?}" \
    "$kept" | tee -a "$build/summary.txt"
}

echo "fuzzing $(echo "$targets" | wc -w) targets for ${seconds}s each, $jobs at a time"
echo "# $(date -u +%FT%TZ) ${seconds}s each" >>"$build/summary.txt"
running=0
for t in $targets; do
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait
found=$(find "$build/findings" -type f | wc -l)
echo "findings: $found (in $build/findings; logs in $build/logs)"
[ "$found" -eq 0 ]
