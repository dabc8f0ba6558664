#!/usr/bin/env bash
# Print-shop checks on real output of the sample kit (issue 13): the bleed
# is artwork to the page edge on every page of every print PDF.
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

"$bin" build "$root/decks/social-kapital" --out "$tmp/out" --lang da --format print \
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

[ "$fails" = 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all print checks passed"
