#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed corpora of tests/data/fuzz/ from the test data and the demo pinset, so that
# they can be made again. Files named crash-*, timeout-*, oom-* or leak-* (regressions kept
# from fuzzing) are left alone. Needs openssl, python3 (for zip archives whose odd names no
# zip tool writes) and a built pinscope-cli.
# Usage: tests/fuzz/make-seeds.sh PINSCOPE_CLI [TARGET…]
# With TARGETs, only the seeds of those targets that have a function seeds_TARGET in
# make-seeds-more.sh are written (builds-zip, builds-proto-xml, builds-proto-arsc (these two
# need aapt2), builds-build, x509-facts, host); without, every corpus is.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
cli=$1
shift
out="$src/tests/data/fuzz"
data="$src/tests/data"
demo="$src/data/demo/demo.pinset.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seed_dir () {
  mkdir -p "$out/$1"
  find "$out/$1" -type f ! -name 'crash-*' ! -name 'timeout-*' ! -name 'oom-*' \
    ! -name 'leak-*' -delete
}

. "$src/tests/fuzz/make-seeds-more.sh"
if [ $# -gt 0 ]; then
  for t in "$@"; do
    "seeds_$(echo "$t" | tr - _)"
  done
  du -sh "$out"
  exit 0
fi

# Small certificates only: the 1000- and 10000-SAN ones would slow every run.
certs=$(ls "$data"/realworld/badssl/*.pem "$data"/realworld/x509-limbo/*.pem |
  grep -v -e '-sans\.pem$' | while read -r f; do
    [ "$(wc -c <"$f")" -le 6000 ] && echo "$f"; done)

# Pin notations, from a real pin and a SHA-1 one, plus lists and near misses.
seed_dir pin
n=0
for notation in base64 okhttp curl hpkp hex hex-colons tlsa; do
  "$cli" pins --notation "$notation" "$src/data/demo/demo-root-ca.pem" | sed -n 2p |
    sed 's/^ *//' | tr -d '\n' >"$out/pin/$notation"
done
b64=$(cat "$out/pin/base64")
printf 'sha1/%s' "$(printf 'x' | sha1sum | cut -c1-40 | xxd -r -p | base64)" >"$out/pin/sha1"
printf '%s;%s\n%s' "$b64" "sha256/$b64" "sha256//$b64" >"$out/pin/list"
printf 'sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' >"$out/pin/placeholder"
printf ' pin-sha256="%s"; max-age=10' "$b64" >"$out/pin/hpkp-header"
printf '3 1 2 %s' "$(printf 'x' | sha512sum | cut -c1-128)" >"$out/pin/tlsa-sha512"

# The native JSON: the demo, and the same through the JSON exporter.
seed_dir pinset-json
cp "$demo" "$out/pinset-json/demo.json"
"$cli" export --format json "$demo" >"$out/pinset-json/exported.json"

# Each importer: the sample configurations, and the demo exported in that format.
for id in android okhttp-kotlin okhttp-java trustkit-plist ats-plist curl hpkp tlsa json text
do
  seed_dir "format-$id"
  "$cli" export --format "$id" "$demo" >"$out/format-$id/demo" 2>/dev/null
done
cp "$data/configs/network_security_config.xml" "$out/format-android/"
cp "$data/configs/PinningModule.kt" "$out/format-okhttp-kotlin/"
cp "$data/configs/Info-TrustKit.plist" "$out/format-trustkit-plist/"
cp "$data/configs/Info-ATS.plist" "$out/format-ats-plist/"
cp "$data/configs/curl-pins.txt" "$out/format-curl/"
cp "$data/configs/hpkp-header.txt" "$out/format-hpkp/"
seed_dir format-detect
for id in android okhttp-kotlin okhttp-java trustkit-plist ats-plist curl hpkp tlsa json text
do
  cp "$out/format-$id/demo" "$out/format-detect/$id"
done
cp "$data"/configs/* "$out/format-detect/"

# The DER walker: certificates, public keys, a CSR and a PKCS#7 bundle, in DER.
seed_dir der
cp "$src/tests/fixtures/ecdsa-cert.der" "$out/der/"
for f in $certs; do
  b=$(basename "$f" .pem)
  openssl x509 -in "$f" -outform DER -out "$out/der/$b.der"
done
for f in wildcard-rsa2048 wildcard-ecc256; do
  openssl x509 -in "$data/realworld/badssl/$f.pem" -pubkey -noout |
    openssl pkey -pubin -outform DER -out "$out/der/$f.spki"
done
openssl crl2pkcs7 -nocrl -certfile "$data/realworld/badssl/wildcard-ecc256.pem" \
  -outform DER -out "$out/der/bundle.p7b"
# A CSR signed by a throwaway key that is not kept.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/k" \
  -subj "/CN=fuzz.example" -outform DER -out "$out/der/request.csr" 2>/dev/null

# Key material: the same in PEM, and a few DER files.
seed_dir material
for f in $certs; do
  cp "$f" "$out/material/"
done
cp "$src/data/demo/demo-backup-key.pub.pem" "$src/data/demo/demo-chain.pem" "$out/material/"
cp "$out/der/request.csr" "$out/der/bundle.p7b" "$out/der/wildcard-ecc256.spki" \
  "$out/der/ecdsa-cert.der" "$out/material/"
openssl req -in "$out/der/request.csr" -inform DER -out "$out/material/request.csr.pem"

# STARTTLS: the first byte picks the protocol (see fuzz-starttls.c), then the server's side.
seed_dir starttls
printf '\000220 mx.example ESMTP\r\n250-mx.example\r\n250 STARTTLS\r\n220 Go ahead\r\n' \
  >"$out/starttls/smtp"
printf '\000220 mx.example ESMTP\r\n250 mx.example\r\n' >"$out/starttls/smtp-no-starttls"
printf '\001* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\na001 OK Begin TLS\r\n' \
  >"$out/starttls/imap"
printf '\002+OK POP3 ready\r\n+OK Begin TLS\r\n' >"$out/starttls/pop3"
printf '\003220 FTP ready\r\n234 AUTH TLS OK\r\n' >"$out/starttls/ftp"
printf '\004%s%s%s' "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.com' version='1.0'>" \
  "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>" \
  >"$out/starttls/xmpp"
printf "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" >>"$out/starttls/xmpp"
# LDAP ExtendedResponse, messageID 1, resultCode success, responseName the StartTLS OID.
printf '\005\060\044\002\001\001\170\037\012\001\000\004\000\004\000\212\026%s' \
  '1.3.6.1.4.1.1466.20037' >"$out/starttls/ldap"
printf '\006S' >"$out/starttls/postgres"
printf '\006N' >"$out/starttls/postgres-refused"

seeds_builds_zip
seeds_builds_proto_xml
seeds_builds_proto_arsc
seeds_builds_build
seeds_x509_facts
seeds_host

du -sh "$out"
