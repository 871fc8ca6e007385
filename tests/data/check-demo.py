#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo data shipped with the app is coherent: a 3-level chain that verifies
against its root and stays valid for years, a public backup key, no private keys,
and a native pinset whose pins are the SPKI SHA-256 of that material, computed here
independently with openssl (and cross-checked with pinscope-cli when available)."""

import base64
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


def run(args, data=None):
    return subprocess.run(args, input=data, capture_output=True, timeout=30, check=True).stdout


def spki_pin(pubkey_pem):
    der = run(["openssl", "pkey", "-pubin", "-outform", "DER"], pubkey_pem)
    digest = run(["openssl", "dgst", "-sha256", "-binary"], der)
    return base64.b64encode(digest).decode()


def main():
    demo = sys.argv[1]
    chain_path = os.path.join(demo, "demo-chain.pem")
    root_path = os.path.join(demo, "demo-root-ca.pem")
    backup_path = os.path.join(demo, "demo-backup-key.pub.pem")
    pinset_path = os.path.join(demo, "demo.pinset.json")

    for name in sorted(os.listdir(demo)):
        with open(os.path.join(demo, name), "rb") as f:
            check(b"PRIVATE KEY" not in f.read(), "%s holds no private key" % name)

    with open(chain_path, "rb") as f:
        chain_text = f.read()
    certs = re.findall(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n?",
                       chain_text, re.S)
    check(len(certs) == 3, "demo chain has 3 certificates")

    pins = []
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=5 * 365)
    for depth, cert in enumerate(certs):
        pubkey = run(["openssl", "x509", "-pubkey", "-noout"], cert)
        pins.append(spki_pin(pubkey))
        enddate = run(["openssl", "x509", "-enddate", "-noout"], cert).decode().strip()
        not_after = datetime.datetime.strptime(enddate.split("=", 1)[1],
                                               "%b %d %H:%M:%S %Y %Z")
        not_after = not_after.replace(tzinfo=datetime.timezone.utc)
        check(not_after > soon, "level %d stays valid for 5 more years (%s)"
              % (depth, enddate))
        check(b"ecPublicKey" in run(["openssl", "x509", "-noout", "-text"], cert),
              "level %d has an ECDSA key" % depth)
    leaf_subject = run(["openssl", "x509", "-noout", "-subject"], certs[0]).decode()
    check("demo.pinscope.example" in leaf_subject, "leaf is demo.pinscope.example")

    with tempfile.NamedTemporaryFile(suffix=".pem") as untrusted:
        untrusted.write(certs[1])
        untrusted.flush()
        verify = subprocess.run(["openssl", "verify", "-CAfile", root_path,
                                 "-untrusted", untrusted.name],
                                input=certs[0], capture_output=True, timeout=30)
    check(verify.returncode == 0, "demo chain verifies against demo-root-ca.pem")
    with open(root_path, "rb") as f:
        check(f.read().strip() == certs[2].strip(), "demo-root-ca.pem is the chain's root")

    with open(backup_path, "rb") as f:
        backup_pin = spki_pin(f.read())

    with open(pinset_path, encoding="utf-8") as f:
        pinset = json.load(f)
    check(pinset.get("format") == "pinscope-pinset", "pinset format is pinscope-pinset")
    check(pinset.get("version") == 1, "pinset version is 1")
    rules = pinset.get("rules", [])
    check(len(rules) >= 1, "pinset has a rule")
    known = {pins[0]: ("leaf", 0), pins[1]: ("intermediate", 1),
             pins[2]: ("root", 2), backup_pin: ("backup", None)}
    roles = set()
    for rule in rules:
        names = [d.get("name") for d in rule.get("domains", [])]
        check("demo.pinscope.example" in names, "rule covers demo.pinscope.example")
        for pin in rule.get("pins", []):
            h = pin.get("hash")
            check(pin.get("algorithm", "sha256") == "sha256", "pin %s is SHA-256" % h)
            check(h in known, "pin %s is the SPKI pin of demo material" % h)
            if h in known:
                role, depth = known[h]
                check(pin.get("role") == role, "pin %s has role %s" % (h, role))
                origin = pin.get("origin") or {}
                if depth is not None and "depth" in origin:
                    check(origin["depth"] == depth, "pin %s has depth %d" % (h, depth))
                roles.add(role)
    check("backup" in roles, "pinset holds a backup pin")
    check(len(roles) >= 2, "pinset has two pins or more")

    cli = os.environ.get("PS_CLI")
    if cli and os.path.exists(cli):
        out = subprocess.run([cli, "pins", chain_path, backup_path],
                             capture_output=True, text=True, timeout=30)
        check(out.returncode == 0, "pinscope-cli pins reads the demo files")
        for p in pins + [backup_pin]:
            check(p in out.stdout, "pinscope-cli pins prints %s" % p)

        check_help = subprocess.run([cli, "check", "--help"], capture_output=True, timeout=30)
        if check_help.returncode == 0:
            out = subprocess.run([cli, "check", "--json", "--chain", chain_path,
                                  "--cafile", root_path, pinset_path],
                                 capture_output=True, text=True, timeout=30)
            check(out.returncode == 0, "pinscope-cli check accepts the demo pinset (exit %d)"
                  % out.returncode)
            if out.returncode == 0:
                report = json.loads(out.stdout)
                check(report.get("errors") == 0 and report.get("warnings") == 0,
                      "the demo pinset has no error or warning against the demo chain")
                matched = {m.get("pin"): m.get("depth") for m in report.get("matches", [])}
                for h, (role, depth) in known.items():
                    if h in matched and depth is not None and role != "leaf":
                        check(matched[h] == depth, "%s pin matches depth %d" % (role, depth))

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
