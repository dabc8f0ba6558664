#!/usr/bin/env bash
# Render checks for documents (docs/documents.md): the sample kit's workshop
# script, handout and rules sheet, and a small fixture kit
# (tests/render/documents/kit) whose pages are compared with reference PNGs.
# Checks page count and size, fonts, metadata, bookmarks, links, the
# localized footer on every page, reading order, PNG previews.
# Usage: check_documents.sh DECKPRESS [PNGDIFF]; without PNGDIFF the reference
# images are skipped. REGEN=1 rewrites them (review before committing).
. "$(dirname "$0")/common.sh"
pngdiff=${2:+$(realpath "$2")}

kit="$root/decks/social-kapital"
"$bin" build "$kit" --out "$tmp/out" --format print,png --dpi 72 >"$tmp/build.log" 2>&1 ||
	{ cat "$tmp/build.log"; echo "FAIL: build of the sample kit failed"; exit 1; }
out="$tmp/out/social-kapital"

pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# page_size PDF: "W H" in points, rounded
page_size() { pdfinfo "$1" | awk '/^Page size:/ {printf "%.0f %.0f", $3, $5}'; }

# id pages width height (points) for each sample document
while read -r id want w h; do
	for lang in da en; do
		pdf="$out/$id.$lang.print.pdf"
		[ -f "$pdf" ] || { fail "$id.$lang: no PDF"; continue; }
		n=$(pages "$pdf")
		[ "$n" = "$want" ] && ok "$id.$lang: $n pages" || fail "$id.$lang: $n pages, expected $want"
		[ "$(page_size "$pdf")" = "$w $h" ] && ok "$id.$lang: page $w x $h pt" ||
			fail "$id.$lang: page $(page_size "$pdf"), expected $w x $h"
		n_sizes=$(pdfinfo -f 1 -l "$n" "$pdf" | awk '/^Page +[0-9]+ size:/ {print $4, $6}' | sort -u | wc -l)
		[ "$n_sizes" = 1 ] || fail "$id.$lang: $n_sizes page sizes"
		info=$(pdfinfo "$pdf")
		for key in Title Author Subject; do
			grep -q "^$key: *." <<<"$info" || fail "$id.$lang: no $key"
		done
		fonts=$(pdffonts "$pdf" | tail -n +3)
		if awk '$(NF-4) != "yes" {bad=1} END {exit bad}' <<<"$fonts"; then :; else fail "$id.$lang: a font is not embedded"; fi
		grep -qv 'Lato\|NotoSans' <<<"$fonts" && fail "$id.$lang: a font not from fonts/"
		qpdf --check "$pdf" >/dev/null 2>&1 || fail "$id.$lang: qpdf --check"
		# the footer of every page says which page of how many, in the language
		for p in $(seq 1 "$n"); do
			if [ "$lang" = da ]; then foot="Side $p af $n"; else foot="Page $p of $n"; fi
			pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "^$foot\$" || fail "$id.$lang: page $p has no '$foot'"
		done
		ok "$id.$lang: metadata, fonts, footers"
		# a PNG preview per page, trimmed, at 72 dpi
		npng=$(ls "$out/png/$id.$lang"/*.png 2>/dev/null | wc -l)
		[ "$npng" = "$n" ] && ok "$id.$lang: $npng PNGs" || fail "$id.$lang: $npng PNGs for $n pages"
		dims=$(python3 -c "
import struct, sys
b = open('$out/png/$id.$lang/001.png', 'rb').read(24)
print(*struct.unpack('>II', b[16:24]))")
		[ "$dims" = "$w $h" ] || fail "$id.$lang: PNG $dims, expected $w $h"
	done
done <<'LIST'
drejebog 4 595 842
spilleregler 2 595 842
vores-aftaler 1 842 595
LIST

# bookmarks: the headings, nested under the level-1 heading before them
outline() { mutool show "$1" outline | sed -E 's/\t#page=.*//; s/^[|+-]//; s/"//g'; }
want_da=$(printf '%s\n' "	Før workshoppen" "	Rummet" "	Program" "		Refleksionsspørgsmål til debriefingen" \
	"		Opfølgning" "	Bilag: Kort i programmet")
[ "$(outline "$out/drejebog.da.print.pdf")" = "$want_da" ] && ok "drejebog.da: bookmarks" ||
	fail "drejebog.da: bookmarks are: $(outline "$out/drejebog.da.print.pdf" | tr '\n\t' '/ ')"
outline "$out/drejebog.en.print.pdf" | grep -q "^	Agenda$" && ok "drejebog.en: bookmarks in English" ||
	fail "drejebog.en: no 'Agenda' bookmark"
[ "$(outline "$out/spilleregler.da.print.pdf" | wc -l)" = 9 ] && ok "spilleregler.da: 9 bookmarks" ||
	fail "spilleregler.da: $(outline "$out/spilleregler.da.print.pdf" | wc -l) bookmarks, expected 9"

# links: card references in the agenda go to the cards listed at the end
qdf() { qpdf --qdf --object-streams=disable "$1" - 2>/dev/null; }
n_links=$(qdf "$out/drejebog.da.print.pdf" | grep -a -c '/Subtype /Link')
[ "$n_links" = 3 ] && ok "drejebog.da: 3 links (T01, S01, K10)" || fail "drejebog.da: $n_links links, expected 3"
dests=$(pdfinfo -dests "$out/drejebog.da.print.pdf")
for card in T01 S01 K10; do
	grep -q "\"card/kapitalkort/$card\"" <<<"$dests" || fail "drejebog.da: no destination for $card"
	qdf "$out/drejebog.da.print.pdf" | grep -a -q "/Dest (card/kapitalkort/$card)" || fail "drejebog.da: no link to $card"
done
ok "drejebog.da: card links and their targets"

# the agenda crosses a page and its header row repeats there
p3=$(pdftotext -f 3 -l 3 -layout "$out/drejebog.da.print.pdf" -)
grep -q "Tid *Blok *Formål *Sådan *Facilitatornoter *Plan B" <<<"$p3" && ok "drejebog.da: agenda header repeated on page 3" ||
	fail "drejebog.da: no agenda header on page 3"
for t in "0:00–0:10" "0:10–0:25" "0:25–0:40" "0:40–1:10" "1:10–1:20" "1:20–2:00" "2:00–2:20" "2:20–2:30"; do
	pdftotext "$out/drejebog.da.print.pdf" - | grep -q "^$t\$" || fail "drejebog.da: no agenda time $t"
done
ok "drejebog.da: computed agenda times"

# reading order: the content stream follows the document (columns left,
# then right); pdftotext -raw reads it in that order
order() { # PDF WORD... : the words appear in this order
	local pdf=$1 text prev=0 line
	shift
	text=$(pdftotext -raw "$pdf" -)
	for w in "$@"; do
		line=$(grep -n -m1 -F "$w" <<<"$text" | cut -d: -f1)
		[ -n "$line" ] && [ "$line" -gt "$prev" ] || return 1
		prev=$line
	done
}
order "$out/drejebog.da.print.pdf" Faktaboks "Før workshoppen" Baggrund Samtaleaftaler Program \
	"Velkomst og" "Aftaler og" Refleksionsspørgsmål Opfølgning "Kort i programmet" &&
	ok "drejebog.da: reading order" || fail "drejebog.da: reading order"
order "$out/spilleregler.en.print.pdf" Components Objective Setup "A turn" Reward "Special spaces" End \
	"Conversation agreements" Variants "Sample cards" && ok "spilleregler.en: reading order (two columns)" ||
	fail "spilleregler.en: reading order"
pdftotext "$out/vores-aftaler.da.print.pdf" - | grep -q "Our agreements" && fail "English in the Danish handout"
pdftotext "$out/vores-aftaler.en.print.pdf" - | grep -q "Vores aftaler" && fail "Danish in the English handout"

# reproducible: the same input gives the same bytes
"$bin" build "$kit" --out "$tmp/again" --format print >/dev/null 2>&1 || fail "second build failed"
cmp -s "$out/drejebog.da.print.pdf" "$tmp/again/social-kapital/drejebog.da.print.pdf" &&
	ok "byte-identical rebuild" || fail "rebuild differs"

# the fixture kit: reference images of its pages
fix="$here/documents/kit"
"$bin" build "$fix" --out "$tmp/fix" --format print,png --dpi 72 >"$tmp/fix.log" 2>&1 ||
	{ cat "$tmp/fix.log"; fail "build of the fixture kit failed"; }
if [ -n "$pngdiff" ]; then
	for f in guide.da/001 guide.en/002 sheet.da/001; do
		actual="$tmp/fix/kit/png/$f.png"
		ref="$here/documents/ref/$(tr / _ <<<"$f").png"
		if [ "${REGEN:-}" = 1 ]; then cp "$actual" "$ref"; fi
		name=$(basename "$ref" .png)
		if "$pngdiff" "$ref" "$actual" "$here/documents/$name.diff.png" >"$tmp/diff.log"; then
			ok "matches $name"
		else
			cp "$actual" "$here/documents/$name.out.png"
			fail "$name differs: $(cat "$tmp/diff.log") (see tests/render/documents/*.out.png, *.diff.png)"
		fi
	done
else
	echo "skip: reference images (no PNGDIFF given)"
fi

[ $fails -eq 0 ] && echo "documents: all checks passed" || echo "documents: $fails failed"
[ $fails -eq 0 ]
