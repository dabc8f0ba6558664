#!/usr/bin/env bash
# Print-shop checks on real output of the sample kit (issue 13): the bleed
# is artwork to the page edge on every page of every print PDF; text and
# thin lines in dark and near-neutral colours print as K only.
# Usage: check_print.sh DECKPRESS
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export DECKPRESS_ROOT="$root"
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

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

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all print checks passed"
