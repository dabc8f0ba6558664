#!/usr/bin/env python3
"""The layering test: every #include in generator/ must be allowed by the
"may include" table of docs/design.md (the rows after the line
'<!-- layering table -->'), so the document and the code cannot drift apart.

A row names a folder (`model/`) and, in its last column, what the folder's
files may include besides their own folder and the C library: folders
(`util/`), single headers (`model/style.h`) and libraries (`<pango>` allows
any #include <pango...>). Libraries not in GATED are the C and POSIX
libraries and always allowed. Exit 0 when every include is allowed;
otherwise one line per offending include, file:line: what and why, exit 1.
"""
import os
import re
import sys

GATED = ("cairo", "pango", "glib", "yaml", "qpdf", "librsvg", "png", "hyphen",
         "fontconfig", "ft2build", "freetype", "hb", "harfbuzz", "cmocka", "qrencode")


def read_table(design):
    rules, on = {}, False
    with open(design, encoding="utf-8") as f:
        for line in f:
            if "<!-- layering table -->" in line:
                on = True
                continue
            if not on:
                continue
            if not line.startswith("|"):
                if rules:
                    break
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            m = re.fullmatch(r"`([a-z_]+)/`", cells[0])
            if not m:
                continue  # the header and the separator row
            rules[m.group(1)] = set(re.findall(r"`([^`]+)`", cells[-1]))
    return rules


def allowed(folder, inc, system, rules):
    ok = rules[folder]
    if system:
        lib = re.split(r"[/.>]", inc, 1)[0]
        if lib not in GATED:
            return True
        return f"<{lib}>" in ok
    top = inc.split("/", 1)[0]
    return top == folder or f"{top}/" in ok or inc in ok


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    rules = read_table(os.path.join(root, "docs", "design.md"))
    gen = os.path.join(root, "generator")
    bad = 0
    if not rules:
        print("docs/design.md: no layering table found", file=sys.stderr)
        return 1
    for folder in sorted(os.listdir(gen)):
        path = os.path.join(gen, folder)
        if not os.path.isdir(path):
            continue
        if folder not in rules:
            print(f"generator/{folder}/: folder is not in the layering table of docs/design.md")
            bad += 1
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith((".c", ".h")):
                continue
            with open(os.path.join(path, name), encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
                    if not m:
                        continue
                    system, inc = m.group(1) == "<", m.group(2)
                    if not allowed(folder, inc, system, rules):
                        what = f"<{inc}>" if system else f'"{inc}"'
                        print(f"generator/{folder}/{name}:{n}: {folder}/ may not include {what}")
                        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
