#!/usr/bin/env python3
"""Counts rag faults in PDFs: one-word last lines of a paragraph and lines
that start with a dash, from `pdftotext -bbox-layout` (issue 12).

Usage: count_rag.py [--max-one-word N] [--max-dash N] [--max-short N] FILE.pdf...
Prints one line per fault and a total per file; exits 1 when a total is
above its maximum (default: no maximum). A paragraph is a <block> of
pdftotext; its last line with one word, in a block of two lines or more,
is a one-word last line (a lone number or dash counts too). A line other
than the last of its block that is less than 65 % as wide as the block's
widest line is a very short line (--max-short).
"""
import re
import subprocess
import sys

DASHES = ("\u2013", "\u2014", "-")


def faults(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    found = []
    for page, ptext in enumerate(re.split(r"<page ", xml)[1:], 1):
        for block in re.findall(r"<block[^>]*>(.*?)</block>", ptext, re.S):
            lines = [re.findall(r"<word[^>]*>(.*?)</word>", l, re.S)
                     for l in re.findall(r"<line[^>]*>(.*?)</line>", block, re.S)]
            lines = [l for l in lines if l]
            widths = [float(b) - float(a) for a, b in re.findall(
                r"<line xMin=\"([^\"]+)\" yMin=\"[^\"]+\" xMax=\"([^\"]+)\"", block)]
            if len(widths) == len(lines) and len(lines) >= 2:
                widest = max(widths)
                for words, w in zip(lines[:-1], widths[:-1]):
                    if w < 0.65 * widest:
                        found.append((page, "very short line", " ".join(words)))
            for words in lines:
                if words[0].startswith(DASHES) and words[0] not in ("-",):
                    found.append((page, "line starts with a dash", " ".join(words)))
            if len(lines) >= 2 and len(lines[-1]) == 1:
                found.append((page, "one-word last line",
                              " ".join(lines[-2]) + " / " + lines[-1][0]))
    return found


def main(argv):
    limits = {"one-word last line": None, "line starts with a dash": None,
              "very short line": None}
    files = []
    it = iter(argv)
    for a in it:
        if a == "--max-one-word":
            limits["one-word last line"] = int(next(it))
        elif a == "--max-dash":
            limits["line starts with a dash"] = int(next(it))
        elif a == "--max-short":
            limits["very short line"] = int(next(it))
        else:
            files.append(a)
    bad = False
    for f in files:
        found = faults(f)
        for page, kind, text in found:
            print(f"{f}: page {page}: {kind}: {text}")
        for kind, limit in limits.items():
            n = sum(1 for x in found if x[1] == kind)
            print(f"{f}: {kind}: {n}")
            if limit is not None and n > limit:
                bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
