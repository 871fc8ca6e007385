#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Repacks an APK linked by `aapt2 link --proto-format` into the layout of an Android App
Bundle (https://developer.android.com/guide/app-bundle/app-bundle-format), for test-builds:

    make-aab.py PROTO_APK OUT_AAB [ZIP_PATH=FILE ...]

AndroidManifest.xml goes to base/manifest/, resources.pb, res/ and assets/ under base/;
each ZIP_PATH=FILE adds a file as is (base/dex/classes.dex=classes.dex, a feature
module...). BundleConfig.pb is a small valid protobuf (Bundletool { version: "1.15.6" })."""
import sys
import zipfile

BUNDLE_CONFIG = b"\x0a\x08\x12\x061.15.6"


def main(argv):
    source, out = argv[1], argv[2]
    with zipfile.ZipFile(source) as apk, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as aab:
        aab.writestr("BundleConfig.pb", BUNDLE_CONFIG)
        for info in apk.infolist():
            name = info.filename
            if name == "AndroidManifest.xml":
                target = "base/manifest/AndroidManifest.xml"
            elif name == "resources.pb" or name.startswith(("res/", "assets/")):
                target = "base/" + name
            else:
                continue
            aab.writestr(target, apk.read(name))
        for extra in argv[3:]:
            target, path = extra.split("=", 1)
            with open(path, "rb") as f:
                aab.writestr(target, f.read())


if __name__ == "__main__":
    main(sys.argv)
