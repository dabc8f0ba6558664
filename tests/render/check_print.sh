#!/usr/bin/env bash
# Print-shop checks on real output of the sample kit (issue 13): the bleed
# is artwork to the page edge on every page of every print PDF; text and
# thin lines in dark and near-neutral colours print as K only.
# Usage: check_print.sh DECKPRESS   (the ICC profiles the build made are
# in icc/ beside it)
. "$(dirname "$0")/common.sh"
icc_dir=$(dirname "$bin")/icc

"$bin" build "$root/decks/social-kapital" --out "$tmp/out" --lang da --format print,pdfx \
	|| { echo "FAIL: build failed"; exit 1; }
out="$tmp/out/social-kapital"

# Full bleed: the outer 0.5 mm of every page of every print PDF, rasterised
# at 200 dpi (0.5 mm = 3.9 pixels), shows no paper white where the artwork
# beside it is coloured. cairo 1.16 used to clip each page to whole points,
# leaving 0.2-0.6 pt white on the right and bottom.
for pdf in "$out"/*.print.pdf; do
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
	bad=0
	for ((first = 1; first <= pages; first += 8)); do
		rm -f "$tmp"/edge-*.ppm
		pdftoppm -r 200 -f "$first" -l $((first + 7)) "$pdf" "$tmp/edge"
		python3 "$here/bleed_edges.py" 200 "$tmp"/edge-*.ppm || bad=1
	done
	rm -f "$tmp"/edge-*.ppm
	[ "$bad" = 0 ] && ok "$(basename "$pdf"): $pages pages, artwork to the page edge" \
		|| fail "$(basename "$pdf"): white at the outer edge of the bleed"
done

# K only: Ghostscript's separations of a card's text area (below the
# header band: body text, footer and its rule) hold no cyan, magenta or
# yellow, in the PDF/X and in the print PDF (whose greys are DeviceGray,
# which every conversion prints as K). Page 9 is T01's front, page 3 the
# agreements card with its bullets.
for pdf in "$out/kapitalkort.da.pdfx.pdf" "$out/kapitalkort.da.print.pdf"; do
	for page in 3 9; do
		rm -f "$tmp"/sep*.tif
		gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=tiffsep -sCompression=none -r100 \
			-dFirstPage=$page -dLastPage=$page -o "$tmp/sep.tif" "$pdf"
		inks=$(python3 "$here/separations.py" 0.05 0.40 0.95 0.97 "$tmp/sep")
		if [[ "$inks" =~ ^cyan\ 0\ magenta\ 0\ yellow\ 0\ black\ [1-9] ]]; then
			ok "$(basename "$pdf") page $page: text area in K only ($inks)"
		else
			fail "$(basename "$pdf") page $page: text area separates as $inks"
		fi
	done
done
rm -f "$tmp"/sep*.tif

# The PDF/X's text: the same words as the print PDF's (Ghostscript wrote
# the ligatures' text as "situa琀椀on" and "ﬁk" before the post-pass).
for pdfx in "$out"/*.pdfx.pdf; do
	name=$(basename "$pdfx" .pdfx.pdf)
	# the words, one a line, sorted: Ghostscript may write a page's text
	# runs in another order
	pdftotext "$out/$name.print.pdf" - | tr -s ' \n' '\n\n' | sort >"$tmp/print.txt"
	pdftotext "$pdfx" - | tr -s ' \n' '\n\n' | sort >"$tmp/pdfx.txt"
	if cmp -s "$tmp/print.txt" "$tmp/pdfx.txt"; then
		ok "$name: PDF/X text = print PDF text ($(wc -w <"$tmp/pdfx.txt") words)"
	else
		fail "$name: PDF/X text differs: $(diff "$tmp/print.txt" "$tmp/pdfx.txt" | head -4 | tr '\n' ' ')"
	fi
done

# The print specs are true, for every deck, board and document: every file
# each lists exists with the pages, page size, trim, bleed, fonts, output
# condition and page labels (each card's copies where it says) it states, it
# lists no file that was not made, and its text states what its JSON does.
python3 "$here/check_spec.py" "$out" && ok "print specs agree with the PDFs" || fail "print specs"

# FOGRA39 out of the box: the PDF/X's OutputIntent names FOGRA39 in
# color.org's registry, and the profile in it is the one the build made from
# FOGRA39L.ti3, byte for byte.
x="$out/kapitalkort.da.pdfx.pdf"
qpdf --qdf --object-streams=disable "$x" "$tmp/x.qdf"
intent=$(grep -a -B9 '^  /Type /OutputIntent' "$tmp/x.qdf")
grep -q '/OutputConditionIdentifier (FOGRA39)' <<<"$intent" && grep -q '/RegistryName (http://www.color.org)' <<<"$intent" \
	&& ok "PDF/X OutputIntent FOGRA39 (http://www.color.org)" || fail "PDF/X OutputIntent: $intent"
icc_obj=$(sed -n 's|^  /DestOutputProfile \([0-9]*\) 0 R$|\1|p' <<<"$intent")
qpdf --show-object="$icc_obj" --filtered-stream-data "$tmp/x.qdf" >"$tmp/intent.icc" 2>/dev/null
cmp -s "$tmp/intent.icc" "$icc_dir/FOGRA39L-300.icc" && ok "PDF/X embeds the FOGRA39 profile the build made" \
	|| fail "PDF/X's profile (object $icc_obj) is not $icc_dir/FOGRA39L-300.icc"

# total ink of every page, as 8-bit CMYK at 36 dpi, in percent
max_tac() {
	rm -f "$tmp"/tac-*.raw
	gs -q -dSAFER -dBATCH -dNOPAUSE -r36 -sDEVICE=bitcmyk -dGrayValues=256 -o "$tmp/tac-%d.raw" "$1"
	for r in "$tmp"/tac-*.raw; do od -An -v -tu1 -w4 "$r"; done |
		awk '{s = ($1 + $2 + $3 + $4) / 2.55; if (s > m) m = s} END {printf "%.0f", m}'
	rm -f "$tmp"/tac-*.raw
}
tac=$(max_tac "$x")
[ "$tac" -le 300 ] && ok "eu PDF/X: max ink $tac% (limit 300%)" || fail "eu PDF/X: max ink $tac%"

# A 240 % shop gets a file: the us profile converts with the SWOP profile the
# build made with a 240 % ink limit.
"$bin" build "$root/decks/social-kapital" --out "$tmp/us" --lang da --format pdfx --profile us \
	>/dev/null || fail "us --format pdfx failed"
x="$tmp/us/social-kapital/kapitalkort.da.pdfx.pdf"
if [ -f "$x" ]; then
	tac=$(max_tac "$x")
	[ "$tac" -le 240 ] && ok "us PDF/X: max ink $tac% (limit 240%)" || fail "us PDF/X: max ink $tac%"
	qpdf --qdf --object-streams=disable "$x" - | grep -a -q '/OutputConditionIdentifier (CGATS TR 003)' \
		&& ok "us PDF/X OutputIntent CGATS TR 003" || fail "us PDF/X OutputIntent"
fi

# Home print: sheets, tiles and proofs have "D:" dates and an /ID, and the
# same input gives the same bytes.
"$bin" build "$root/decks/social-kapital" --out "$tmp/home" --lang da --format sheets,tiles,proof \
	>/dev/null || fail "home print build failed"
for pdf in "$tmp"/home/social-kapital/*.pdf; do
	qpdf --qdf --object-streams=disable "$pdf" "$tmp/home.qdf"
	if grep -a -q '/CreationDate (D:20231114221320Z)' "$tmp/home.qdf" && grep -a -q '^  /ID \[' "$tmp/home.qdf"; then
		ok "$(basename "$pdf"): D: date and /ID"
	else
		fail "$(basename "$pdf"): no D: date or no /ID"
	fi
done
# Tiles: every overlap edge says where to cut and which tile to lay over,
# the top edges of the lower rows too (2 rows x 4 columns: 4 + 6 edges).
tiles="$tmp/home/social-kapital/vejen.da.tiles.pdf"
grid=$(pdftotext -f 1 -l 1 "$tiles" - | sed -n 's/.*(\([0-9]*\) rækker × \([0-9]*\) kolonner).*/\1 \2/p' | head -1)
cuts=$(pdftotext "$tiles" - | grep -c 'klip her · læg over')
want=$(awk -v g="$grid" 'BEGIN {split(g, a, " "); print a[1] * (a[2] - 1) + (a[1] - 1) * a[2]}')
[ -n "$grid" ] && [ "$cuts" = "$want" ] && ok "tiles ($grid): $cuts cut labels, one per overlap edge" \
	|| fail "tiles ($grid): $cuts cut labels, want $want"
# Tiles: the sheets at the board's outer edges show its artwork beyond the
# trim ticks (2 mm), so the final trim has tolerance; before, the artwork
# stopped at the trim line.
rm -f "$tmp"/tile-*.ppm
pdftoppm -r 150 -f 2 -l 2 "$tiles" "$tmp/tile"
bleed=$(python3 "$here/tile_bleed.py" 150 "$tmp"/tile-*.ppm) && ok "tile A1: $bleed" || fail "tile A1: $bleed"
rm -f "$tmp"/tile-*.ppm
cp "$tmp/home/social-kapital/kapitalkort.da.sheets.pdf" "$tmp/sheets-1.pdf"
"$bin" build "$root/decks/social-kapital" --out "$tmp/home" --lang da --format sheets >/dev/null
cmp -s "$tmp/sheets-1.pdf" "$tmp/home/social-kapital/kapitalkort.da.sheets.pdf" \
	&& ok "sheets: two builds, the same bytes" || fail "sheets differ between two builds"

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all print checks passed"
