#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: benchmarks/fleet.sh [BUILD_DIR]
#   N=500       endpoints (distinct loopback addresses 127.0.1.1, 127.0.1.2, …, one port)
#   SAMPLE=N    how many of them the sequential gnutls-cli loop visits (default: all); a
#               smaller sample is timed and extrapolated to N, and the output says so
#   JOBS=32     pinscope-cli scan --jobs
#   DELAY_MS=25 one-way delay of the proxy (25 ms each way = 50 ms of round trip)
# Times "pinscope-cli scan" over N endpoints 50 ms of round trip away against a sequential
# loop of gnutls-cli over the same endpoints, in the same run. The latency comes from a
# user-space delay proxy (benchmarks/delay-proxy.c; this kernel has no netem) listening on
# N loopback addresses in front of one loopback TLS server (benchmarks/tls-server.c, a thread
# per connection: gnutls-serv runs its handshakes one at a time). Every endpoint is
# its own name (hI.bench.test, a wildcard certificate), mapped to its address with --resolve
# for pinscope-cli and with --sni-hostname/--verify-hostname for gnutls-cli; both verify
# the chain against the same CA.
set -eu
build=${1:-build}
n=${N:-500}
sample=${SAMPLE:-$n}
jobs=${JOBS:-32}
delay=${DELAY_MS:-25}
cli="$build/src/cli/pinscope-cli"
proxy="$build/benchmarks/delay-proxy"
server="$build/benchmarks/tls-server"
fail () { echo "$*" >&2; exit 1; }
[ -x "$cli" ] && [ -x "$proxy" ] && [ -x "$server" ] || { echo "build $build first" >&2; exit 2; }
[ "$sample" -le "$n" ] || sample=$n

work=$(mktemp -d)
pids=
cleanup () {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

now () { date +%s.%N; }

# A CA and a wildcard leaf for *.bench.test, ECDSA P-256.
"$(dirname "$0")/make-pki.sh" "$work" "Fleet benchmark CA"

# Ports from the process id, away from the usual ones.
up_port=$((20000 + $$ % 10000))
port=$((up_port + 10000))

"$server" "$up_port" "$work/leaf.pem" "$work/leaf.key" > "$work/server.log" 2>&1 &
pids="$pids $!"

# Endpoint I: name hI.bench.test at 127.0.1.1 + I.
address () {
  x=$((257 + $1))
  echo "127.0.$((x / 256)).$((x % 256))"
}
"$proxy" "$delay" 127.0.1.1 "$n" "$port" 127.0.0.1 "$up_port" > "$work/proxy.out" 2>&1 &
pids="$pids $!"

i=0
while ! grep -q ready "$work/proxy.out" 2>/dev/null; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { cat "$work/proxy.out" >&2; exit 1; }
  sleep 0.1
done
i=0
while ! grep -q ready "$work/server.log" 2>/dev/null; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

: > "$work/hosts"
set --
i=0
while [ "$i" -lt "$n" ]; do
  echo "h$i.bench.test:$port" >> "$work/hosts"
  set -- "$@" --resolve "h$i.bench.test:$port:$(address "$i")"
  i=$((i + 1))
done

echo "endpoints: $n loopback addresses, one-way delay ${delay} ms (round trip $((2 * delay)) ms)"

# pinscope-cli scan, all at once.
start=$(now)
/usr/bin/time -f '%M' -o "$work/rss" "$cli" scan --json --jobs "$jobs" --timeout 60 \
  --cafile "$work/ca.pem" --hosts-file "$work/hosts" "$@" > "$work/scan.jsonl" \
  && status=0 || status=$?
end=$(now)
ps_time=$(echo "$end - $start" | bc)
ok=$(grep -c '"verdict":"ok"' "$work/scan.jsonl" || true)
echo "pinscope-cli scan --jobs $jobs: ${ps_time} s, $ok/$n endpoints ok (exit $status)," \
     "peak RSS $(($(cat "$work/rss") / 1024)) MiB"
if [ "$ok" -ne "$n" ]; then
  grep -v '"ok"' "$work/scan.jsonl" | head -5 >&2
  fail "not every endpoint was ok"
fi

# The same endpoints, one gnutls-cli after the other.
start=$(now)
i=0
good=0
while [ "$i" -lt "$sample" ]; do
  if gnutls-cli --x509cafile "$work/ca.pem" --sni-hostname "h$i.bench.test" \
       --verify-hostname "h$i.bench.test" -p "$port" "$(address "$i")" \
       < /dev/null > /dev/null 2>&1; then
    good=$((good + 1))
  fi
  i=$((i + 1))
done
end=$(now)
loop_time=$(echo "$end - $start" | bc)
[ "$good" -eq "$sample" ] || fail "gnutls-cli failed on $((sample - good)) endpoints"
if [ "$sample" -eq "$n" ]; then
  loop_total=$loop_time
  echo "gnutls-cli loop: ${loop_time} s for all $n endpoints (measured)"
else
  loop_total=$(echo "scale=3; $loop_time * $n / $sample" | bc)
  echo "gnutls-cli loop: ${loop_time} s for a SAMPLE of $sample of $n endpoints;" \
       "extrapolated to $n: ${loop_total} s (NOT measured in full)"
fi
ratio=$(echo "scale=1; $loop_total / $ps_time" | bc)
echo "speed-up: ${ratio}x (goal: at least 25x)"
