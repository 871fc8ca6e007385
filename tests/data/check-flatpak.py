#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest parses, keeps its permissions minimal, builds this checkout
with meson, and flatpak-builder accepts it (--show-manifest, fatal warnings)."""

import json
import os
import shutil
import subprocess
import sys

ALLOWED_FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}


def main():
    if len(sys.argv) != 3:
        print("usage: check-flatpak.py MANIFEST APP_ID", file=sys.stderr)
        return 2
    path, app_id = sys.argv[1], sys.argv[2]
    failures = []

    def check(cond, what):
        print(("ok: " if cond else "FAIL: ") + what)
        if not cond:
            failures.append(what)

    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    check(True, "manifest is valid JSON")

    check(manifest.get("id") == app_id, "id is " + app_id)
    check(manifest.get("runtime") == "org.gnome.Platform", "runtime is org.gnome.Platform")
    check(manifest.get("sdk") == "org.gnome.Sdk", "sdk is org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    check(version.isdigit(), "runtime-version is a stable release (%s)" % version)
    check(manifest.get("command") == "pinscope", "command is pinscope")

    finish_args = manifest.get("finish-args", [])
    extra = sorted(set(finish_args) - ALLOWED_FINISH_ARGS)
    check(not extra, "no permissions beyond network, ipc, wayland, fallback-x11, dri %s"
          % (extra or ""))
    check(set(finish_args) == ALLOWED_FINISH_ARGS, "all needed permissions present")
    check(not any(a.startswith("--filesystem") for a in finish_args),
          "files only through portals (no --filesystem)")

    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    app = [m for m in modules if m.get("name") == "pinscope"]
    check(len(app) == 1, "one module named pinscope")
    if app:
        check(app[0].get("buildsystem") == "meson", "pinscope module builds with meson")
        sources = app[0].get("sources", [])
        check(any(s.get("type") == "dir" and s.get("path") == ".." for s in sources),
              "pinscope module builds this checkout (dir source ..)")
        manifest_dir = os.path.dirname(os.path.abspath(path))
        check(os.path.isfile(os.path.join(manifest_dir, "..", "meson.build")),
              "the dir source points to the project root")

    builder = shutil.which("flatpak-builder")
    if builder is None:
        print("# flatpak-builder not found, --show-manifest skipped")
    else:
        env = dict(os.environ, G_DEBUG="fatal-warnings")
        try:
            proc = subprocess.run([builder, "--show-manifest", path], env=env,
                                  capture_output=True, text=True, timeout=60)
            check(proc.returncode == 0,
                  "flatpak-builder --show-manifest succeeds with fatal warnings")
            if proc.returncode != 0:
                print(proc.stderr)
            else:
                shown = json.loads(proc.stdout)
                check(shown.get("id") == app_id, "flatpak-builder reads the same id")
        except subprocess.TimeoutExpired:
            check(False, "flatpak-builder --show-manifest finished in time")

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
