#!/usr/bin/env bash
# Image bombs: wall time and peak memory of `deckpress check` on a kit whose
# one deck names a hostile image (issue 14): a 23000 x 23000 PNG, an SVG
# embedding a 20000 x 20000 PNG, an SVG of nested <use> (10^9 paths), an SVG
# just under the element limit. Each must finish in under 2 s
# and 200 MB with a clear error (or, at the limit, with none). The last case,
# four 5000 x 5000 PNGs, shows the decoded-image cache's budget at work and
# has no bound.
#
#   bash bench/images.sh                # from any directory
#   DECKPRESS=path/to/deckpress ...     # binary (default build/deckpress)
#   KEEP=1 ...                          # keeps the generated kits, says where
#
# Needs python3 and GNU time (/usr/bin/time). Exits 1 when a bound is broken.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BIN=$(realpath "${DECKPRESS:-build/deckpress}")
export DECKPRESS_ROOT=$ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ ${KEEP:-} ]]; then trap - EXIT; echo "kits in $tmp"; fi

# kit NAME ICON...: a one-deck kit (tests/cases/_base) whose categories use ICONs
kit() {
	local dir=$tmp/$1
	shift
	mkdir -p "$dir"
	cp -r tests/cases/_base/. "$dir"/
	mkdir -p "$dir/kit/icons"
	python3 - "$dir/kit/deck.yaml" "$@" <<'PY'
import sys
path, icons = sys.argv[1], sys.argv[2:]
out = ["kind: deck", "id: mini", 'title: {da: Mini, en: "="}', "size: poker", "template: mini",
       "types:", "  question: {label: {da: Spørgsmål, en: Question}}", "categories:"]
for i, icon in enumerate(icons):
    out += ["  - id: c%d" % i, "    name: {da: C%d, en: C%d}" % (i, i), '    color: "#2B6CA8"',
            "    icon: icons/%s" % icon]
out += ["cards:"]
for i, _ in enumerate(icons):
    out += ["  - id: C%d" % i, "    category: c%d" % i, "    type: question",
            "    text: {da: Hvad?, en: What?}"]
open(path, "w").write("\n".join(out) + "\n")
PY
}

# gen KIND FILE ARGS: writes a PNG of W H (zero rows), an SVG embedding such
# a PNG, or an SVG of LEVELS nested <use> groups of FANOUT each
gen() {
	python3 - "$@" <<'PY'
import base64, struct, sys, zlib
kind, path = sys.argv[1], sys.argv[2]
def png(w, h):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    c = zlib.compressobj(9)
    row = b"\0" * (w + 1)
    data = b"".join(c.compress(row) for _ in range(h)) + c.flush()
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
if kind == "png":
    open(path, "wb").write(png(int(sys.argv[3]), int(sys.argv[4])))
elif kind == "embed":
    b64 = base64.b64encode(png(int(sys.argv[3]), int(sys.argv[4]))).decode()
    open(path, "w").write('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                          '<image width="10" height="10" href="data:image/png;base64,%s"/></svg>' % b64)
else:
    levels, fan = int(sys.argv[3]), int(sys.argv[4])
    s = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
         'width="10" height="10"><defs><path id="l0" d="M0 0h1v1z"/>']
    for i in range(1, levels + 1):
        s.append('<g id="l%d">' % i + '<use xlink:href="#l%d"/>' % (i - 1) * fan + "</g>")
    s.append('</defs><use xlink:href="#l%d"/></svg>' % levels)
    open(path, "w").write("".join(s))
PY
}

kit huge-png huge.png
gen png "$tmp/huge-png/kit/icons/huge.png" 23000 23000
kit svg-embeds-png embeds.svg
gen embed "$tmp/svg-embeds-png/kit/icons/embeds.svg" 20000 20000
kit use-bomb bomb.svg
gen svg "$tmp/use-bomb/kit/icons/bomb.svg" 9 10
kit use-at-limit many.svg
gen svg "$tmp/use-at-limit/kit/icons/many.svg" 3 35
kit four-25mp a.png b.png c.png d.png
for f in a b c d; do gen png "$tmp/four-25mp/kit/icons/$f.png" 5000 5000; done

status=0
printf '%-14s %9s %8s %7s %5s  %s\n' case bytes "wall s" "peak MB" exit "first message"
for c in huge-png svg-embeds-png use-bomb use-at-limit four-25mp; do
	bytes=$(du -cb "$tmp/$c/kit/icons"/* | tail -1 | cut -f1)
	if (cd "$tmp/$c" && /usr/bin/time -f "%e %M" -o time.txt "$BIN" check kit >out.txt 2>err.txt); then
		code=0
	else
		code=$?
	fi
	# GNU time puts "Command exited with non-zero status N" first
	read -r wall kb < <(tail -1 "$tmp/$c/time.txt")
	msg=$(grep -m1 error "$tmp/$c/err.txt" | sed 's/^[^ ]* error: //' | cut -c1-90 || true)
	printf '%-14s %9s %8s %7d %5s  %s\n' "$c" "$bytes" "$wall" $((kb / 1024)) "$code" "${msg:--}"
	if [[ $c != four-25mp ]] && { awk -v w="$wall" 'BEGIN{exit !(w >= 2)}' || ((kb >= 200 * 1024)); }; then
		echo "images: $c broke the bound (2 s, 200 MB)" >&2
		status=1
	fi
done
exit $status
