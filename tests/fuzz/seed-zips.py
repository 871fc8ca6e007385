#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the zip seeds of the builds-zip and builds-build fuzz targets.

Usage: seed-zips.py zip|build SRC OUT

SRC is the source tree (the parts of the APK are the committed seeds of the builds-axml,
builds-arsc, builds-dex, builds-scan and builds-macho targets, compiled by aapt from
tests/data/builds/apk; the iOS parts are the sample configurations of tests/data/configs),
OUT the corpus folder to write. Every archive stays well under 64 KiB.
"""

import io
import os
import plistlib
import struct
import sys
import zipfile

DEFLATED = zipfile.ZIP_DEFLATED
STORED = zipfile.ZIP_STORED


def write_zip(path, entries, comment=b"", stream=False):
    """entries: (name, data, compression); stream writes data descriptors."""
    buffer = io.BytesIO()

    class Unseekable(io.RawIOBase):
        def writable(self):
            return True

        def write(self, b):
            return buffer.write(b)

    target = Unseekable() if stream else buffer
    with zipfile.ZipFile(target, "w") as z:
        for name, data, compression in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compression
            if stream:
                with z.open(info, "w") as f:
                    f.write(data)
            else:
                z.writestr(info, data)
        z.comment = comment
    data = buffer.getvalue()
    assert len(data) < 64 * 1024, path
    with open(path, "wb") as f:
        f.write(data)
    return data


def read(src, *parts):
    with open(os.path.join(src, *parts), "rb") as f:
        return f.read()


def patch_name(data, old, new):
    """Renames an entry in both headers, bytes for bytes (names no zip library writes)."""
    assert len(old) == len(new)
    return data.replace(old, new)


def seeds_zip(src, out):
    text = b"Pinscope fuzz seed\n" * 4
    write_zip(os.path.join(out, "stored-deflated.zip"),
              [("a.txt", text, STORED), ("dir/", b"", STORED),
               ("dir/b.bin", bytes(range(256)), DEFLATED)])
    write_zip(os.path.join(out, "bzip2-lzma.zip"),
              [("b.txt", text, zipfile.ZIP_BZIP2), ("l.txt", text, zipfile.ZIP_LZMA)])
    write_zip(os.path.join(out, "data-descriptor.zip"),
              [("s.txt", text, DEFLATED), ("t.txt", text, STORED)], stream=True)
    write_zip(os.path.join(out, "comment.zip"), [("c.txt", text, DEFLATED)],
              comment=b"PK\x05\x06 a comment that looks like an end record")
    write_zip(os.path.join(out, "names.zip"),
              [("../evil.txt", b"x", STORED), ("/abs.txt", b"x", STORED),
               ("C:drive.txt", b"x", STORED), ("back\\slash.txt", b"x", STORED),
               ("ok/../../up.txt", b"x", STORED), ("good.txt", text, STORED),
               ("good.txt", b"second", STORED), ("caf\u00e9.txt", b"x", STORED)])
    # A name that is not UTF-8 (the UTF-8 flag off, a lone 0xff byte).
    data = write_zip(os.path.join(out, "latin.zip"), [("n-X.txt", b"x", STORED)])
    with open(os.path.join(out, "latin.zip"), "wb") as f:
        f.write(patch_name(data, b"n-X.txt", b"n-\xff.txt"))
    # Bombs for the target's limits (256 KiB an entry, 1 MiB in all): one entry over, and
    # several under that add up to more.
    write_zip(os.path.join(out, "bomb-entry.zip"), [("zero", bytes(300 * 1024), DEFLATED)])
    write_zip(os.path.join(out, "bomb-total.zip"),
              [("z%d" % i, bytes(200 * 1024), DEFLATED) for i in range(6)])
    # Declared sizes that lie: an entry that expands to more than it says.
    data = write_zip(os.path.join(out, "size-lie.zip"), [("lie", bytes(4096), DEFLATED)])
    lie = struct.pack("<I", 4096)
    with open(os.path.join(out, "size-lie.zip"), "wb") as f:
        f.write(data.replace(lie, struct.pack("<I", 100)))
    # Truncated: the central directory cut off, and the data cut in the middle.
    data = write_zip(os.path.join(out, "truncated.zip"),
                     [("a.txt", text * 8, DEFLATED), ("b.txt", text, STORED)])
    with open(os.path.join(out, "truncated.zip"), "wb") as f:
        f.write(data[: len(data) - 30])
    write_zip(os.path.join(out, "empty.zip"), [])


def apk_entries(src):
    fuzz = os.path.join(src, "tests", "data", "fuzz")
    return [
        ("AndroidManifest.xml", read(fuzz, "builds-axml", "AndroidManifest.xml"), DEFLATED),
        ("resources.arsc", read(fuzz, "builds-arsc", "resources.arsc"), STORED),
        ("res/xml/network_security_config.xml",
         read(fuzz, "builds-axml", "network_security_config.axml"), DEFLATED),
        ("res/raw/pinned_ca.crt",
         read(src, "data", "demo", "demo-root-ca.pem"), DEFLATED),
        ("classes.dex", read(fuzz, "builds-dex", "pins.dex"), DEFLATED),
    ]


def info_plist(src, name, extra):
    with open(os.path.join(src, "tests", "data", "configs", name), "rb") as f:
        root = plistlib.load(f)
    root.update(extra)
    return root


def seeds_build(src, out):
    fuzz = os.path.join(src, "tests", "data", "fuzz")
    write_zip(os.path.join(out, "app.apk"), apk_entries(src))
    write_zip(os.path.join(out, "app-code.apk"), apk_entries(src) + [
        ("classes2.dex", read(fuzz, "builds-dex", "pins.dex"), STORED),
        ("lib/arm64-v8a/libapp.so", read(fuzz, "builds-scan", "libapp.bin"), DEFLATED),
        ("assets/index.android.bundle", read(fuzz, "builds-scan", "bundle.js"), DEFLATED),
    ])
    write_zip(os.path.join(out, "app.aab"), [
        ("BundleConfig.pb", b"\x0a\x08\x12\x061.15.6", STORED),
        ("base/manifest/AndroidManifest.xml",
         read(fuzz, "builds-proto-xml", "AndroidManifest.pb"), DEFLATED),
        ("base/resources.pb", read(fuzz, "builds-proto-arsc", "resources.pb"), STORED),
        ("base/res/xml/network_security_config.xml",
         read(fuzz, "builds-proto-xml", "network_security_config.pb"), DEFLATED),
        ("base/res/raw/pinned_ca.crt",
         read(src, "data", "demo", "demo-root-ca.pem"), DEFLATED),
        ("base/dex/classes.dex", read(fuzz, "builds-dex", "pins.dex"), DEFLATED),
        ("feature/manifest/AndroidManifest.xml",
         read(fuzz, "builds-proto-xml", "AndroidManifest.pb"), DEFLATED),
        ("feature/dex/classes.dex", read(fuzz, "builds-dex", "pins.dex"), DEFLATED),
    ])
    app = "Payload/Sample.app/"
    identity = {"CFBundleIdentifier": "io.github.pinscope.sample",
                "CFBundleShortVersionString": "1.0", "CFBundleVersion": "7",
                "CFBundleExecutable": "Sample"}
    ats = info_plist(src, "Info-ATS.plist", identity)
    trustkit = info_plist(src, "Info-TrustKit.plist", {})
    write_zip(os.path.join(out, "app.ipa"), [
        (app + "Info.plist", plistlib.dumps(ats), DEFLATED),
        (app + "Sample", read(fuzz, "builds-macho", "encrypted-64"), STORED),
        (app + "Frameworks/Pins.framework/Pins", read(fuzz, "builds-scan", "libapp.bin"), STORED),
        (app + "Frameworks/libpins.dylib", read(fuzz, "builds-scan", "bundle.js"), STORED),
        (app + "PlugIns/Share.appex/Info.plist", plistlib.dumps(trustkit), DEFLATED),
    ])
    # The same with a binary property list and a missing executable.
    write_zip(os.path.join(out, "app-binary-plist.ipa"), [
        (app + "Info.plist", plistlib.dumps(ats, fmt=plistlib.FMT_BINARY), DEFLATED),
    ])
    write_zip(os.path.join(out, "not-a-build.zip"), [("readme.txt", b"just a zip\n", STORED)])


def main():
    kind, src, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    {"zip": seeds_zip, "build": seeds_build}[kind](src, out)


if __name__ == "__main__":
    main()
