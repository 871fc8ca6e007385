#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: benchmarks/run.sh [BUILD_DIR]
# Times "pinscope-cli pins" and "pins --json" over a 10,000-certificate PEM bundle against a minimal GnuTLS
# loop (baseline-keyid) and against certtool --pubkey-info run once per certificate, and
# reports peak memory. The bundle is made of the system's Mozilla roots, repeated.
# Then times "check --chain" (text and --json; min and median of 3 runs) of a
# 10,000-certificate file against a pinset of 10,000 rules of 2 pins that all cover its
# chain, and against one where none does.
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

# check --chain: 10,000 certificates x 10,000 rules. A leaf for *.bench.test and its CA,
# made as fleet.sh makes them, around 9,998 certificates of the bundle above.
"$(dirname "$0")/make-pki.sh" "$work" "Bench CA"
chain="$work/chain.pem"
{
  cat "$work/leaf.pem"
  awk '/-----BEGIN CERTIFICATE-----/ { n++ } n <= 9998' "$bundle"
  cat "$work/ca.pem"
} > "$chain"
# "pins" prints a header line, then the pin, for each certificate.
"$cli" pins "$chain" | awk 'NR % 2 == 0 { print $1 }' > "$work/pins.txt"
# Rules of 2 pins: the leaf's or the CA's, and a root's as a backup. "cover" rules name hosts
# the leaf serves; "nocover" rules name other hosts.
for kind in cover nocover; do
  awk -v kind="$kind" '
    { pins[n++] = $1 }
    END {
      printf "{\n  \"format\" : \"pinscope-pinset\",\n  \"version\" : 1,\n"
      printf "  \"name\" : \"bench %s\",\n  \"rules\" : [\n", kind
      for (i = 0; i < 10000; i++) {
        first = i % 2 == 0 ? 0 : n - 1
        r = 1 + (i * 7) % (n - 2)
        printf "    { \"domains\" : [ { \"name\" : \"h%05d.%s\" } ],\n", i,
               kind == "cover" ? "bench.test" : "other.test"
        printf "      \"pins\" : [ { \"hash\" : \"%s\", \"role\" : \"%s\" },\n", pins[first],
               i % 2 == 0 ? "leaf" : "intermediate"
        printf "        { \"hash\" : \"%s\", \"label\" : \"root %d\", ", pins[r], r
        printf "\"role\" : \"backup\" } ] }%s\n", i < 9999 ? "," : ""
      }
      printf "  ]\n}\n"
    }' "$work/pins.txt" > "$work/$kind.json"
done

stats3 () {
  # min and median of 3 wall-clock runs, in seconds
  for i in 1 2 3; do
    { /usr/bin/time -f '%e' "$@" > /dev/null; } 2>&1 | tail -n 1
  done | sort -n | awk '{ t[NR] = $1 } END { printf "min %5.2f s, median %5.2f s", t[1], t[2] }'
}

echo "check --chain, $(grep -c 'BEGIN CERTIFICATE' "$chain") certificates x 10,000 rules" \
  "(goal <= 1.5 s), load average $(cut -d' ' -f1-3 /proc/loadavg):"
for kind in cover nocover; do
  printf '  rules %-8s text: %s\n' "$kind" \
    "$(stats3 "$cli" check --chain "$chain" "$work/$kind.json")"
  printf '  rules %-8s json: %s\n' "$kind" \
    "$(stats3 "$cli" check --json --chain "$chain" "$work/$kind.json")"
done
