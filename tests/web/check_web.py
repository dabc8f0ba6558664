#!/usr/bin/env python3
"""The web edition in a real browser: builds the sample kit with --format web
and opens the site in headless Chromium through chromedriver (WebDriver over
plain HTTP, so nothing beyond Python's standard library and Debian's
chromium and chromium-driver is needed), from file:// and from a static web
server. Checks that the gallery shows every card of the deck, that the
filters change the count, that drawing a card shows a card and flipping shows
its back (by keyboard only), that nothing logs a console error, and that no
request leaves the site's folder. Keeps screenshots of the start page, the
gallery, the draw mode and the board in ARTEFACTS, to look at. Then checks
that a build with an input error leaves the previous site as it was.

Usage: check_web.py DECKPRESS ARTEFACTS      (run from the repository root)
"""
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import Driver  # noqa: E402

DECKPRESS, ARTEFACTS = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ROOT = os.getcwd()
KIT = "social-kapital"
DECK = "kapitalkort"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def deck_cards():
    with open(os.path.join(ROOT, "decks", KIT, DECK + ".yaml"), encoding="utf-8") as f:
        d = yaml.safe_load(f)
    return d["cards"] + d.get("special", []), d["categories"]


def check_gallery(drv, base, lang):
    cards, cats = deck_cards()
    drv.go(f"{base}/{DECK}.{lang}.html")
    n = drv.js("return document.querySelectorAll('#cards .card:not([hidden])').length")
    check(n == len(cards), f"{lang}: the gallery shows every card ({n} of {len(cards)})")
    texts = drv.js("return Array.from(document.querySelectorAll('#cards img')).map(i => i.alt)")
    first = cards[0]["text"][lang] if isinstance(cards[0]["text"], dict) else cards[0]["text"]
    check(any(first.split()[0] in t for t in texts), f"{lang}: card texts are alt texts")
    cat = cats[0]["id"]
    want = sum(1 for c in cards if c.get("category") == cat)
    drv.js("const s = document.getElementById('f-category'); s.value = arguments[0];"
           "s.dispatchEvent(new Event('change'))", cat)
    n = drv.js("return document.querySelectorAll('#cards .card:not([hidden])').length")
    label = drv.js("return document.getElementById('count').textContent")
    check(n == want and str(want) in label, f"{lang}: the category filter shows {n} cards ({label})")
    drv.js("const s = document.getElementById('f-level'); s.value = '1';"
           "s.dispatchEvent(new Event('change'))")
    want1 = sum(1 for c in cards if c.get("category") == cat and c.get("level") == 1)
    n = drv.js("return document.querySelectorAll('#cards .card:not([hidden])').length")
    check(n == want1 and want1 < want, f"{lang}: the level filter narrows it to {n} cards")
    drv.js("for (const id of ['f-category', 'f-level']) { const s = document.getElementById(id);"
           " s.value = ''; s.dispatchEvent(new Event('change')) }")
    return len(cards)


def check_draw(drv, lang, shot):
    drv.click("#draw-open")
    shown = drv.wait("return !document.getElementById('draw').hidden && "
                     "document.getElementById('draw-img').complete && "
                     "document.getElementById('draw-img').naturalWidth > 0", "draw")
    src = drv.js("return document.getElementById('draw-img').getAttribute('src')")
    check(shown and src.endswith("-front.png"), f"{lang}: drawing shows a card's front ({src})")
    text = drv.js("return document.getElementById('draw-text').textContent")
    check(len(text) > 10, f"{lang}: the drawn card's text is on the page in large type")
    if shot:
        drv.screenshot(f"draw-{lang}.png")
    drv.keys("f")
    ok = drv.wait("return document.getElementById('draw-img').getAttribute('src')"
                  ".endsWith('-back.png') && document.getElementById('draw-img').naturalWidth > 0",
                  "back")
    check(ok and src.replace("-front", "-back") == drv.js(
        "return document.getElementById('draw-img').getAttribute('src')"),
        f"{lang}: F flips it to its own back")
    if shot:
        drv.screenshot(f"draw-back-{lang}.png")
    drv.keys("\ue00d")  # space: the next card
    src2 = drv.js("return document.getElementById('draw-img').getAttribute('src')")
    check(src2.endswith("-front.png") and src2 != src, f"{lang}: Space draws the next card")
    drv.keys("\ue00c")  # escape
    check(drv.js("return document.getElementById('draw').hidden"), f"{lang}: Escape closes it")


def check_board(drv, base, lang, shot):
    drv.go(f"{base}/vejen.{lang}.html")
    ok = drv.wait("const i = document.getElementById('board-img');"
                  "return i.complete && i.naturalWidth > 0", "board")
    check(ok, f"{lang}: the board's image loads")
    drv.click("#zoom-in")
    w = drv.js("return document.getElementById('board-img').style.width")
    check(w == "150%", f"{lang}: zoom in enlarges the board ({w})")
    if shot:
        drv.screenshot(f"board-{lang}.png")


def check_logs(drv, prefix, what):
    errors = [e["message"] for e in drv.log("browser") if e["level"] == "SEVERE"]
    check(not errors, f"{what}: no console errors {errors[:3]}")
    outside = []
    for e in drv.log("performance"):
        m = json.loads(e["message"])["message"]
        if m["method"] == "Network.requestWillBeSent":
            url = m["params"]["request"]["url"]
            if not (url.startswith(prefix) or url.startswith("data:")):
                outside.append(url)
    check(not outside, f"{what}: no request leaves the site {outside[:3]}")


def kit_tools():
    """The sample kit's decks, boards and documents: one section each."""
    kinds = ("deck", "board", "document")
    found = []
    folder = os.path.join(ROOT, "decks", KIT)
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                if any(line.strip() in (f"kind: {k}" for k in kinds) for line in f):
                    found.append(name)
    return found


def visit(drv, base, prefix, what, shots):
    drv.go(f"{base}/index.html")
    # thumbnails below the window load lazily, when scrolled to
    ok = drv.wait("return Array.from(document.images).every(i => i.complete || "
                  "(i.loading === 'lazy' && i.getBoundingClientRect().top > innerHeight))",
                  "start")
    tools = drv.js("return document.querySelectorAll('article.tool').length")
    want = len(kit_tools())
    check(ok and tools == want, f"{what}: the start page shows the kit's {want} tools ({tools})")
    if shots:
        drv.screenshot("start-da.png")
    for lang in ("da", "en"):
        check_gallery(drv, base, lang)
        if shots and lang == "en":
            drv.screenshot("gallery-en.png")
        check_draw(drv, lang, shots)
        check_board(drv, base, lang, shots)
    check_logs(drv, prefix, what)


def serve(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=folder)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def check_atomic(tmp, site):
    """A build with an input error leaves the site as it was."""
    before = {p: os.stat(os.path.join(site, p)).st_ino for p in os.listdir(site)}
    kit = os.path.join(tmp, "decks", KIT)
    shutil.copytree(os.path.join(ROOT, "decks", KIT), kit)
    with open(os.path.join(kit, DECK + ".yaml"), "a", encoding="utf-8") as f:
        f.write("unknown-key: 1\n")
    r = subprocess.run([DECKPRESS, "build", kit, "--format", "web", "--out",
                        os.path.join(tmp, "out"), "--dpi", "72"], capture_output=True)
    after = {p: os.stat(os.path.join(site, p)).st_ino for p in os.listdir(site)}
    check(r.returncode == 1 and before == after, "a build with errors leaves the old site intact")
    left = [p for p in os.listdir(os.path.dirname(site)) if p.startswith(".web.tmp-")]
    check(not left, f"no temporary site folder is left {left}")


def main():
    os.makedirs(ARTEFACTS, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="deckpress-web-")
    try:
        out = os.path.join(tmp, "out")
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        r = subprocess.run([DECKPRESS, "build", f"decks/{KIT}", "--format", "web", "--out", out,
                            "--dpi", "72"], env=env, capture_output=True, text=True)
        check(r.returncode == 0, f"the sample kit builds --format web {r.stderr.strip()}")
        site = os.path.join(out, KIT, "web")
        check(os.path.isfile(os.path.join(site, "index.html")), "web/index.html is written")
        if failures:
            return
        drv = Driver(ARTEFACTS)
        try:
            visit(drv, "file://" + site, "file://" + site + "/", "file://", True)
            srv = serve(site)
            base = f"http://127.0.0.1:{srv.server_address[1]}"
            drv2 = Driver(ARTEFACTS)
            try:
                visit(drv2, base, base + "/", "http", False)
            finally:
                drv2.quit()
                srv.shutdown()
        finally:
            drv.quit()
        check_atomic(tmp, site)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"web: {len(failures)} failed; screenshots in {ARTEFACTS}")


main()
sys.exit(1 if failures else 0)
