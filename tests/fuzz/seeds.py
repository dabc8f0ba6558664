#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into OUT/<target>/, from the
sample kit, the shared templates, the CLI cases and the markup tests, so
that nothing is committed twice. Usage: seeds.py SOURCE_DIR OUT"""
import ast
import glob
import hashlib
import os
import re
import sys

import yaml


def write(out, target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def texts(node, key=None):
    """Every string in a YAML tree, with the key it stands under."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from texts(v, key)
    elif isinstance(node, str):
        yield key, node


def c_strings(path):
    """The string literals of a C file, joined as C joins adjacent ones."""
    src = open(path, encoding="utf-8").read()
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', src):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0))
        try:
            yield ast.literal_eval('"' + "".join(parts) + '"')
        except (SyntaxError, ValueError):
            continue


def main():
    src, out = sys.argv[1], sys.argv[2]
    files = sorted(glob.glob(os.path.join(src, "decks/*/*.yaml")) +
                   glob.glob(os.path.join(src, "templates/*.yaml")) +
                   glob.glob(os.path.join(src, "templates/*/*.yaml")) +
                   glob.glob(os.path.join(src, "tests/cases/*/kit/*.yaml")))
    markup, fields = set(), set()
    for path in files:
        data = open(path, "rb").read()
        write(out, "fuzz_yaml", data)
        try:
            tree = yaml.safe_load(data)
        except yaml.YAMLError:
            continue
        for key, s in texts(tree):
            if "{" in s and key == "text":
                fields.add(s)
            elif len(s) > 3 and " " in s:
                markup.add(s)
    for s in c_strings(os.path.join(src, "tests/unit/test_markup.c")):
        markup.add(s)
    for s in sorted(markup):
        write(out, "fuzz_markup", s.encode())
    for path in sorted(glob.glob(os.path.join(src, "decks/*/*.csv")) +
                       glob.glob(os.path.join(src, "tests/cases/*/kit/*.csv"))):
        write(out, "fuzz_csv", open(path, "rb").read())
    card_texts = sorted(markup)[:40]
    for i, f in enumerate(sorted(fields)):
        text = card_texts[i % len(card_texts)] if card_texts else ""
        write(out, "fuzz_template", f.encode() + b"\0" + text.encode())


if __name__ == "__main__":
    main()
