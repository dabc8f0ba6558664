#!/usr/bin/env bash
# Render checks on real output of the sample kit: PDFs with poppler-utils and
# qpdf, PNGs against references with a tolerance.
# Usage: check_render.sh DECKPRESS PNGDIFF; REGEN=1 rewrites the reference PNGs.
. "$(dirname "$0")/common.sh"
pngdiff=$(realpath "$2")
kit="$root/decks/social-kapital"

"$bin" build "$kit" --out "$tmp/out" --dpi 100 || { echo "FAIL: build failed"; exit 1; }

# pages the deck must have: front and back of every copy of every card
expected_pages=$(python3 - "$kit/kapitalkort.yaml" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print(2 * sum(c.get('count', 1) for c in d.get('special', []) + d['cards']))
PY
)

for lang in da en; do
	pdf="$tmp/out/social-kapital/kapitalkort.$lang.print.pdf"
	[ -f "$pdf" ] || { fail "$pdf missing"; continue; }
	info=$(pdfinfo "$pdf")
	pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
	[ "$pages" = "$expected_pages" ] && ok "$lang: $pages pages" || fail "$lang: $pages pages, expected $expected_pages"
	# A6 (105 x 148 mm) plus 3 mm bleed on each side: 111 x 154 mm
	size=$(awk '/^Page size:/ {print $3, $5}' <<<"$info")
	python3 -c "
import sys; w,h = map(float, '$size'.split()); mm = 72/25.4
sys.exit(0 if abs(w - 111*mm) < 0.01 and abs(h - 154*mm) < 0.01 else 1)" \
		&& ok "$lang: page size $size pt = 111 x 154 mm" || fail "$lang: page size $size"
	# every page the same size
	n_sizes=$(pdfinfo -f 1 -l "$pages" "$pdf" | awk '/^Page +[0-9]+ size:/ {print $4, $6}' | sort -u | wc -l)
	[ "$n_sizes" = 1 ] && ok "$lang: all pages one size" || fail "$lang: $n_sizes page sizes"
	grep -q "^Title: *Kapitalkort\|^Title: *Capital Cards" <<<"$info" && ok "$lang: title" || fail "$lang: no title"
	grep -q "^Author: *." <<<"$info" && ok "$lang: author" || fail "$lang: no author"
	grep -q "^Subject: *." <<<"$info" && ok "$lang: subject" || fail "$lang: no subject"
	fonts=$(pdffonts "$pdf" | tail -n +3)
	[ -n "$fonts" ] || fail "$lang: no fonts"
	if awk '$(NF-4) != "yes" {bad=1} END {exit bad}' <<<"$fonts"; then ok "$lang: all fonts embedded"; else fail "$lang: a font is not embedded"; fi
	if grep -qv 'Lato\|NotoSans' <<<"$fonts"; then fail "$lang: a font not from fonts/"; else ok "$lang: only bundled fonts"; fi
	[ "$(pdfimages -list "$pdf" | tail -n +3 | wc -l)" = 0 ] && ok "$lang: no raster images (vector icons)" || fail "$lang: raster images in the PDF"
	qpdf --check "$pdf" >/dev/null 2>&1 && ok "$lang: qpdf --check" || fail "$lang: qpdf --check"
	pdftotext "$pdf" "$tmp/$lang.txt"
done

# text per language: each card's text in its own language only
grep -q "Fortæl om en situation" "$tmp/da.txt" && ok "da text present" || fail "da text missing"
grep -q "Describe a time a colleague" "$tmp/en.txt" && ok "en text present" || fail "en text missing"
grep -q "Describe a time a colleague" "$tmp/da.txt" && fail "English text in the Danish PDF" || ok "no English in da"
grep -q "Fortæl om en situation" "$tmp/en.txt" && fail "Danish text in the English PDF" || ok "no Danish in en"

# reproducible: the same input gives the same bytes
"$bin" build "$kit" --out "$tmp/again" --format print || fail "second build failed"
cmp -s "$tmp/out/social-kapital/kapitalkort.da.print.pdf" "$tmp/again/social-kapital/kapitalkort.da.print.pdf" \
	&& ok "byte-identical rebuild" || fail "rebuild differs"
SOURCE_DATE_EPOCH=1600000000 "$bin" build "$kit" --out "$tmp/epoch" --format print --lang da || fail "epoch build failed"
pdfinfo "$tmp/epoch/social-kapital/kapitalkort.da.print.pdf" | grep -q "CreationDate:.*2020" \
	&& ok "SOURCE_DATE_EPOCH honoured" || fail "SOURCE_DATE_EPOCH ignored"

# PNGs: one per face, trimmed (A6 at 100 dpi = 413 x 583 px)
pngdir="$tmp/out/social-kapital/png/kapitalkort.da"
n_png=$(ls "$pngdir"/*.png 2>/dev/null | wc -l)
distinct=$(python3 -c "
import yaml; d = yaml.safe_load(open('$kit/kapitalkort.yaml')); print(2 * (len(d.get('special', [])) + len(d['cards'])))")
[ "$n_png" = "$distinct" ] && ok "$n_png PNGs" || fail "$n_png PNGs, expected $distinct"
dims=$(python3 - "$pngdir/004-T01-front.png" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read(24)
print(*struct.unpack('>II', b[16:24]))
PY
)
[ "$dims" = "413 583" ] && ok "PNG trimmed at 100 dpi ($dims)" || fail "PNG size $dims, expected 413 583"

# reference images
mkdir -p "$here/ref"
for f in kapitalkort.da/001-how-to-front kapitalkort.da/004-T01-front kapitalkort.da/004-T01-back \
	kapitalkort.en/006-T03-front kapitalkort.da/017-R04-front; do
	actual="$tmp/out/social-kapital/png/$f.png"
	ref="$here/ref/$(tr / _ <<<"$f").png"
	if [ "${REGEN:-}" = 1 ]; then cp "$actual" "$ref"; fi
	if "$pngdiff" "$ref" "$actual" "$here/$(basename "$ref" .png).diff.png" >"$tmp/diff.log"; then
		ok "matches $(basename "$ref")"
	else
		cp "$actual" "$here/$(basename "$ref" .png).out.png"
		fail "$(basename "$ref") differs: $(cat "$tmp/diff.log") (see tests/render/*.out.png, *.diff.png)"
	fi
done

# --- print shop: page boxes, dates, black as K, profiles, PDF/X (docs/print.md) ---
mm() { python3 -c "print($1 * 72 / 25.4)"; }
# check_boxes PDF TRIM_W_MM TRIM_H_MM BLEED_MM MARGIN_MM: every page has TrimBox and
# BleedBox entries (mutool lists only boxes that exist; pdfinfo -box would print
# defaults) with the exact values, nested in the MediaBox
check_boxes() {
	python3 - "$@" <<'PY2'
import re, subprocess, sys
pdf, tw, th, bl, mg = sys.argv[1], *map(float, sys.argv[2:])
k = 72 / 25.4
out = subprocess.run(["mutool", "pages", pdf], capture_output=True, text=True).stdout
pages = out.split("<page ")[1:]
bad = 0
for n, p in enumerate(pages, 1):
    box = {m[0]: tuple(map(float, m[1:])) for m in re.findall(r'<(\w+Box) l="([-\d.]+)" b="([-\d.]+)" r="([-\d.]+)" t="([-\d.]+)"', p)}
    if "TrimBox" not in box or "BleedBox" not in box:
        print(f"page {n}: no TrimBox/BleedBox"); bad += 1; continue
    want_trim = (mg * k, mg * k, (mg + tw) * k, (mg + th) * k)
    want_bleed = ((mg - bl) * k, (mg - bl) * k, (mg + tw + bl) * k, (mg + th + bl) * k)
    for name, want in (("TrimBox", want_trim), ("BleedBox", want_bleed)):
        if any(abs(a - b) > 0.001 for a, b in zip(box[name], want)):
            print(f"page {n}: {name} {box[name]}, expected {want}"); bad += 1
    m, b, t = box["MediaBox"], box["BleedBox"], box["TrimBox"]
    inside = lambda i, o: i[0] >= o[0] and i[1] >= o[1] and i[2] <= o[2] and i[3] <= o[3]
    if not (inside(t, b) and inside(b, m)):
        print(f"page {n}: boxes not nested: {m} {b} {t}"); bad += 1
print(f"{len(pages)} pages checked")
sys.exit(1 if bad or not pages else 0)
PY2
}
pdf="$tmp/out/social-kapital/kapitalkort.da.print.pdf"
check_boxes "$pdf" 105 148 3 3 >"$tmp/boxes.log" && ok "TrimBox and BleedBox on every page, exact: $(tail -1 "$tmp/boxes.log")" || fail "boxes: $(head -3 "$tmp/boxes.log")"
pdfinfo -rawdates "$pdf" | grep -q "CreationDate: *D:2023" && ok "D: dates" || fail "no D: date"
qpdf --show-object=trailer "$pdf" | grep -q "/ID" && ok "trailer /ID" || fail "no /ID"
n_rgb_black=$(qpdf --qdf --object-streams=disable "$pdf" - | grep -a -c -E '^0 0 0 (rg|RG)$| 0 0 0 (rg|RG)$')
[ "$n_rgb_black" = 0 ] && ok "no RGB black left (black is K)" || fail "$n_rgb_black RGB black operators"
grep -q "Pages per file: $expected_pages" "$tmp/out/social-kapital/kapitalkort.print-spec.txt" && ok "print spec" || fail "print spec missing or wrong"
python3 -c "import json; json.load(open('$tmp/out/social-kapital/kapitalkort.print-spec.json'))" && ok "print spec JSON parses" || fail "print spec JSON"

# US profile: 1/8 in bleed, back of each card first
"$bin" build "$kit" --profile us --format print --lang en --out "$tmp/us" || fail "us build"
check_boxes "$tmp/us/social-kapital/kapitalkort.en.print.pdf" 105 148 3.175 3.175 >"$tmp/boxes.log" && ok "us: boxes with 1/8 in bleed" || fail "us boxes: $(head -3 "$tmp/boxes.log")"
pdftotext -f 1 -l 1 "$tmp/us/social-kapital/kapitalkort.en.print.pdf" - | grep -q "Capital Cards" && \
	pdftotext -f 2 -l 2 "$tmp/us/social-kapital/kapitalkort.en.print.pdf" - | grep -q "How to use the cards" \
	&& ok "us: back first" || fail "us: not back first"

# crop marks and split files: marks outside the bleed on a larger page, equal page counts
"$bin" build "$kit" --profile eu-marks --format print --lang da --out "$tmp/marks" || fail "marks build"
fronts="$tmp/marks/social-kapital/kapitalkort.da.fronts.print.pdf"
backs="$tmp/marks/social-kapital/kapitalkort.da.backs.print.pdf"
check_boxes "$fronts" 105 148 3 10 >"$tmp/boxes.log" && ok "marks: boxes on a page enlarged for marks" || fail "marks boxes: $(head -3 "$tmp/boxes.log")"
nf=$(pdfinfo "$fronts" | awk '/^Pages:/ {print $2}'); nb=$(pdfinfo "$backs" | awk '/^Pages:/ {print $2}')
[ "$nf" = "$nb" ] && [ $((nf * 2)) = "$expected_pages" ] && ok "split: $nf fronts, $nb backs" || fail "split: $nf fronts, $nb backs"
# marks are drawn: the page corner region (outside the bleed) holds dark pixels
pdftoppm -r 72 -gray -f 1 -l 1 "$fronts" "$tmp/marks" && python3 - "$tmp"/marks-*1.pgm <<'PY2' && ok "marks: crop marks outside the bleed" || fail "marks: no crop marks"
import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)
w, h = map(int, d[1].split()); px = d[3]
k = 72 / 25.4
# the vertical mark at the trim's left edge, above the page: x = 10 mm, y from 0.5 to 4.5 mm
x = round(10 * k)
dark = sum(1 for y in range(round(1 * k), round(4.5 * k)) if min(px[y * w + x - 1: y * w + x + 2]) < 160)
# and nothing inside the top-left slug corner
blank = all(px[y * w + xx] > 250 for y in range(0, round(5 * k)) for xx in range(0, round(5 * k)))
sys.exit(0 if dark >= 5 and blank else 1)
PY2

# PDF/X-3 CMYK: OutputIntent, no RGB, ink under the limit
"$bin" build "$kit" --profile eu-pdfx --format print --lang da --out "$tmp/x" || fail "pdfx build"
x="$tmp/x/social-kapital/kapitalkort.da.pdfx.pdf"
pdfinfo "$x" | grep -q "PDF subtype: *PDF/X-3:2002" && ok "pdfx: PDF/X-3:2002" || fail "pdfx: not PDF/X-3"
[ "$(mutool show "$x" trailer/Root/OutputIntents 2>/dev/null | head -1)" != "null" ] && ok "pdfx: OutputIntent" || fail "pdfx: no OutputIntent"
n_rgb=$(qpdf --qdf --object-streams=disable "$x" - | grep -a -c -E ' (rg|RG)$|/DeviceRGB')
[ "$n_rgb" = 0 ] && ok "pdfx: no DeviceRGB" || fail "pdfx: $n_rgb RGB uses"
check_boxes "$x" 105 148 3 3 >"$tmp/boxes.log" && ok "pdfx: boxes kept" || fail "pdfx boxes: $(head -3 "$tmp/boxes.log")"
if pdffonts "$x" | tail -n +3 | awk '$(NF-4) != "yes" {bad=1} END {exit bad}'; then ok "pdfx: fonts embedded"; else fail "pdfx: a font not embedded"; fi
[ "$(pdfimages -list "$x" | tail -n +3 | wc -l)" = 0 ] && ok "pdfx: still vector (no rasterised pages)" || fail "pdfx: raster images"
tac=$(gs -q -dSAFER -dBATCH -dNOPAUSE -r20 -sDEVICE=bitcmyk -dGrayValues=256 -o "$tmp/tac%d.raw" "$x" >/dev/null 2>&1; \
	cat "$tmp"/tac*.raw | od -An -v -tu1 -w4 | awk '{s=($1+$2+$3+$4)/2.55; if(s>m)m=s} END{printf "%d", m}')
[ -n "$tac" ] && [ "$tac" -le 300 ] && ok "pdfx: max ink ${tac}% <= 300%" || fail "pdfx: max ink ${tac}%"

echo "render checks: $fails failed"
[ $fails -eq 0 ]
