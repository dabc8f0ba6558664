#!/usr/bin/env bash
# --jobs changes the speed of a build, never its output: builds the sample
# kit (every deck, board and document; print, png and proof) with 1, 2, 3 and
# 5 jobs (more than this machine has cores, so that processes wait for each
# other) and checks that every file is byte-identical; then that a build
# whose PNGs fail to be written (a file in the way of the PNG folder's
# pages) exits non-zero with jobs as without.
# Usage: check_jobs.sh DECKPRESS
. "$(dirname "$0")/common.sh"
cd "$root" || exit 1

sums() { (cd "$1" && find . -type f ! -name '.deckpress*' | sort | xargs sha256sum); }

for j in 1 2 3 5; do
	"$bin" build decks/social-kapital --format print,png,proof --dpi 100 --jobs "$j" \
		--out "$tmp/j$j" >"$tmp/j$j.log" 2>&1 || { fail "--jobs $j exits $?"; cat "$tmp/j$j.log"; }
	sums "$tmp/j$j" >"$tmp/j$j.sums"
done
n=$(wc -l <"$tmp/j1.sums")
pngs=$(grep -c '\.png$' "$tmp/j1.sums")
[ "$pngs" -gt 100 ] || fail "only $pngs PNGs built"
for j in 2 3 5; do
	if cmp -s "$tmp/j1.sums" "$tmp/j$j.sums"; then
		ok "--jobs $j: all $n files ($pngs PNGs) byte-identical to --jobs 1"
	else
		fail "--jobs $j differs from --jobs 1:"
		diff "$tmp/j1.sums" "$tmp/j$j.sums" | head -10
	fi
done

# A PNG that cannot be written: its name is taken by a folder. The build
# fails with jobs as without, and says which file.
for j in 1 2; do
	out=$tmp/fail$j
	mkdir -p "$out/social-kapital/png/kapitalkort.da/004-T01-front.png"
	"$bin" build decks/social-kapital --lang da --format png --dpi 72 --jobs "$j" \
		--out "$out" >"$out.log" 2>&1
	code=$?
	if [ "$code" -ne 0 ] && grep -q '004-T01-front.png' "$out.log"; then
		ok "--jobs $j: an unwritable PNG fails the build (exit $code) and is named"
	else
		fail "--jobs $j: unwritable PNG gave exit $code:"
		cat "$out.log"
	fi
done

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
