#!/usr/bin/env bash
# Print-at-home sheets, checked by pixels: builds the fixture kit in
# tests/render/sheets/kit (ten poker cards, each one colour of its own on
# front and back, with a white square at the front's top-left corner and
# behind it on the back) through the real CLI, rasterises every sheet at
# 300 dpi with pdftoppm and checks that
#   - after the flip the duplex mode implies, each back lands on its front:
#     every edge of the colour's box within 0.2 mm, and the white squares
#     meet (so the back is upright when the card turns over like a book page);
#   - every card box is the trim size (+ bleed) to 0.2 mm;
#   - no dark pixel (cut mark, note) falls on a card or its bleed, and the
#     first and last 1 mm of the paper are blank;
#   - each card edge has a cut mark in the margin;
#   - flipping the wrong way is caught (the check is not vacuous).
# Usage: check_sheets.sh DECKPRESS
. "$(dirname "$0")/common.sh"
kit="$here/sheets/kit"

# The pixel checks of one sheets PDF. Arguments: the PDF, the duplex mode,
# the bleed the sheet uses in mm, the number of pages to expect and the
# first page of cards (after an alignment test).
check_pdf() {
	python3 - "$@" <<'PY'
import atexit, os, shutil, subprocess, sys, tempfile

pdf, duplex, bleed_mm, want_pages, first = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
DPI = 300
PX = DPI / 25.4                      # pixels per mm
TOL = 0.2 * PX                       # 0.2 mm = 2.36 px
CARD = (63.0, 88.0)                  # poker, mm
COLOURS = ["F41444", "34EC44", "3474E4", "F4EC44", "F414E4",      # as in deck.yaml
           "34ECE4", "F47444", "B414E4", "34EC94", "F47494"]
fails = 0

def fail(msg):
    global fails
    fails += 1
    print("FAIL: " + msg)

def ok(msg):
    print("ok: " + msg)

# Quantise every channel to 32 levels: a colour whose channels are 8k + 4
# matches with a tolerance of -4..+3 whatever the rasteriser's rounding, and
# bytes.find does the searching at C speed.
Q = bytes(v // 8 for v in range(256))
DARK = bytes(1 if v < 160 else 0 for v in range(256))   # every fixture colour has a channel > 0xE0
NOT_WHITE = bytes(0 if v >= 248 else 1 for v in range(256))

def key(hexrgb):
    return bytes(int(hexrgb[i:i + 2], 16) // 8 for i in (0, 2, 4))

WHITE = bytes([31, 31, 31])

class Page:
    def __init__(self, path):
        data = open(path, 'rb').read()
        # P6 <w> <h> 255, then w * h RGB triplets
        fields, pos = [], 0
        while len(fields) < 4:
            while data[pos:pos + 1].isspace():
                pos += 1
            end = pos
            while not data[end:end + 1].isspace():
                end += 1
            fields.append(data[pos:end])
            pos = end
        assert fields[0] == b'P6' and fields[3] == b'255', path
        self.w, self.h = int(fields[1]), int(fields[2])
        raw = data[pos + 1:]
        assert len(raw) == self.w * self.h * 3, path
        self.q = raw.translate(Q)
        self.dark = raw.translate(DARK)
        self.notwhite = raw.translate(NOT_WHITE)
        self.stride = self.w * 3

    def row(self, buf, y, x0=0, x1=None):
        x1 = self.w if x1 is None else x1
        return buf[y * self.stride + 3 * x0:y * self.stride + 3 * x1]

    def bbox(self, k, region=None, buf=None):
        """Pixel box (x0, y0, x1, y1), inclusive, of the pixels equal to k."""
        buf = self.q if buf is None else buf
        rx0, ry0, rx1, ry1 = region or (0, 0, self.w - 1, self.h - 1)
        box = None
        for y in range(max(ry0, 0), min(ry1, self.h - 1) + 1):
            r = self.row(buf, y, rx0, rx1 + 1)
            i = r.find(k)
            while i >= 0 and i % 3:
                i = r.find(k, i + 1)
            if i < 0:
                continue
            j = r.rfind(k)
            while j % 3:
                j = r.rfind(k, 0, j + 2)
            a, b = rx0 + i // 3, rx0 + j // 3
            box = [a, y, b, y] if box is None else [min(box[0], a), box[1], max(box[2], b), y]
        return box

    def has(self, buf, k, region):
        x0, y0, x1, y1 = region
        for y in range(max(y0, 0), min(y1, self.h - 1) + 1):
            r = self.row(buf, y, max(x0, 0), min(x1, self.w - 1) + 1)
            i = r.find(k)
            while i >= 0 and i % 3:
                i = r.find(k, i + 1)
            if i >= 0:
                return True
        return False

def flip(box, page, axis):
    """A pixel box as it lies after turning the paper about axis 'x' (the
    vertical axis: left and right swap) or 'y' (top and bottom swap)."""
    # about the paper's true middle: pdftoppm rounds the page up to whole
    # pixels (A4's 2480.3 px to 2481), and mirroring the pixel grid instead
    # would add a third of a pixel of error of its own
    x0, y0, x1, y1 = box
    if axis == 'x':
        return [PAGE_W - 1 - x1, y0, PAGE_W - 1 - x0, y1]
    return [x0, PAGE_H - 1 - y1, x1, PAGE_H - 1 - y0]

def worst(a, b):
    return max(abs(p - q) for p, q in zip(a, b))

out = tempfile.mkdtemp()
atexit.register(shutil.rmtree, out, True)  # ~100 MB of pages
info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
pages = int(next(l.split()[1] for l in info.splitlines() if l.startswith('Pages:')))
size_pt = next(l.split() for l in info.splitlines() if l.startswith('Page size:'))
PAGE_W, PAGE_H = float(size_pt[2]) * DPI / 72, float(size_pt[4]) * DPI / 72
if pages != want_pages:
    fail(f"{pages} pages, expected {want_pages}")
fonts = subprocess.run(['pdffonts', pdf], capture_output=True, text=True).stdout.splitlines()[2:]
if not fonts or any('Lato' not in f for f in fonts):
    fail("fonts other than the bundled Lato: " + "; ".join(fonts))

def load(n):
    stem = os.path.join(out, f"p{n}")
    subprocess.run(['pdftoppm', '-r', str(DPI), '-f', str(n), '-l', str(n), '-singlefile',
                    pdf, stem], check=True)
    return Page(stem + '.ppm')

bleed = bleed_mm * PX
size = ((CARD[0] + 2 * bleed_mm) * PX, (CARD[1] + 2 * bleed_mm) * PX)
fold = duplex == 'fold'
step = 1 if fold else 2
max_err = 0.0
wrong_caught = 0
checked = 0
sheet = 0
for n in range(first, pages + 1, step):
    sheet += 1
    front = load(n)
    back = front if fold else load(n + 1)
    landscape = front.w > front.h
    # where each card's back lies after the flip, and the wrong flip
    if fold:
        axis = None
    elif (duplex == 'long') != landscape:
        axis = 'x'
    else:
        axis = 'y'
    half = front.w // 2
    cards = []
    for c in COLOURS:
        k = key(c)
        if fold:
            # fronts in the left half, backs mirrored in the right half (or
            # fronts on top, backs below for a fold across)
            left = front.bbox(k, (0, 0, half - 1, front.h - 1))
            right = front.bbox(k, (half, 0, front.w - 1, front.h - 1))
            if left and right:
                f, b, ax = left, flip(right, front, 'x'), 'x'
            else:
                top = front.bbox(k, (0, 0, front.w - 1, front.h // 2 - 1))
                bottom = front.bbox(k, (0, front.h // 2, front.w - 1, front.h - 1))
                if not (top and bottom):
                    if left or right or top or bottom:
                        fail(f"sheet {sheet}: #{c} has no pair to fold onto")
                    continue
                f, b, ax = top, flip(bottom, front, 'y'), 'y'
            braw = right if ax == 'x' else bottom
        else:
            f = front.bbox(k)
            braw = back.bbox(k)
            if f is None and braw is None:
                continue
            if f is None or braw is None:
                fail(f"sheet {sheet}: #{c} on one side only")
                continue
            ax = axis
            b = flip(braw, back, ax)
        checked += 1
        cards.append((c, f, braw))
        err = worst(f, b)
        max_err = max(max_err, err)
        if err > TOL:
            fail(f"sheet {sheet}: back of #{c} lands {err / PX:.2f} mm off its front "
                 f"(front {f}, flipped back {b})")
        wrong = flip(braw, back, 'y' if ax == 'x' else 'x')
        if worst(f, wrong) > TOL:
            wrong_caught += 1
        w, h = f[2] - f[0] + 1, f[3] - f[1] + 1
        if abs(w - size[0]) > TOL or abs(h - size[1]) > TOL:
            fail(f"sheet {sheet}: #{c} is {w / PX:.2f} x {h / PX:.2f} mm, "
                 f"expected {size[0] / PX:.2f} x {size[1] / PX:.2f}")
        # the white squares: at the front's top-left, and behind it
        inner = lambda r: (r[0] + 3, r[1] + 3, r[2] - 3, r[3] - 3)
        fm = front.bbox(WHITE, inner(f))
        bm = back.bbox(WHITE, inner(braw))
        if fm is None or bm is None:
            fail(f"sheet {sheet}: #{c} lost its corner square")
            continue
        bm = flip(bm, back, ax)
        if worst(fm, bm) > TOL:
            fail(f"sheet {sheet}: #{c}: the back's corner square lands {worst(fm, bm) / PX:.2f} mm "
                 "from the front's (back turned the wrong way?)")
        want = (f[0] + bleed + 5 * PX, f[1] + bleed + 5 * PX)
        if abs(fm[0] - want[0]) > TOL or abs(fm[1] - want[1]) > TOL:
            fail(f"sheet {sheet}: #{c}: front not upright (corner square at {fm[:2]}, "
                 f"expected {want})")
    if not cards:
        fail(f"sheet {sheet}: no cards found")
        continue

    # marks and notes: never on a card or its bleed, never at the paper's edge
    sides = [(front, [c[1] for c in cards])]
    if not fold:
        sides.append((back, [c[2] for c in cards]))
    else:
        sides[0][1].extend(c[2] for c in cards)
    for pg, boxes in sides:
        for box in boxes:
            if pg.has(pg.dark, b'\x01\x01\x01', (box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2)):
                fail(f"sheet {sheet}: a dark pixel (cut mark?) on the card at {box}")
        e = round(1 * PX)
        edge = any(pg.row(pg.notwhite, y).count(1) for y in list(range(e)) + list(range(pg.h - e, pg.h)))
        edge = edge or any(pg.row(pg.notwhite, y, 0, e).count(1) or pg.row(pg.notwhite, y, pg.w - e).count(1)
                           for y in range(pg.h))
        if edge:
            fail(f"sheet {sheet}: ink within 1 mm of the paper's edge")
    # a cut mark on every trim edge of the front, in the margin outside the cards
    boxes = sides[0][1]
    top = min(b[1] for b in boxes) - 1
    bottom = max(b[3] for b in boxes) + 1
    lft = min(b[0] for b in boxes) - 1
    rgt = max(b[2] for b in boxes) + 1
    m = round(5 * PX)
    missing = 0
    for b in boxes:
        for x in (b[0] + bleed, b[2] - bleed):
            x = round(x)
            if fold and abs(x - front.w / 2) < 3:
                continue
            if not (front.has(front.dark, b'\x01\x01\x01', (x - 3, m, x + 3, top)) or
                    front.has(front.dark, b'\x01\x01\x01', (x - 3, bottom, x + 3, front.h - m))):
                missing += 1
        for y in (b[1] + bleed, b[3] - bleed):
            y = round(y)
            if not (front.has(front.dark, b'\x01\x01\x01', (m, y - 3, lft, y + 3)) or
                    front.has(front.dark, b'\x01\x01\x01', (rgt, y - 3, front.w - m, y + 3))):
                missing += 1
    if missing:
        fail(f"sheet {sheet}: {missing} card edges without a cut mark in the margin")

if checked == 0:
    fail("no card found on any sheet")
elif wrong_caught == 0:
    fail("flipping the wrong way would pass too: the check cannot see a wrong flip")
else:
    ok(f"{checked} backs on their fronts over {sheet} sheets, worst {max_err / PX:.3f} mm "
       f"({max_err:.2f} px at {DPI} dpi); the wrong flip is off for {wrong_caught}")
sys.exit(1 if fails else 0)
PY
}

# mode, extra options, bleed on the sheet (mm), pages, first page of cards
run() {
	local name=$1 duplex=$2 bleed=$3 pages=$4 first=$5
	shift 5
	local out="$tmp/$name"
	if ! "$bin" build "$kit" --format sheets --out "$out" --duplex "$duplex" "$@" 2>"$tmp/$name.err"; then
		fail "$name: build failed: $(cat "$tmp/$name.err")"
		return
	fi
	local pdf="$out/kit/solid.en.sheets.pdf"
	if check_pdf "$pdf" "$duplex" "$bleed" "$pages" "$first" >"$tmp/$name.log"; then
		ok "$name: $(tail -n 1 "$tmp/$name.log" | sed 's/^ok: //')"
	else
		grep FAIL "$tmp/$name.log" | sed "s/^FAIL: /FAIL: $name: /"
		fails=$((fails + 1))
	fi
}

# Ten poker cards. With the deck's 3 mm bleed and the default gap (6 mm),
# A4 holds 8 in landscape: 2 sheets. With --gap 0mm, 9 in portrait.
run long-landscape long 3 4 1 --paper a4
run short-landscape short 3 4 1 --paper a4
run long-portrait long 0 4 1 --paper a4 --gap 0mm
run short-portrait short 0 4 1 --paper a4 --gap 0mm
run fold fold 3 3 1 --paper a4
run letter-long long 0 4 1 --paper letter --gap 0mm
run alignment long 3 6 3 --paper a4 --alignment-test

# page sizes follow --paper and the orientation
size=$(pdfinfo "$tmp/long-portrait/kit/solid.en.sheets.pdf" | awk '/^Page size:/ {print $3, $5}')
[ "$size" = "595.276 841.89" ] && ok "A4 portrait page" || fail "A4 portrait page size $size"
size=$(pdfinfo "$tmp/long-landscape/kit/solid.en.sheets.pdf" | awk '/^Page size:/ {print $3, $5}')
[ "$size" = "841.89 595.276" ] && ok "A4 landscape page" || fail "A4 landscape page size $size"
size=$(pdfinfo "$tmp/letter-long/kit/solid.en.sheets.pdf" | awk '/^Page size:/ {print $3, $5}')
[ "$size" = "612 792" ] && ok "Letter page" || fail "Letter page size $size"

# the note says how to print, in the private font
pdftotext "$tmp/long-landscape/kit/solid.en.sheets.pdf" - | grep -q "100 %" \
	&& ok "print-at-100 % note" || fail "no print-at-100 % note"

# the same input gives the same bytes
"$bin" build "$kit" --format sheets --out "$tmp/again" --duplex long --paper a4 2>/dev/null
cmp -s "$tmp/long-landscape/kit/solid.en.sheets.pdf" "$tmp/again/kit/solid.en.sheets.pdf" \
	&& ok "byte-identical rebuild" || fail "rebuild differs"

# bad input: a bleed the gap cannot hold
if "$bin" build "$kit" --format sheets --out "$tmp/bad" --gap 4mm 2>"$tmp/bad.err"; then
	fail "--gap 4mm with a 3 mm bleed succeeded"
elif grep -q "bleed needs a gap of at least twice its size; use a larger --gap or --gap 0mm" "$tmp/bad.err"; then
	ok "--gap smaller than twice the bleed is refused"
else
	fail "--gap 4mm: unexpected message: $(cat "$tmp/bad.err")"
fi

echo "sheet checks: $fails failed"
[ $fails -eq 0 ]
