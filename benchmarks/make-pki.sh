#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Usage: benchmarks/make-pki.sh DIR "CA NAME"
# Writes DIR/ca.key, DIR/ca.pem (a CA named CA NAME) and DIR/leaf.key, DIR/leaf.pem (a leaf for
# *.bench.test it issued), ECDSA P-256, valid 30 days: the PKI of benchmarks/run.sh and fleet.sh.
set -eu
dir=$1
cat > "$dir/ca.tmpl" <<TMPL
cn = "$2"
ca
cert_signing_key
expiration_days = 30
TMPL
cat > "$dir/leaf.tmpl" <<TMPL
cn = "bench.test"
dns_name = "*.bench.test"
tls_www_server
signing_key
expiration_days = 30
TMPL
certtool --generate-privkey --key-type ecdsa --outfile "$dir/ca.key" 2>/dev/null
certtool --generate-self-signed --load-privkey "$dir/ca.key" --template "$dir/ca.tmpl" \
  --outfile "$dir/ca.pem" 2>/dev/null
certtool --generate-privkey --key-type ecdsa --outfile "$dir/leaf.key" 2>/dev/null
certtool --generate-certificate --load-privkey "$dir/leaf.key" --load-ca-certificate \
  "$dir/ca.pem" --load-ca-privkey "$dir/ca.key" --template "$dir/leaf.tmpl" \
  --outfile "$dir/leaf.pem" 2>/dev/null
