#!/usr/bin/env python3
"""The pictures of the README and docs/, made from the build itself.

    docs_images.py make DECKPRESS [PNGDIFF]             writes docs/images/*.png
    docs_images.py check DECKPRESS PNGDIFF [--no-browser]

Reads docs/images/images.list (one picture a line, the format is described
there), builds each kit it names with DECKPRESS into a temporary folder (only
the formats its pictures need), and renders every picture: a page, a card's
face or a part of either from the PDFs with pdftoppm, or a page of the web
edition in headless Chromium (tests/web/webdriver.py).

`make` writes them into docs/images/ and removes pictures the list no longer
names; with PNGDIFF it keeps a picture that matches the new one within the
tolerance below, so that only pictures that changed show in git. `check` renders them into a temporary folder and compares each with
the committed one through PNGDIFF, with a tolerance that a font hinting
wobble passes and a changed text does not; it fails on a picture that is out
of date, missing or not in the list, and on a picture the README or docs/
point to that the list does not make. --no-browser leaves the web pictures
out of the comparison (the sanitizer run, where tests/web covers the site).

Run from the repository root.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from webdriver import Driver  # noqa: E402

LIST = "docs/images/images.list"
IMAGES = "docs/images"
MM = 72 / 25.4
# pngdiff: a pixel differs when a channel moves by more than 24 of 255; at
# most this share of the pixels may differ (a changed word moves hundreds)
MAXFRAC = "0.0005"
# Chromium's anti-aliasing of rounded image corners varies by up to 19 of 255
# from run to run: the web pictures allow a channel twice the default
WEB_CHANNEL = "48"
# the web pictures: the window in CSS pixels; a picture's width scales it
WINDOW = (1200, 800)
# the fixed date of every build, so the pictures never change with the clock
EPOCH = "1700000000"


class Picture:
    def __init__(self, where, name, kit, source, opts):
        self.where, self.name, self.kit, self.source = where, name, kit, source
        self.page = int(opts.pop("page", "1"))
        self.width = int(opts.pop("width", "300"))
        self.card = opts.pop("card", None)
        self.face = opts.pop("face", "front")
        self.action = opts.pop("action", None)
        self.box = opts.pop("box", "trim")
        self.profile = opts.pop("profile", None)
        crop = opts.pop("crop", None)
        self.crop = [float(v) for v in crop.split(",")] if crop else None
        self.format = opts.pop("format", None) or self.format_of(source)
        if opts:
            raise ValueError(f"{where}: unknown option {', '.join(opts)}")
        if self.crop is not None and len(self.crop) != 4:
            raise ValueError(f"{where}: crop is X,Y,W,H in mm")
        if self.box not in ("trim", "media"):
            raise ValueError(f"{where}: box is trim or media")
        if self.face not in ("front", "back"):
            raise ValueError(f"{where}: face is front or back")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            raise ValueError(f"{where}: a picture's name is lowercase letters, digits and '-'")

    @staticmethod
    def format_of(source):
        """The --format that writes SOURCE: web:PAGE, else <id>.<lang>.<format>.pdf"""
        if source.startswith("web:"):
            return "web"
        fmt = source.split(".")[-2]
        return "print" if fmt == "pieces" else fmt


def read_list():
    pictures = []
    with open(LIST, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            where = f"{LIST}:{n}"
            if len(words) < 3:
                raise ValueError(f"{where}: NAME KIT SOURCE [key=value ...]")
            bad = [w for w in words[3:] if "=" not in w]
            if bad:
                raise ValueError(f"{where}: '{bad[0]}' is not key=value")
            opts = dict(w.split("=", 1) for w in words[3:])
            pictures.append(Picture(where, words[0], words[1], words[2], opts))
    names = [p.name for p in pictures]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"{LIST}: the name '{name}' is used twice")
    return pictures


def build(deckpress, kit, formats, out, profile=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    cmd = [deckpress, "build", kit, "--format", ",".join(sorted(formats)), "--out", out,
           "--dpi", "72"] + (["--profile", profile] if profile else [])
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")


def boxes(pdf, page):
    """The page's MediaBox and TrimBox in points, as pdfinfo reports them."""
    r = subprocess.run(["pdfinfo", "-box", "-f", str(page), "-l", str(page), pdf],
                       capture_output=True, text=True, check=True)
    found = {}
    for line in r.stdout.splitlines():
        m = re.match(rf"Page\s+{page} (MediaBox|TrimBox):\s+(.*)", line)
        if m:
            found[m.group(1)] = [float(v) for v in m.group(2).split()]
    if len(found) != 2:
        raise RuntimeError(f"{pdf} has no page {page}")
    return found["MediaBox"], found["TrimBox"]


def card_page(folder, pic):
    """The page of a card's face in a deck's print PDF, from the deck's spec."""
    deck = pic.source.split(".")[0]
    with open(os.path.join(folder, deck + ".print-spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    cards = {c["id"]: c for c in spec["cards"]}
    if pic.card not in cards:
        raise ValueError(f"{pic.where}: deck '{deck}' has no card '{pic.card}'")
    first = cards[pic.card]["pages"][0]  # its first copy's first face
    order = spec["page_order"]
    if "two files" in order:  # fronts and backs in files of their own
        return first
    back = 1 if pic.face == "back" and spec["faces_per_card"] == 2 else 0
    if order.startswith("back") and spec["faces_per_card"] == 2:
        back = 1 - back
    return first + back


def render_pdf(folder, pic, dest):
    pdf = os.path.join(folder, pic.source)
    page = card_page(folder, pic) if pic.card else pic.page
    media, trim = boxes(pdf, page)
    if pic.box == "media":
        trim = media
    left, top = trim[0] - media[0], media[3] - trim[3]
    w, h = trim[2] - trim[0], trim[3] - trim[1]
    if pic.crop:
        x, y, cw, ch = (v * MM for v in pic.crop)
        if x + cw > w + 0.01 or y + ch > h + 0.01:
            raise ValueError(f"{pic.where}: the crop reaches past the page's "
                             f"{w / MM:.1f} x {h / MM:.1f} mm")
        left, top, w, h = left + x, top + y, cw, ch
    scale = pic.width / w
    cmd = ["pdftoppm", "-png", "-singlefile", "-hide-annotations", "-f", str(page), "-l", str(page),
           "-r", f"{72 * scale:.4f}", "-x", str(round(left * scale)), "-y", str(round(top * scale)),
           "-W", str(pic.width), "-H", str(round(h * scale)), pdf, dest[:-len(".png")]]
    subprocess.run(cmd, check=True)


SEEDED = """
let seed = 12345;
Math.random = function () { seed = seed * 16807 % 2147483647; return (seed - 1) / 2147483646; };
const style = document.createElement('style');
style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
document.head.appendChild(style);
"""

# what a web picture shows after its page has loaded: a script to run and
# what to wait for
ACTIONS = {
    None: ("", "return true"),
    "draw": ("document.getElementById('draw-open').click();",
             "const i = document.getElementById('draw-img');"
             "return !document.getElementById('draw').hidden && i.complete && i.naturalWidth > 0"),
    "flip": ("document.getElementById('draw-open').click();"
             "document.getElementById('draw-flip').click();",
             "const i = document.getElementById('draw-img');"
             "return i.getAttribute('src').endsWith('-back.png') && i.complete && i.naturalWidth > 0"),
}


def render_web(drivers, folder, pic, dest):
    """A page of the web edition in a browser of DRIVERS (one a picture width,
    kept open), after its action, as a screenshot in DEST."""
    if pic.action not in ACTIONS:
        raise ValueError(f"{pic.where}: action is one of {', '.join(a for a in ACTIONS if a)}")
    page = os.path.join(folder, "web", pic.source[len("web:"):])
    if not os.path.isfile(page):
        raise ValueError(f"{pic.where}: the web edition has no page '{pic.source}'")
    if pic.width not in drivers:
        drivers[pic.width] = Driver(os.path.dirname(dest), WINDOW, pic.width / WINDOW[0])
    drv = drivers[pic.width]
    drv.folder = os.path.dirname(dest)
    drv.go("file://" + page)
    drv.wait("return document.readyState === 'complete' && "
             "Array.from(document.images).every(i => i.complete || i.loading === 'lazy')",
             "page")
    script, ready = ACTIONS[pic.action]
    drv.js(SEEDED + script)
    if not drv.wait(ready, pic.action or "page"):
        raise RuntimeError(f"{pic.where}: the page never showed '{pic.action}'")
    time.sleep(1.0)  # the browser repaints scaled images in high quality after a moment
    drv.screenshot(os.path.basename(dest))


def kit_dir(kit):
    """The folder of KIT, a kit folder or one file of a kit."""
    return os.path.dirname(kit) if os.path.isfile(kit) else kit


def kit_folder(kit):
    """The folder in out/ that a build of KIT writes."""
    return os.path.basename(os.path.normpath(kit_dir(kit)))


def render_all(deckpress, pictures, dest, browser=True):
    """Builds the kits the pictures need (each kit once a profile) and renders
    the pictures into DEST; returns their names."""
    tmp = tempfile.mkdtemp(prefix="deckpress-docs-images-")
    drivers = {}
    try:
        builds = {}
        for p in pictures:
            if browser or p.format != "web":
                builds.setdefault((p.kit, p.profile), set()).add(p.format)
        made = []
        for n, ((kit, profile), formats) in enumerate(builds.items()):
            out = os.path.join(tmp, f"out{n}")
            build(deckpress, kit, formats, out, profile)
            folder = os.path.join(out, kit_folder(kit))
            for p in pictures:
                if (p.kit, p.profile) != (kit, profile) or p.format not in formats:
                    continue
                target = os.path.join(dest, p.name + ".png")
                if p.format == "web":
                    render_web(drivers, folder, p, target)
                else:
                    render_pdf(folder, p, target)
                made.append(p.name)
        return made
    finally:
        for drv in drivers.values():
            drv.quit()
        shutil.rmtree(tmp, ignore_errors=True)


def referenced():
    """The pictures README.md and docs/*.md point to: name -> first place."""
    found = {}
    files = ["README.md"] + sorted(os.path.join("docs", f) for f in os.listdir("docs")
                                   if f.endswith(".md"))
    for path in files:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                for m in re.finditer(r"(?:\]\(|src=\")(?:docs/)?images/([A-Za-z0-9._-]+)\.png",
                                     line):
                    found.setdefault(m.group(1), f"{path}:{n}")
    return found


def compare(pngdiff, pic, ref, actual):
    """pngdiff's verdict on ACTUAL against REF with the pictures' tolerance:
    (whether they match, what pngdiff says)."""
    env = dict(os.environ, PNGDIFF_MAXFRAC=MAXFRAC)
    if pic.format == "web":
        env["PNGDIFF_CHANNEL"] = WEB_CHANNEL
    r = subprocess.run([pngdiff, ref, actual], env=env, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"{pngdiff} {ref} {actual}: {r.stderr.strip()}")
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def changed_text_fails(deckpress, pngdiff, pictures, tmp):
    """Proves the comparison sees a changed card text: the first card picture's
    card, with the first word of its text spelt backwards in a copy of its
    kit, must differ from the committed picture. Returns pngdiff's verdict."""
    pic = next(p for p in pictures if p.card)
    kit = os.path.join(tmp, "changed", kit_folder(pic.kit))
    shutil.copytree(kit_dir(pic.kit), kit)
    deck, lang = pic.source.split(".")[:2]
    path = os.path.join(kit, deck + ".yaml")
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    card = next(c for c in yaml.safe_load(raw)["cards"] if c["id"] == pic.card)
    text = card["text"][lang] if isinstance(card["text"], dict) else card["text"]
    word = text.split()[0]
    at = raw.index(word, raw.index(f"id: {pic.card}"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(raw[:at] + word[::-1] + raw[at + len(word):])
    out = os.path.join(tmp, "changed", "out")
    build(deckpress, path, {"print"}, out)
    dest = os.path.join(tmp, "changed", pic.name + ".png")
    render_pdf(os.path.join(out, os.path.basename(kit)), pic, dest)
    same, said = compare(pngdiff, pic, os.path.join(IMAGES, pic.name + ".png"), dest)
    return not same, f"{pic.name} with '{word}' spelt '{word[::-1]}' is not current: {said}"


def make(deckpress, pngdiff=None):
    """Renders every picture into docs/images/. With PNGDIFF, a picture that
    matches the one there within the test's tolerance keeps its bytes, so
    only the pictures that really changed show in git."""
    pictures = read_list()
    tmp = tempfile.mkdtemp(prefix="deckpress-docs-make-")
    try:
        render_all(deckpress, pictures, tmp)
        changed = 0
        for p in pictures:
            new, old = os.path.join(tmp, p.name + ".png"), os.path.join(IMAGES, p.name + ".png")
            if pngdiff and os.path.isfile(old) and compare(pngdiff, p, old, new)[0]:
                continue
            shutil.copyfile(new, old)
            changed += 1
            print(f"wrote {old}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    keep = {p.name + ".png" for p in pictures}
    for f in sorted(os.listdir(IMAGES)):
        if f.endswith(".png") and f not in keep:
            os.remove(os.path.join(IMAGES, f))
            print(f"removed {IMAGES}/{f}")
    total = sum(os.path.getsize(os.path.join(IMAGES, p.name + ".png")) for p in pictures)
    print(f"docs-images: {len(pictures)} pictures in {IMAGES}/ ({changed} written), "
          f"{total / 1024:.0f} KiB")


def check(deckpress, pngdiff, browser):
    failures = []

    def verdict(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    pictures = read_list()
    names = {p.name for p in pictures}
    for name, where in sorted(referenced().items()):
        verdict(name in names, f"{where}: images/{name}.png is made by {LIST}")
    for f in sorted(os.listdir(IMAGES)):
        if f.endswith(".png"):
            verdict(f[:-4] in names, f"{IMAGES}/{f} is in {LIST}")
    total = sum(os.path.getsize(os.path.join(IMAGES, f)) for f in os.listdir(IMAGES))
    verdict(total < 2 * 1024 * 1024, f"{IMAGES}/ holds {total / 1024:.0f} KiB, under 2 MiB")
    tmp = tempfile.mkdtemp(prefix="deckpress-docs-check-")
    try:
        made = render_all(deckpress, pictures, tmp, browser)
        for p in pictures:
            if p.name not in made:
                print(f"skip {p.name}: web pictures are not compared with --no-browser")
                continue
            ref = os.path.join(IMAGES, p.name + ".png")
            if not os.path.isfile(ref):
                verdict(False, f"{ref} exists (run make docs-images)")
                continue
            same, said = compare(pngdiff, p, ref, os.path.join(tmp, p.name + ".png"))
            verdict(same, f"{p.name} is current: {said}")
        verdict(*changed_text_fails(deckpress, pngdiff, pictures, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"docs-images: {len(failures)} failed; `make docs-images` renders them again, "
              "then look at them and commit them")
    return not failures


def main(argv):
    try:
        if 2 <= len(argv) <= 3 and argv[0] == "make":
            pngdiff = os.path.abspath(argv[2]) if len(argv) == 3 else None
            make(os.path.abspath(argv[1]), pngdiff if pngdiff and os.path.isfile(pngdiff) else None)
            return 0
        if len(argv) >= 3 and argv[0] == "check":
            browser = "--no-browser" not in argv[3:]
            return 0 if check(os.path.abspath(argv[1]), os.path.abspath(argv[2]), browser) else 1
    except (ValueError, RuntimeError, OSError, subprocess.CalledProcessError) as e:
        print(f"docs-images: {e}", file=sys.stderr)
        return 1
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
