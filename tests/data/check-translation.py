#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A translation stays complete and consistent: its catalogue is merged with the
strings the sources have now (xgettext over po/POTFILES.in, as meson's pot target
does), must have no fuzzy entries, must translate at least MIN_PERCENT of the strings
(the rest are listed), and must use its glossary's terms wherever the English has them.

Usage: check-translation.py SOURCE_ROOT LANG"""

import os
import re
import subprocess
import sys
import tempfile

MIN_PERCENT = 95

# English term (regular expression, case-insensitive) -> term the translation must use.
GLOSSARY = {
    "de": [
        (r"\bpinsets?\b", "Pinset"),
        (r"\btrust store\b", "Vertrauensspeicher"),
        (r"\btrust anchors?\b", "Vertrauensanker"),
        (r"\bchains?\b", "Kette"),
        (r"\bfindings?\b", "Befund"),
        (r"\bbackup pins?\b", "Backup-Pin"),
        (r"\bbackup keys?\b", "Backup-Schlüssel"),
        (r"\bcertificates?\b(?![- ](hash|authorit))", "Zertifikat"),
        (r"\bexpiration\b", "Ablauf"),
        (r"\brules?\b", "Regel"),
    ],
}

XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_",
    "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]


def unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    out, i, body = [], 0, text[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path):
    entries, cur, field = [], None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    entries.append(cur)
                cur = None
                continue
            if cur is None:
                cur = {"flags": "", "msgctxt": None, "msgid": None, "msgid_plural": None,
                       "msgstr": {}, "obsolete": False}
            if line.startswith("#~"):
                cur["obsolete"] = True
                continue
            if line.startswith("#,"):
                cur["flags"] += line
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                if m.group(1).startswith("msgstr"):
                    field = ("msgstr", int(m.group(2) or 0))
                    cur["msgstr"][field[1]] = unquote(m.group(3))
                else:
                    field = (m.group(1), None)
                    cur[m.group(1)] = unquote(m.group(3))
            elif line.startswith('"'):
                if field[0] == "msgstr":
                    cur["msgstr"][field[1]] += unquote(line)
                else:
                    cur[field[0]] += unquote(line)
    if cur:
        entries.append(cur)
    return [e for e in entries if e["msgid"] and not e["obsolete"]]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(root, "po", lang + ".po")
    failures = []

    def check(cond, what):
        print(("ok: " if cond else "FAIL: ") + what)
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "pinscope.pot")
        merged = os.path.join(tmp, lang + ".po")
        subprocess.run(["xgettext", "--package-name=pinscope", "-D", root,
                        "-f", os.path.join(root, "po", "POTFILES.in"), "-o", pot]
                       + XGETTEXT_ARGS, check=True, capture_output=True, timeout=120)
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                       check=True, timeout=60)
        current = parse_po(merged)
    own = parse_po(po)

    fuzzy = [e["msgid"] for e in own if "fuzzy" in e["flags"]]
    check(not fuzzy, "%s.po has no fuzzy entries %s" % (lang, fuzzy[:5] or ""))

    total = len(current)
    untranslated = [e for e in current if not all(e["msgstr"].values())]
    done = total - len(untranslated)
    percent = 100.0 * done / total if total else 0.0
    for e in untranslated:
        print("# untranslated: %r" % e["msgid"])
    check(percent >= MIN_PERCENT, "%d of %d current strings translated (%.1f%%, at least %d%%)"
          % (done, total, percent, MIN_PERCENT))

    inconsistent = 0
    for e in own:
        translations = [t for t in e["msgstr"].values() if t]
        if not translations:
            continue
        # Option names (--chain, --pin-from) are not words: they stay as they are.
        words = re.sub(r"--[a-z][a-z-]*", "", e["msgid"])
        for english, term in GLOSSARY.get(lang, []):
            if re.search(english, words, re.I):
                if not all(term.lower() in t.lower() for t in translations):
                    inconsistent += 1
                    print("# %r should use “%s”: %r" % (e["msgid"], term, translations[0]))
    check(inconsistent == 0, "the glossary's terms are used consistently")

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
