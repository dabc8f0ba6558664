#!/usr/bin/env python3
"""Tuck boxes (--format box) measured on the PDFs deckpress writes.

Usage: check_box.py DECKPRESS

1. Geometry: tests/box/kit has two decks whose figures are written in DECKS
   below (card size, cards with their copies, caliper from the deck's box:
   or the kit profile's, clearance). For each deck and language the shop PDF
   (<deck>.<lang>.box.pdf) is decompressed with qpdf and the paths stroked in
   the spot colours are read from the page's content stream: the Fold lines
   and the CutContour outline. Every panel is measured from them and checked
   against card + clearance (front, back), stack + clearance (sides, top,
   bottom), to 0.1 mm; the tuck flap must be narrower than the inside of the
   box; TrimBox is the net and BleedBox the net with the profile's bleed.
2. Separations: CutContour and Fold are Separation colour spaces set to
   overprint, and no stroke is left in the marker colours.
3. Home print: <deck>.<lang>.box-sheet.pdf is one A4 page with the net, its
   fold lines dashed, and the instructions in the deck's language.
4. PDF/X: with a PDF/X profile the shop's file also comes as
   <deck>.<lang>.box.pdfx.pdf, PDF/X with both spot colours kept.
5. The sample kit builds --format box in Danish and English.

Prints one line per failure and `box: N passed, N failed`; exits 1 on any.
"""
import os
import re
import subprocess
import sys
import tempfile

MM = 72 / 25.4
TOL = 0.1  # mm

# deck: card w, h (mm), cards with copies, caliper, clearance (mm)
DECKS = {
    "poker": (63, 88, 14, 0.35, 1.0),
    "tarot": (70, 120, 30, 0.5, 2.0),
}
BLEED = 3.0  # the kit profile's, mm
LANGS = {"da": "Klip langs de hele linjer", "en": "Cut along the solid lines"}
A4 = (210, 297)

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)


def near(a, b):
    return abs(a - b) <= TOL


def qdf(pdf):
    """The PDF rewritten by qpdf with streams uncompressed, as text."""
    out = pdf + ".qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, out], check=True)
    with open(out, "rb") as f:
        return f.read().decode("latin-1")


def stroked_after(text, marker):
    """The path painted right after `marker` (a colour being set) up to its
    S: a list of subpaths, each a list of (x, y) points in mm (curve
    control points left out)."""
    i = text.index(marker) + len(marker)
    end = re.search(r"(?<![\w/])S(?!\w)", text[i:]).start() + i
    toks = text[i:end].split()
    subpaths, cur, nums = [], None, []
    for t in toks:
        if re.fullmatch(r"-?[\d.]+", t):
            nums.append(float(t))
            continue
        if t == "m":
            cur = [(nums[-2] / MM, nums[-1] / MM)]
            subpaths.append(cur)
        elif t == "l" or t == "c":
            cur.append((nums[-2] / MM, nums[-1] / MM))
        nums = []
    # cairo moves to the start again after closing a path
    return [sp for sp in subpaths if len(sp) > 1]


def box_of(text, name):
    m = re.search(r"/" + name + r"\s*\[\s*([-\d.\s]+)\]", text)
    return [float(v) / MM for v in m.group(1).split()]


def check_geometry(out, deck, lang):
    cw, ch, cards, cal, clr = DECKS[deck]
    w, h, d = cw + clr, ch + clr, cards * cal + clr
    glue, tuck = min(12, w / 4), min(15, h / 3)
    name = "%s.%s.box.pdf" % (deck, lang)
    t = qdf(os.path.join(out, name))
    folds = stroked_after(t, "/Fold CS 1 SCN")
    cut = stroked_after(t, "/CutContour CS 1 SCN")
    pts = [p for sp in cut for p in sp]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    check(len(cut) == 1, "%s: the cut line is one closed outline (%d)" % (name, len(cut)))
    check(near(x1 - x0, 2 * w + 2 * d + glue),
          "%s: net %.2f mm wide, expected %.2f" % (name, x1 - x0, 2 * w + 2 * d + glue))
    check(near(y1 - y0, tuck + d + h + d),
          "%s: net %.2f mm high, expected %.2f" % (name, y1 - y0, tuck + d + h + d))
    # cairo writes y up (a flip in the page's cm): distances from the edge
    # the tuck flap is on, found as the edge nearest the shortest fold
    vert = sorted({round(a[0], 3) for a, b in folds if abs(a[0] - b[0]) < 1e-3})
    horiz = [(a, b) for a, b in folds if abs(a[1] - b[1]) < 1e-3]
    lengths = {round(abs(a[1] - b[1]), 3) for a, b in folds if abs(a[0] - b[0]) < 1e-3}
    xs = [v - x0 for v in vert]
    want = [w, w + d, 2 * w + d, 2 * w + 2 * d]
    check(len(xs) == 4 and all(near(a, b) for a, b in zip(xs, want)),
          "%s: vertical folds at %s mm, expected %s" %
          (name, [round(v, 2) for v in xs], [round(v, 2) for v in want]))
    check(len(lengths) == 1 and near(lengths.pop(), h),
          "%s: the body's folds are not %.2f mm high" % (name, h))
    if len(xs) == 4:
        panels = [xs[0], xs[1] - xs[0], xs[2] - xs[1], xs[3] - xs[2], (x1 - x0) - xs[3]]
        for got, exp, what in zip(panels, [w, d, w, d, glue],
                                  ["front", "side", "back", "side", "glue flap"]):
            check(near(got, exp), "%s: %s %.2f mm wide, expected %.2f (card %g + clearance "
                  "%g; stack %d x %g)" % (name, what, got, exp, cw, clr, cards, cal))
    shortest = min(horiz, key=lambda s: abs(s[0][0] - s[1][0]))
    top = y1 if abs(shortest[0][1] - y1) < abs(shortest[0][1] - y0) else y0
    ys = sorted(abs(a[1] - top) for a, b in horiz)
    want = [tuck, tuck + d, tuck + d + h]
    check(len(ys) == 3 and all(near(a, b) for a, b in zip(ys, want)),
          "%s: horizontal folds at %s mm from the top, expected %s" %
          (name, [round(v, 2) for v in ys], [round(v, 2) for v in want]))
    if len(ys) == 3:
        check(near(ys[1] - ys[0], d), "%s: top panel %.2f mm deep, expected the stack "
              "%.2f + clearance %g" % (name, ys[1] - ys[0], cards * cal, clr))
        check(near((y1 - y0) - ys[2], d), "%s: bottom panel %.2f mm deep, expected %.2f" %
              (name, (y1 - y0) - ys[2], d))
        check(near(ys[2] - ys[1], h), "%s: front %.2f mm high, expected card %g + %g" %
              (name, ys[2] - ys[1], ch, clr))
    # the tuck flap slides in between the sides, each a card thick
    tw = abs(shortest[0][0] - shortest[1][0])
    check(tw <= w - 2 * cal + 1e-6 and tw >= w - 6 * cal,
          "%s: tuck flap %.2f mm wide for a %.2f mm wide inside" % (name, tw, w - 2 * cal))
    trim, bleed = box_of(t, "TrimBox"), box_of(t, "BleedBox")
    check(near(trim[2] - trim[0], x1 - x0) and near(trim[3] - trim[1], y1 - y0),
          "%s: TrimBox %s is not the net" % (name, trim))
    check(near(trim[0] - bleed[0], BLEED) and near(bleed[3] - trim[3], BLEED),
          "%s: BleedBox %s is not the TrimBox + %g mm" % (name, bleed, BLEED))
    check(near(x0, trim[0]),
          "%s: the net starts at %.2f mm, the TrimBox at %.2f" % (name, x0, trim[0]))
    # separations, overprinting, no marker left
    for sep in ("CutContour", "Fold"):
        check(re.search(r"/" + sep + r"\s*\[\s*/Separation\s*/" + sep, t) is not None,
              "%s: no Separation colour space %s" % (name, sep))
    check("/OP true" in t, "%s: the spot lines do not overprint" % name)
    check("0.0123 0.9876 0.4567" not in t and "0.4567 0.0123 0.9876" not in t,
          "%s: a marker colour is left in the content" % name)


def check_home(out, deck, lang):
    name = "%s.%s.box-sheet.pdf" % (deck, lang)
    path = os.path.join(out, name)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s*([\d.]+) x ([\d.]+)", info)
    dims = sorted((float(size.group(1)) / MM, float(size.group(2)) / MM))
    check(re.search(r"Pages:\s+1\n", info) is not None, "%s: not one page" % name)
    check(near(dims[0], A4[0]) and near(dims[1], A4[1]), "%s: not A4: %s" % (name, dims))
    t = qdf(path)
    check(re.search(r"\[\s*[\d.]+\s+[\d.]+\s*\]\s*[\d.]+\s+d", t) is not None,
          "%s: no dashed (fold) lines" % name)
    check("/CutContour" not in t and "/Fold" not in t,
          "%s: a home print has no spot colours" % name)
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    check(LANGS[lang] in " ".join(text.split()), "%s: no '%s'" % (name, LANGS[lang]))


def main():
    prog = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", DECKPRESS_ROOT=root)
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([prog, "build", "--format", "box", "--out", tmp,
                            os.path.join(here, "kit")], capture_output=True, text=True,
                           env=env)
        check(r.returncode == 0 and r.stderr == "", "test kit: exit %d: %s" %
              (r.returncode, r.stderr))
        out = os.path.join(tmp, "kit")
        for deck in DECKS:
            for lang in LANGS:
                check_geometry(out, deck, lang)
                check_home(out, deck, lang)
        xout = os.path.join(tmp, "pdfx")
        r = subprocess.run([prog, "build", "--format", "box,pdfx", "--profile", "eu-pdfx",
                            "--out", xout, os.path.join(here, "kit")],
                           capture_output=True, text=True, env=env)
        check(r.returncode == 0, "PDF/X: exit %d: %s" % (r.returncode, r.stderr))
        for deck in DECKS:
            for lang in LANGS:
                name = "%s.%s.box.pdfx.pdf" % (deck, lang)
                path = os.path.join(xout, "kit", name)
                check(os.path.exists(path), "PDF/X: no %s" % name)
                if not os.path.exists(path):
                    continue
                t = qdf(path)
                check("GTS_PDFX" in t, "%s: no PDF/X output intent" % name)
                for sep in ("CutContour", "Fold"):
                    check(re.search(r"/Separation\s*/" + sep + r"\b", t) is not None,
                          "%s: the spot colour %s is lost" % (name, sep))
        r = subprocess.run([prog, "build", "--format", "box", "--out", tmp,
                            os.path.join(root, "decks", "social-kapital")],
                           capture_output=True, text=True, env=env)
        check(r.returncode == 0, "sample kit: exit %d: %s" % (r.returncode, r.stderr))
        made = sorted(f for f in os.listdir(os.path.join(tmp, "social-kapital"))
                      if f.endswith(".pdf"))
        want = sorted("%s.%s.%s" % (d, l, k) for d in ("kapitalkort", "quiz", "roller")
                      for l in ("da", "en") for k in ("box.pdf", "box-sheet.pdf"))
        check(made == want, "sample kit: made %s" % made)
    print("box: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
