#!/usr/bin/env bash
# Flat memory (issue 15): a kit too large to keep its laid-out faces lays
# out each face again when it draws it; the pages must be the same as a
# small kit's, which keeps them. Builds the poker bench deck of 10 cards and
# of 1001 (2002 faces, over the 2000 kept) and compares the first ten cards:
# their PNGs byte for byte and their print PDF pages as pixels. Then the
# print PDF that the streaming post-pass wrote: qpdf --check is clean, every
# page has its TrimBox and BleedBox, and the /ID is the same in two builds.
# Usage: check_stream.sh DECKPRESS
. "$(dirname "$0")/common.sh"

for n in 10 1001; do
	python3 "$root/bench/gen_poker.py" "$n" "$tmp/d$n" >/dev/null || { echo "FAIL: gen_poker"; exit 1; }
	"$bin" build "$tmp/d$n/poker-bench" --format print,png --dpi 72 --out "$tmp/o$n" \
		>"$tmp/o$n.log" 2>&1 || { cat "$tmp/o$n.log"; echo "FAIL: build of $n cards"; exit 1; }
done

same=0
for f in "$tmp"/o10/poker-bench/png/poker.da/*.png; do
	cmp -s "$f" "$tmp/o1001/poker-bench/png/poker.da/$(basename "$f")" && same=$((same + 1)) ||
		fail "$(basename "$f") differs when the faces are laid out again"
done
[ "$same" = 20 ] && ok "20 PNGs of faces laid out again are byte-identical" || fail "$same of 20 PNGs equal"

mkdir "$tmp/a" "$tmp/b"
pdftoppm -r 50 -f 1 -l 20 "$tmp/o10/poker-bench/poker.da.print.pdf" "$tmp/a/p"
pdftoppm -r 50 -f 1 -l 20 "$tmp/o1001/poker-bench/poker.da.print.pdf" "$tmp/b/p"
# pdftoppm numbers the files with as many digits as the PDF has pages
mapfile -t as < <(ls "$tmp"/a/*.ppm)
mapfile -t bs < <(ls "$tmp"/b/*.ppm)
bad=0
[ "${#as[@]}" = 20 ] && [ "${#bs[@]}" = 20 ] || bad=20
for ((i = 0; i < ${#as[@]}; i++)); do
	cmp -s "${as[i]}" "${bs[i]}" || bad=$((bad + 1))
done
[ "$bad" = 0 ] && ok "the first 20 print pages are the same pixels" || fail "$bad of 20 print pages differ"

pdf="$tmp/o1001/poker-bench/poker.da.print.pdf"
check=$(qpdf --check "$pdf" 2>&1)
grep -q "No syntax or stream encoding errors" <<<"$check" && ! grep -qi "warning" <<<"$check" &&
	ok "qpdf --check is clean" || fail "qpdf --check: $(head -5 <<<"$check")"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
trims=$(pdfinfo -box -f 1 -l "$pages" "$pdf" | grep -c 'TrimBox: *8.50 *8.50 *187.09 *257.95')
bleeds=$(pdfinfo -box -f 1 -l "$pages" "$pdf" | grep -c 'BleedBox: *0.00 *0.00 *195.59 *266.46')
[ "$pages" = 2002 ] && [ "$trims" = 2002 ] && [ "$bleeds" = 2002 ] &&
	ok "2002 pages, each with its TrimBox and BleedBox" ||
	fail "$pages pages, $trims TrimBoxes, $bleeds BleedBoxes"
"$bin" build "$tmp/d10/poker-bench" --format print --out "$tmp/again" >/dev/null 2>&1
cmp -s "$tmp/again/poker-bench/poker.da.print.pdf" "$tmp/o10/poker-bench/poker.da.print.pdf" &&
	ok "two builds write the same bytes" || fail "two builds differ"
grep -aq '/ID \[ <[0-9a-f]\{32\}> <[0-9a-f]\{32\}> \]' "$pdf" && ok "the trailer has a /ID" ||
	fail "no /ID in the trailer"

[ "$fails" = 0 ] || exit 1
