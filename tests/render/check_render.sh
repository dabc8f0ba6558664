#!/usr/bin/env bash
# Render checks on real output of the sample kit: PDFs with poppler-utils and
# qpdf, PNGs against references with a tolerance.
# Usage: check_render.sh DECKPRESS PNGDIFF; REGEN=1 rewrites the reference PNGs.
set -u
bin=$(realpath "$1")
pngdiff=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kit="$root/decks/social-kapital"
export DECKPRESS_ROOT="$root"
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

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

echo "render checks: $fails failed"
[ $fails -eq 0 ]
