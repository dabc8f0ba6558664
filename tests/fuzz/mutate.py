#!/usr/bin/env python3
"""Robustness: `deckpress check` on mutated copies of the sample kit.

Deletes, duplicates and swaps lines, flips and inserts bytes, truncates, and
splices in hostile YAML (tabs, anchors, deep nesting, huge numbers, invalid
UTF-8). Every run must end with exit 0 or 1 (clean or input errors), never a
crash, a sanitizer report or a hang, and an exit 1 must come with at least
one `file:line:col: error:` line. Deterministic: the seed is fixed.

Usage: mutate.py DECKPRESS [ITERATIONS]
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HOSTILE = [
    "\t", "&a ", "*a", "[" * 100, "{" * 100, "- " * 80, "99999999999999999999999",
    "-1mm", "1e308pt", "\xff\xfe", "\x00", "\u00ad", "**", "\\", "{text", "}", ": :",
    "size: 0mm x 0mm", "count: 1000000", "level: -5", "'''", '"\\u0000"', "!!binary",
    "? complex key", "--- \n", "...", "%YAML 1.1", "<<: *x", "~", "null",
]

def mutate(rng, text):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3 and lines and lines[i]:
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + rng.choice(HOSTILE) + lines[i][k:]
        elif op == 4 and lines and lines[i]:
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + lines[i][k + 1:]
        elif op == 5:
            lines = lines[: rng.randrange(len(lines) + 1)]
        else:
            lines.insert(i, " " * rng.randrange(8) + rng.choice(HOSTILE))
    return "\n".join(lines)

def main():
    binary = os.path.abspath(sys.argv[1])
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    kit = os.path.join(root, "decks", "social-kapital")
    targets = ["kapitalkort.yaml", "kit.yaml", "brand.yaml", "vejen.yaml", "workshop.yaml",
               "handout.yaml", "rules.yaml",
               os.path.join("..", "..", "templates", "dialogue-card.yaml")]
    rng = random.Random(20261129)
    env = dict(os.environ)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(iterations):
            work = os.path.join(tmp, "root")
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(os.path.join(work, "decks"))
            shutil.copytree(kit, os.path.join(work, "decks", "social-kapital"))
            shutil.copytree(os.path.join(root, "templates"), os.path.join(work, "templates"))
            os.symlink(os.path.join(root, "fonts"), os.path.join(work, "fonts"))
            target = rng.choice(targets)
            path = os.path.normpath(os.path.join(work, "decks", "social-kapital", target))
            with open(path, encoding="utf-8") as f:
                text = f.read()
            mutated = mutate(rng, text)
            with open(path, "wb") as f:
                f.write(mutated.encode("utf-8", "surrogateescape") if "\xff" not in mutated
                        else mutated.encode("latin-1", "replace"))
            env["DECKPRESS_ROOT"] = work
            try:
                p = subprocess.run([binary, "check", "decks/social-kapital"], cwd=work, env=env,
                                   capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                print(f"FAIL iteration {n}: hang on mutated {target}")
                failures += 1
                continue
            err = p.stderr.decode("utf-8", "replace")
            bad = p.returncode not in (0, 1) or "Sanitizer" in err or "runtime error" in err
            if p.returncode == 1 and not re.search(r":\d+(:\d+)?: error: |: error: ", err):
                bad = True
            if bad:
                failures += 1
                keep = os.path.join(root, "tests", "fuzz", f"crash-{n}.yaml")
                shutil.copy(path, keep)
                print(f"FAIL iteration {n}: exit {p.returncode} on mutated {target} (kept as {keep})")
                print(err[-2000:])
    print(f"fuzz: {iterations} mutated kits, {failures} failures")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
