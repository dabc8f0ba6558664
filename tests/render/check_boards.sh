#!/usr/bin/env bash
# Board checks on real output: the sample board (decks/social-kapital/vejen.yaml
# with its deck) and the fixture kit tests/render/boards/kit (a spiral on A2
# portrait, a circle on A1 landscape). Page sizes and boxes, tile counts,
# text per language, fonts, previews, and two reference images with a
# tolerance.
# Usage: check_boards.sh DECKPRESS PNGDIFF; REGEN=1 rewrites the reference PNGs.
. "$(dirname "$0")/common.sh"
pngdiff=$(realpath "$2")

# The sample's deck and board only: the kit's other items are not this
# test's business.
kit="$tmp/social-kapital"
mkdir -p "$kit"
cp "$root"/decks/social-kapital/{kit.yaml,kapitalkort.yaml,vejen.yaml} "$kit"/
cp -r "$root/decks/social-kapital/icons" "$kit"/
"$bin" build "$kit" --out "$tmp/out" --format print,png,tiles --dpi 72 || { echo "FAIL: build failed"; exit 1; }
out="$tmp/out/social-kapital"

# pages PDF: how many
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
# sizes PDF W_MM H_MM: every page that size
sizes() {
	local n; n=$(pages "$1")
	pdfinfo -f 1 -l "$n" "$1" | awk '/^Page +[0-9]+ size:/ {print $4, $6}' | sort -u | python3 -c "
import sys; k = 72 / 25.4
lines = sys.stdin.read().split('\n')
lines = [l for l in lines if l]
w, h = map(float, lines[0].split())
sys.exit(0 if len(lines) == 1 and abs(w - $2 * k) < 0.02 and abs(h - $3 * k) < 0.02 else 1)"
}
# check_boxes PDF TRIM_W_MM TRIM_H_MM BLEED_MM: TrimBox and BleedBox on every
# page, exact, nested in the MediaBox (mutool lists only boxes that exist)
check_boxes() {
	python3 - "$@" <<'PY'
import re, subprocess, sys
pdf, tw, th, bl = sys.argv[1], *map(float, sys.argv[2:])
k = 72 / 25.4
out = subprocess.run(["mutool", "pages", pdf], capture_output=True, text=True).stdout
pages = out.split("<page ")[1:]
bad = 0
for n, p in enumerate(pages, 1):
    box = {m[0]: tuple(map(float, m[1:])) for m in re.findall(r'<(\w+Box) l="([-\d.]+)" b="([-\d.]+)" r="([-\d.]+)" t="([-\d.]+)"', p)}
    if "TrimBox" not in box or "BleedBox" not in box:
        print(f"page {n}: no TrimBox/BleedBox"); bad += 1; continue
    want_trim = (bl * k, bl * k, (bl + tw) * k, (bl + th) * k)
    want_bleed = (0, 0, (2 * bl + tw) * k, (2 * bl + th) * k)
    for name, want in (("TrimBox", want_trim), ("BleedBox", want_bleed)):
        if any(abs(a - b) > 0.001 for a, b in zip(box[name], want)):
            print(f"page {n}: {name} {box[name]}, expected {want}"); bad += 1
    m, b, t = box["MediaBox"], box["BleedBox"], box["TrimBox"]
    inside = lambda i, o: i[0] >= o[0] - 1e-6 and i[1] >= o[1] - 1e-6 and i[2] <= o[2] + 1e-6 and i[3] <= o[3] + 1e-6
    if not (inside(t, b) and inside(b, m)):
        print(f"page {n}: boxes not nested: {m} {b} {t}"); bad += 1
print(f"{len(pages)} pages checked")
sys.exit(1 if bad or not pages else 0)
PY
}
fonts_ok() {
	local f; f=$(pdffonts "$1" | tail -n +3)
	[ -n "$f" ] && awk '$(NF-4) != "yes" {bad=1} END {exit bad}' <<<"$f" && ! grep -qv 'Lato\|NotoSans' <<<"$f"
}
has() { grep -qF -- "$2" "$1"; }

for lang in da en; do
	other=$([ $lang = da ] && echo en || echo da)
	pdf="$out/vejen.$lang.print.pdf"
	[ -f "$pdf" ] || { fail "$pdf missing"; continue; }
	# A2 landscape, 594 x 420 mm, with 3 mm bleed: 600 x 426 mm, one page
	[ "$(pages "$pdf")" = 1 ] && ok "$lang: board on one page" || fail "$lang: board has $(pages "$pdf") pages"
	sizes "$pdf" 600 426 && ok "$lang: board page 600 x 426 mm" || fail "$lang: board page size"
	check_boxes "$pdf" 594 420 3 >"$tmp/boxes.log" && ok "$lang: board boxes: $(tail -1 "$tmp/boxes.log")" \
		|| fail "$lang: board boxes: $(head -3 "$tmp/boxes.log")"
	fonts_ok "$pdf" && ok "$lang: board fonts embedded, bundled" || fail "$lang: board fonts"
	[ "$(pdfimages -list "$pdf" | tail -n +3 | wc -l)" = 0 ] && ok "$lang: board all vector" || fail "$lang: raster images in the board"
	qpdf --check "$pdf" >/dev/null 2>&1 && ok "$lang: board qpdf --check" || fail "$lang: board qpdf --check"
	pdftotext "$pdf" "$tmp/board.$lang.txt"

	pieces="$out/vejen.$lang.pieces.pdf"
	n=$(pages "$pieces")
	[ "$n" -ge 1 ] && sizes "$pieces" 210 297 && ok "$lang: pieces on $n A4 pages" || fail "$lang: pieces pages"
	check_boxes "$pieces" 210 297 0 >"$tmp/boxes.log" && ok "$lang: pieces boxes" || fail "$lang: pieces boxes: $(head -3 "$tmp/boxes.log")"
	fonts_ok "$pieces" && ok "$lang: pieces fonts" || fail "$lang: pieces fonts"
	pdftotext "$pieces" "$tmp/pieces.$lang.txt"

	# A2 on A4: 4 x 2 portrait sheets and the assembly page
	tiles="$out/vejen.$lang.tiles.pdf"
	[ "$(pages "$tiles")" = 9 ] && ok "$lang: tiles: 8 sheets and the map" || fail "$lang: tiles: $(pages "$tiles") pages, expected 9"
	sizes "$tiles" 210 297 && ok "$lang: tiles A4 portrait" || fail "$lang: tiles page size"
	fonts_ok "$tiles" && ok "$lang: tiles fonts" || fail "$lang: tiles fonts"
	pdftotext "$tiles" "$tmp/tiles.$lang.txt"
	missing=""
	for t in A1 A2 A3 A4 B1 B2 B3 B4; do has "$tmp/tiles.$lang.txt" "$t" || missing="$missing $t"; done
	[ -z "$missing" ] && ok "$lang: tile labels A1..B4" || fail "$lang: tile labels missing:$missing"
	for p in $(seq 2 9); do
		pdftotext -f "$p" -l "$p" "$tiles" - | grep -q "^[AB][1-4]$" || fail "$lang: tile page $p has no label"
	done
done

# text per language, and never the other language's
expect() { # FILE TEXT...
	local f=$1; shift
	for t in "$@"; do has "$f" "$t" && ok "$(basename "$f"): '$t'" || fail "$(basename "$f"): no '$t'"; done
}
refuse() {
	local f=$1; shift
	for t in "$@"; do has "$f" "$t" && fail "$(basename "$f"): '$t' in the wrong language" || ok "$(basename "$f"): no '$t'"; done
}
expect "$tmp/board.da.txt" "Vejen mod kerneopgaven" "Diamantlager" "Handlingsboks" "Felterne" "Mandag morgen" "Fælles aftale" "Kaffepause" "Broen"
expect "$tmp/board.en.txt" "The Road to the Core Task" "Diamond store" "Action box" "The spaces" "Monday morning" "Shared agreement" "Coffee break" "The bridge"
refuse "$tmp/board.da.txt" "Diamond store" "Monday morning" "The spaces"
refuse "$tmp/board.en.txt" "Diamantlager" "Mandag morgen" "Felterne"
for n in 1 12 18 32; do grep -qx "$n" "$tmp/board.da.txt" && ok "space $n numbered" || fail "space $n has no number"; done
expect "$tmp/pieces.da.txt" "Klip langs" "Fold langs" "Tillid × 6" "Holdet"
expect "$tmp/pieces.en.txt" "Cut along" "Fold along" "Trust × 6" "The team"
expect "$tmp/tiles.da.txt" "Samlevejledning" "lim"
expect "$tmp/tiles.en.txt" "Assembly" "glue"
refuse "$tmp/tiles.en.txt" "Samlevejledning"

# previews: trimmed, at 72 dpi: 594 x 420 mm = 1684 x 1191 px, A4 = 595 x 842
dims() { python3 -c "
import struct, sys; b = open(sys.argv[1], 'rb').read(24); print(*struct.unpack('>II', b[16:24]))" "$1"; }
[ "$(dims "$out/png/vejen.da/board.png")" = "1684 1191" ] && ok "board preview 1684 x 1191" || fail "board preview $(dims "$out/png/vejen.da/board.png")"
[ "$(dims "$out/png/vejen.en/pieces-1.png")" = "595 842" ] && ok "pieces preview 595 x 842" || fail "pieces preview $(dims "$out/png/vejen.en/pieces-1.png")"

# A3 sheets: 2 x 2 landscape; one language only
"$bin" build "$kit" --out "$tmp/a3" --format tiles --paper a3 --lang en || fail "a3 build"
[ "$(pages "$tmp/a3/social-kapital/vejen.en.tiles.pdf")" = 5 ] && ok "A2 on A3: 4 sheets and the map" || fail "A2 on A3: $(pages "$tmp/a3/social-kapital/vejen.en.tiles.pdf") pages"
sizes "$tmp/a3/social-kapital/vejen.en.tiles.pdf" 420 297 && ok "A3 landscape sheets" || fail "A3 sheet size"
[ ! -e "$tmp/a3/social-kapital/vejen.da.tiles.pdf" ] && ok "--lang en writes no Danish" || fail "--lang en wrote Danish tiles"

# reproducible
"$bin" build "$kit" --out "$tmp/again" --format print --lang da || fail "second build"
cmp -s "$out/vejen.da.print.pdf" "$tmp/again/social-kapital/vejen.da.print.pdf" && ok "byte-identical board" || fail "board rebuild differs"
cmp -s "$out/vejen.da.pieces.pdf" "$tmp/again/social-kapital/vejen.da.pieces.pdf" && ok "byte-identical pieces" || fail "pieces rebuild differs"

# the fixture kit: a portrait A2 board and a landscape A1 board
fix="$tmp/fixture"
"$bin" build "$here/boards/kit" --out "$fix" --format print,tiles || fail "fixture build"
sizes "$fix/kit/spiral.da.print.pdf" 426 600 && ok "A2 portrait board 426 x 600 mm" || fail "A2 portrait size"
[ "$(pages "$fix/kit/spiral.da.tiles.pdf")" = 9 ] && ok "A2 portrait on A4: 8 sheets" || fail "A2 portrait on A4: $(pages "$fix/kit/spiral.da.tiles.pdf") pages"
sizes "$fix/kit/spiral.da.tiles.pdf" 297 210 && ok "A2 portrait on landscape A4 sheets" || fail "A2 portrait sheet size"
sizes "$fix/kit/rund.en.print.pdf" 847 600 && ok "A1 landscape board 847 x 600 mm" || fail "A1 size"
[ "$(pages "$fix/kit/rund.en.tiles.pdf")" = 16 ] && ok "A1 on A4: 15 sheets" || fail "A1 on A4: $(pages "$fix/kit/rund.en.tiles.pdf") pages"
"$bin" build "$here/boards/kit" --out "$fix/a3" --format tiles --paper a3 --lang da || fail "fixture a3 build"
[ "$(pages "$fix/a3/kit/rund.da.tiles.pdf")" = 9 ] && ok "A1 on A3: 8 sheets" || fail "A1 on A3: $(pages "$fix/a3/kit/rund.da.tiles.pdf") pages"
[ "$(pages "$fix/a3/kit/spiral.da.tiles.pdf")" = 5 ] && ok "A2 portrait on A3: 4 sheets" || fail "A2 portrait on A3: $(pages "$fix/a3/kit/spiral.da.tiles.pdf") pages"
pdftotext "$fix/kit/spiral.en.print.pdf" "$tmp/spiral.txt"
expect "$tmp/spiral.txt" "The spiral" "Our agreement" "Not sure" "START" "GOAL"

# reference images: the sample board (pdftoppm, small) and a pieces sheet
pdftoppm -r 20 -png -singlefile "$out/vejen.da.print.pdf" "$tmp/vejen.da.board"
cp "$out/png/vejen.en/pieces-1.png" "$tmp/vejen.en.pieces-1.png"
mkdir -p "$here/boards/ref"
for name in vejen.da.board vejen.en.pieces-1; do
	actual="$tmp/$name.png"
	ref="$here/boards/ref/$name.png"
	if [ "${REGEN:-}" = 1 ]; then cp "$actual" "$ref"; fi
	if "$pngdiff" "$ref" "$actual" "$here/boards-$name.diff.png" >"$tmp/diff.log"; then
		ok "matches $name.png"
	else
		cp "$actual" "$here/boards-$name.out.png"
		fail "$name.png differs: $(cat "$tmp/diff.log") (see tests/render/boards-*.out.png, *.diff.png)"
	fi
done

echo "board checks: $fails failed"
[ $fails -eq 0 ]
