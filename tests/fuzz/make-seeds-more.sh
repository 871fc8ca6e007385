# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by make-seeds.sh (which sets src, out, data, tmp and seed_dir): the seeds of the
# zip, build, raw certificate and host targets, one function each.

# Zip archives: both compressions and more, data descriptors, a comment, names that climb out
# or are not UTF-8, duplicates, bombs for the target's small limits, a lying size, truncation.
seeds_builds_zip () {
  seed_dir builds-zip
  python3 "$src/tests/fuzz/seed-zips.py" zip "$src" "$out/builds-zip"
}

# The protobuf forms of an App Bundle's parts (manifest, network security config, resource
# table), linked by aapt2 --proto-format from the sample app of tests/data/builds/apk.
proto_parts () {
  [ -f "$tmp/proto/AndroidManifest.xml" ] && return 0
  mkdir -p "$tmp/app"
  cp -r "$data/builds/apk/." "$tmp/app/"
  mkdir -p "$tmp/app/res/raw"
  cp "$src/data/demo/demo-root-ca.pem" "$tmp/app/res/raw/pinned_ca.crt"
  (cd "$tmp/app" && aapt2 compile --dir res -o compiled.zip &&
    aapt2 link --proto-format -I /usr/share/android-framework-res/framework-res.apk \
      --manifest AndroidManifest.xml -o proto.apk compiled.zip)
  mkdir -p "$tmp/proto"
  (cd "$tmp/proto" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall()' \
    "$tmp/app/proto.apk")
}

seeds_builds_proto_xml () {
  seed_dir builds-proto-xml
  proto_parts
  cp "$tmp/proto/AndroidManifest.xml" "$out/builds-proto-xml/AndroidManifest.pb"
  cp "$tmp/proto/res/xml/network_security_config.xml" \
    "$out/builds-proto-xml/network_security_config.pb"
}

seeds_builds_proto_arsc () {
  seed_dir builds-proto-arsc
  proto_parts
  cp "$tmp/proto/resources.pb" "$out/builds-proto-arsc/resources.pb"
}

# Whole builds made of the committed aapt-compiled parts: APKs (manifest, resource table,
# network security config, bundled CA, DEX, libapp.so, React Native bundle), an AAB, IPAs
# (ATS and TrustKit dictionaries, an encrypted executable, frameworks, an extension).
seeds_builds_build () {
  seed_dir builds-build
  python3 "$src/tests/fuzz/seed-zips.py" build "$src" "$out/builds-build"
}

# One certificate of every kind the raw reader takes or leaves to GnuTLS, made with keys that
# are thrown away: each key type, a CA with a path length, every SAN type, GeneralizedTime,
# a long serial, RSA-PSS, version 1; then the small public certificates of tests/data.
seeds_x509_facts () {
  dir="$out/x509-facts"
  seed_dir x509-facts
  san="subjectAltName=DNS:a.example,DNS:*.b.example,email:x@example.org"
  san="$san,URI:https://example.org/,IP:192.0.2.1,IP:2001:db8::1"
  for spec in "rsa2048 -newkey rsa:2048" "rsa1536 -newkey rsa:1536" \
      "p256 -newkey ec -pkeyopt ec_paramgen_curve:P-256" \
      "p384 -newkey ec -pkeyopt ec_paramgen_curve:P-384" \
      "p521 -newkey ec -pkeyopt ec_paramgen_curve:P-521" \
      "ed25519 -newkey ed25519" "ed448 -newkey ed448" "rsa-pss -newkey rsa-pss"; do
    set -- $spec
    name=$1
    shift
    # shellcheck disable=SC2068
    openssl req -x509 $@ -nodes -keyout "$tmp/$name.key" -subj "/CN=leaf $name" -days 30 \
      -addext "$san" -addext "basicConstraints=critical,CA:FALSE" \
      -outform DER -out "$dir/$name-leaf.der" 2>/dev/null
    openssl req -x509 -key "$tmp/$name.key" -subj "/CN=CA $name" -days 30 \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:3" \
      -outform DER -out "$dir/$name-ca.der" 2>/dev/null
  done
  openssl req -x509 -key "$tmp/p256.key" -subj "/CN=far" -days 20000 -set_serial \
    0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021 \
    -addext "basicConstraints=CA:TRUE" -outform DER -out "$dir/generalized-time.der"
  openssl req -new -key "$tmp/p256.key" -subj "/CN=v1" -out "$tmp/v1.csr"
  openssl x509 -req -in "$tmp/v1.csr" -key "$tmp/p256.key" -days 30 -outform DER \
    -out "$dir/v1.der" 2>/dev/null
  ls "$data"/realworld/badssl/*.pem "$data"/realworld/x509-limbo/*.pem |
    grep -v -e '-sans\.pem$' | while read -r f; do
      if [ "$(wc -c <"$f")" -le 6000 ]; then
        openssl x509 -in "$f" -outform DER -out "$dir/$(basename "$f" .pem).der"
      fi
    done
}

# Hosts as typed, pasted or listed in a --hosts-file, and curl --resolve specs.
seeds_host () {
  seed_dir host
  printf 'example.com\nExample.COM.:8443\nhttps://api.example.com:443/v1/pins?x=1\n' \
    >"$out/host/names"
  printf '192.0.2.1\n[2001:db8::1]:993\n2001:db8::2\n[::ffff:192.0.2.3]\n::1\n' \
    >"$out/host/addresses"
  printf 'b\303\274cher.example\nxn--bcher-kva.example:443\n\346\227\245\346\234\254.jp\n' \
    >"$out/host/idn"
  printf '# hosts\napi.example.com  # the API\n\n  mail.example.com:465\n' \
    >"$out/host/hosts-file"
  printf 'api.example.com:443:192.0.2.1,[2001:db8::1]\nb.example:8443:192.0.2.2\n' \
    >"$out/host/resolve"
  printf 'a..b\n.\n:443\nhost:0\nhost:65536\n[::1\n[::1]x\nuser@host\nhost/\\x\nfoo.invalid\n' \
    >"$out/host/bad"
}
