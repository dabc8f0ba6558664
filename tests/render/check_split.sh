#!/usr/bin/env bash
# A kit's items and languages built by several processes (--jobs N,
# build/split.c) give what one process gives:
#   1. the sample kit in every format with --jobs 1, 2 and 3: every file
#      and the messages byte-identical;
#   2. a kit whose items all fail while they are drawn (a shop's ink limit
#      that no PDF/X meets): the same errors in the same order for 1 and 2
#      jobs, the same exit code, and no file written;
#   3. a helper process killed (SIGKILL) at a random moment of the build:
#      the leader builds its units itself and every file is the one-job
#      build's, with no temporary file left; or, should the build fail,
#      it fails cleanly (no file of the kit, no temporary file).
# Usage: check_split.sh DECKPRESS
. "$(dirname "$0")/common.sh"
cd "$root" || exit 1
all=print,png,sheets,proof,pdfx,tiles,catalogue,web,box

sums() {
	(cd "$1" && find . -type f ! -name '.deckpress*' ! -name '.*.tmp-??????' -print0 |
		xargs -0 -r sha256sum | LC_ALL=C sort -k2)
}
temps() { find "$1" -name '.*.tmp-??????' | wc -l; }

# 1. every format, 1, 2 and 3 jobs
for j in 1 2 3; do
	"$bin" build decks/social-kapital --format "$all" --dpi 72 --jobs "$j" \
		--out "$tmp/j$j" >"$tmp/j$j.log" 2>&1 || { fail "--jobs $j exits $?"; cat "$tmp/j$j.log"; }
	sums "$tmp/j$j" >"$tmp/j$j.sums"
	sed "s|$tmp/j$j|OUT|g" "$tmp/j$j.log" >"$tmp/j$j.said"
done
n=$(wc -l <"$tmp/j1.sums")
[ "$n" -gt 300 ] || fail "only $n files built"
for j in 2 3; do
	if cmp -s "$tmp/j1.sums" "$tmp/j$j.sums" && cmp -s "$tmp/j1.said" "$tmp/j$j.said"; then
		ok "--jobs $j, every format: all $n files and the messages byte-identical to --jobs 1"
	else
		fail "--jobs $j differs from --jobs 1:"
		diff "$tmp/j1.sums" "$tmp/j$j.sums" | head -10
		diff "$tmp/j1.said" "$tmp/j$j.said" | head -10
	fi
done

# 2. errors found while drawing, in several items: same order
kit=$tmp/inky/social-kapital
mkdir -p "$tmp/inky"
cp -r decks/social-kapital "$kit"
mkdir -p "$kit/profiles"
cat >"$kit/profiles/shop.yaml" <<'EOF'
kind: profile
id: shop
name: A shop with a very low ink limit
ink-limit: 100%
pdfx: true
EOF
for j in 1 2; do
	"$bin" build "$kit" --profile shop --format print,png --dpi 72 --jobs "$j" \
		--out "$tmp/inky$j" >"$tmp/inky$j.log" 2>&1
	echo "exit $?" >>"$tmp/inky$j.log"
	sed -i "s|$tmp/inky$j|OUT|g" "$tmp/inky$j.log"
done
errors=$(grep -c 'error: cannot make PDF/X' "$tmp/inky1.log")
if [ "$errors" -lt 4 ] || ! grep -q '^exit 1$' "$tmp/inky1.log"; then
	fail "the ink-limit kit gave $errors errors:"
	head -5 "$tmp/inky1.log"
elif cmp -s "$tmp/inky1.log" "$tmp/inky2.log"; then
	ok "$errors errors found while drawing, in the same order with 1 and 2 jobs"
else
	fail "errors with 2 jobs differ from 1 job:"
	diff "$tmp/inky1.log" "$tmp/inky2.log" | head -10
fi
left=$(find "$tmp/inky2" -type f ! -name '.deckpress.lock' 2>/dev/null | wc -l)
[ "$left" -eq 0 ] && ok "the failed build wrote no file" || fail "the failed build left $left files"

# 3. a helper killed mid-build
args=(build decks/social-kapital --format print,png,sheets,proof,box --dpi 72 --jobs 3)
"$bin" "${args[@]}" --out "$tmp/ref" >/dev/null 2>&1 || fail "the reference build failed"
sums "$tmp/ref" >"$tmp/ref.sums"
nref=$(wc -l <"$tmp/ref.sums")
whole=0 clean=0 killed=0
for i in $(seq 6); do
	out=$tmp/kill$i
	"$bin" "${args[@]}" --out "$out" >"$out.log" 2>&1 &
	pid=$!
	# a helper of the build: forked once the kit is laid out
	helper=
	for _ in $(seq 2000); do
		helper=$(pgrep -P "$pid" | head -1)
		[ -n "$helper" ] && break
		sleep 0.005
	done
	if [ -n "$helper" ]; then
		sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
		kill -KILL "$helper" 2>/dev/null && killed=$((killed + 1))
	fi
	wait "$pid"
	code=$?
	if [ "$(temps "$out")" -ne 0 ]; then
		fail "kill $i: temporary files left: $(find "$out" -name '.*.tmp-*' | head -3)"
	elif [ $code -eq 0 ] && cmp -s "$tmp/ref.sums" <(sums "$out"); then
		whole=$((whole + 1))
	elif [ $code -ne 0 ] && [ "$(sums "$out" | wc -l)" -eq 0 ]; then
		clean=$((clean + 1))
	else
		fail "kill $i: exit $code and files that are not the reference's"
		diff "$tmp/ref.sums" <(sums "$out") | head -5
	fi
done
[ $((whole + clean)) -eq 6 ] &&
	ok "6 builds, $killed helpers killed: $whole gave the reference's $nref files, $clean failed cleanly"

[ "$fails" -eq 0 ] && echo "split: all passed" || echo "split: $fails failed"
[ "$fails" -eq 0 ]
