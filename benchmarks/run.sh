#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: benchmarks/run.sh [BUILD_DIR]
# Times "pinscope-cli pins" and "pins --json" over a 10,000-certificate PEM bundle against a minimal GnuTLS
# loop (baseline-keyid) and against certtool --pubkey-info run once per certificate, and
# reports peak memory. The bundle is made of the system's Mozilla roots, repeated.
set -eu
build=${1:-build}
cli="$build/src/cli/pinscope-cli"
baseline="$build/benchmarks/baseline-keyid"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

roots=/usr/share/ca-certificates/mozilla
bundle="$work/bundle.pem"
: > "$bundle"
n=0
while [ "$n" -lt 10000 ]; do
  for f in "$roots"/*.crt; do
    [ "$n" -ge 10000 ] && break
    cat "$f" >> "$bundle"
    n=$((n + 1))
  done
done
echo "bundle: $n certificates, $(du -h "$bundle" | cut -f1)"

best () {
  # best of 5 wall-clock runs, in seconds
  b=
  for i in 1 2 3 4 5; do
    t=$( { /usr/bin/time -f '%e %M' "$@" > /dev/null; } 2>&1 | tail -n 1)
    s=${t% *}
    if [ -z "$b" ] || [ "$(echo "$s < $b" | bc)" = 1 ]; then b=$s; m=${t#* }; fi
  done
  echo "$b $m"
}

set -- $(best "$cli" pins "$bundle"); ps_time=$1; ps_mem=$2
set -- $(best "$cli" pins --json "$bundle"); json_time=$1; json_mem=$2
set -- $(best "$baseline" "$bundle"); base_time=$1; base_mem=$2

# certtool once per certificate, measured on 200 certificates and scaled to 10,000.
split_dir="$work/split"; mkdir "$split_dir"
(cd "$split_dir" && csplit -s -z -f c -b '%05d.pem' "$bundle" '/-----BEGIN CERTIFICATE-----/' '{199}' 2>/dev/null || true)
start=$(date +%s.%N)
for f in $(ls "$split_dir" | head -n 200); do
  certtool --pubkey-info --load-certificate "$split_dir/$f" > /dev/null 2>&1
done
end=$(date +%s.%N)
certtool_time=$(echo "($end - $start) * 10000 / 200" | bc -l)

printf 'pinscope-cli pins:           %6.2f s, peak RSS %6.1f MiB\n' "$ps_time" "$(echo "$ps_mem / 1024" | bc -l)"
printf 'pinscope-cli pins --json:    %6.2f s, peak RSS %6.1f MiB\n' "$json_time" "$(echo "$json_mem / 1024" | bc -l)"
printf 'baseline GnuTLS key-id loop: %6.2f s, peak RSS %6.1f MiB\n' "$base_time" "$(echo "$base_mem / 1024" | bc -l)"
printf 'certtool per certificate:    %6.2f s (200 measured, scaled)\n' "$certtool_time"
printf 'pinscope / baseline:         %6.2fx (must be <= 1.5)\n' "$(echo "$ps_time / $base_time" | bc -l)"
printf 'pins --json / baseline:      %6.2fx (must be <= 1.0)\n' "$(echo "$json_time / $base_time" | bc -l)"
printf 'certtool / pinscope:         %6.0fx (must be >= 50)\n' "$(echo "$certtool_time / $ps_time" | bc -l)"
