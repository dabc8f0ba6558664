#!/usr/bin/env bash
# The build cache never gives other files than a clean build: builds a copy
# of the sample kit (and of fonts/ and templates/) once, then after each of
# a series of edits (a card's text, a shared template, a brand colour, an
# icon, a font file swapped, an option, a card deleted, an output written
# over, icons in hidden and deep folders, a file an SVG takes a shape from,
# the manifest lost, a deck removed, the kit named another way) builds it again
# into the same folder and compares every file with a clean build of the
# same input into a new folder. A build with nothing changed rewrites no
# file; a record that is truncated, corrupt or of another format is ignored
# and replaced; --no-cache draws everything again.
# Usage: check_cache.sh DECKPRESS
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

root=$tmp/root
mkdir -p "$root/decks"
cp -r "$src/fonts" "$src/templates" "$root/"
cp -r "$src/decks/social-kapital" "$root/decks/"
export DECKPRESS_ROOT="$root"
cd "$root" || exit 1
kit=decks/social-kapital
rec=$tmp/inc/social-kapital/.deckpress-cache
opts=(--dpi 72)

sums() { (cd "$1" && find . -type f ! -name '.deckpress*' | sort | xargs sha256sum); }

n=0
# builds into inc (cached) and into a new clean folder (unless the input is
# the same as at the last step: "same"); compares them
step() {
	n=$((n + 1))
	"$bin" build "$kit" --out "$tmp/inc" "${opts[@]}" >"$tmp/inc.log" 2>&1 ||
		{ fail "$1: cached build exits $?"; cat "$tmp/inc.log"; return; }
	if [ "${2:-}" != same ]; then
		"$bin" build "$kit" --out "$tmp/clean$n" "${opts[@]}" >"$tmp/clean.log" 2>&1 ||
			{ fail "$1: clean build exits $?"; cat "$tmp/clean.log"; return; }
		sums "$tmp/clean$n" >"$tmp/clean.sums"
		rm -rf "$tmp/clean$n"
	fi
	if ! cmp -s "$tmp/inc.log" "$tmp/clean.log"; then
		fail "$1: the cached build said other things than the clean one"
		diff "$tmp/inc.log" "$tmp/clean.log" | head -5
	fi
	sums "$tmp/inc" >"$tmp/inc.sums"
	if cmp -s "$tmp/inc.sums" "$tmp/clean.sums"; then
		ok "$1: all $(wc -l <"$tmp/inc.sums") files byte-identical to a clean build"
	else
		fail "$1: the cached build differs from a clean build:"
		diff "$tmp/inc.sums" "$tmp/clean.sums" | head -10
	fi
}

# edits FILE with sed EXPR; an edit that changes nothing would test nothing
edit() {
	cp "$2" "$tmp/before.edit"
	sed -i "$1" "$2"
	cmp -s "$2" "$tmp/before.edit" && fail "the edit '$1' changed nothing in $2"
	return 0
}

# the files a build wrote: those newer than the marker
newer() { find "$tmp/inc" -type f -newer "$tmp/marker" ! -name '.deckpress*' | sort; }
mark() { touch "$tmp/marker"; sleep 0.05; }

step "first build"
mark
step "nothing changed" same
[ -z "$(newer)" ] && ok "nothing changed: no file written" ||
	fail "nothing changed, yet written: $(newer | head -3)"

mark
edit 's/made you trust them more\./made you trust them a lot more./' $kit/kapitalkort.yaml
step "a card's text"
# the card's preview, its deck's PDF in that language, and the page of the
# workshop script that shows the card (the print specifications are
# always written)
drawn=$(newer | grep -v 'print-spec' | sed "s|$tmp/inc/social-kapital/||" | tr '\n' ' ')
want="drejebog.en.print.pdf kapitalkort.en.print.pdf png/drejebog.en/003.png "
want+="png/kapitalkort.en/004-T01-front.png "
[ "$drawn" = "$want" ] && ok "a card's text: only what shows the card was drawn again" ||
	fail "a card's text redrew: $drawn"

edit 's/size: 7pt}/size: 7.5pt}/' templates/dialogue-card.yaml
step "a shared template"
edit 's/text: "#1E2430"/text: "#3A2430"/' $kit/brand.yaml
step "a brand colour"
edit 's/stroke="#fff"/stroke="#A03070"/' $kit/icons/tillid.svg
step "an icon"
cp fonts/lato/Lato-Black.ttf fonts/lato/Lato-Bold.ttf
step "a font file swapped"
opts=(--dpi 72 --profile eu-marks)
step "an option (a profile that splits fronts and backs)"
opts=(--dpi 80 --jobs 1)
step "an option (dpi)"
opts=(--dpi 72)
python3 - "$kit/kapitalkort.yaml" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s2 = re.sub(r"  - id: T05\n(    .*\n|      .*\n)*", "", s, count=1)
assert s2 != s
open(p, "w", encoding="utf-8").write(s2)
EOF
step "a card deleted"
ls "$tmp/inc/social-kapital/png/kapitalkort.da/" | grep -q T05 &&
	fail "the deleted card's previews are still there" ||
	ok "the deleted card's previews are gone"

# records that must not be trusted
head -c 300 "$rec" >"$tmp/r" && cp "$tmp/r" "$rec"
step "a truncated record" same
sed -i '5s/^/x/' "$rec"
step "a corrupt record" same
sed -i '1s/.*/deckpress-cache 0/' "$rec"
step "a record of another format" same
printf 'not a cache\n' >"$rec"
step "a foreign file" same
head -1 "$rec" | grep -qx 'deckpress-cache [1-9][0-9]*' && ok "the record was replaced" ||
	fail "the record was not replaced"
mark
"$bin" build "$kit" --out "$tmp/inc" "${opts[@]}" >/dev/null 2>&1
[ -z "$(newer)" ] && ok "the replaced record is used" || fail "the replaced record is not used"

# a record whose outputs were changed behind its back: the file is drawn again
echo garbage >>"$tmp/inc/social-kapital/quiz.da.print.pdf"
step "an output changed" same

# an output written over in place, its modification time put back: its
# change time still tells
png=$tmp/inc/social-kapital/png/kapitalkort.da/004-T01-front.png
cp -p "$png" "$tmp/png.keep"
printf 'XXXXXXXX' | dd of="$png" bs=1 seek=200 conv=notrunc 2>/dev/null
touch -r "$tmp/png.keep" "$png"
step "an output written over, its time put back" same

# inputs anywhere in the kit's folder: a hidden folder, nine folders deep
mkdir -p $kit/.art $kit/a/b/c/d/e/f/g/h/i
cp $kit/icons/tillid.svg $kit/.art/
cp $kit/icons/samarbejde.svg $kit/a/b/c/d/e/f/g/h/i/
edit 's|icon: icons/tillid.svg|icon: .art/tillid.svg|; s|icon: icons/samarbejde.svg|icon: a/b/c/d/e/f/g/h/i/samarbejde.svg|' $kit/kapitalkort.yaml
step "icons in a hidden and a deep folder"
edit 's/stroke="#A03070"/stroke="#30A070"/' $kit/.art/tillid.svg
step "an icon in a hidden folder"
edit 's/stroke="#fff"/stroke="#3070A0"/' $kit/a/b/c/d/e/f/g/h/i/samarbejde.svg
step "an icon nine folders deep"

# an SVG that draws a shape of another file (<use>): that file is an input
# of the pages too
cat >$kit/icons/part.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle id="shape" cx="5" cy="5" r="4" fill="#C02020"/></svg>
SVG
cat >$kit/icons/combo.svg <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><use xlink:href="part.svg#shape"/></svg>
SVG
edit 's|icon: icons/retfaerdighed.svg|icon: icons/combo.svg|' $kit/kapitalkort.yaml
step "an icon made of another file's shape"
edit 's/#C02020/#20C020/' $kit/icons/part.svg
step "the file an icon takes a shape from"

# the manifest lost while nothing changed, then a deck removed: its files
# still go
rm "$tmp/inc/social-kapital/.deckpress-manifest"
step "the manifest lost" same
rm $kit/roller.yaml
step "a deck removed after the manifest was lost"

# the findings printed again name the kit's files as the command does
printf 'x: 1\n' >$kit/notes.yml
step "a file that draws a warning"
kit=./decks/social-kapital
step "the kit named another way"
kit=decks/social-kapital

mark
"$bin" build "$kit" --out "$tmp/inc" "${opts[@]}" --no-cache >/dev/null 2>&1
[ "$(newer | wc -l)" -gt 100 ] && ok "--no-cache draws every file" ||
	fail "--no-cache wrote only $(newer | wc -l) files"

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
