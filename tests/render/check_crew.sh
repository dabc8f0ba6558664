#!/usr/bin/env bash
# A kit of one deck in one language built with --jobs N: its layout and PNG
# previews are shared by a crew of N processes (build/deck.c) when the build
# draws previews alone, which must change nothing but the speed. A 40-card deck with texts that shrink
# (warnings) is built with 1, 2 and 3 jobs, as PNG only and as print, PNG
# and proof: the same messages in the same order, the same exit status and
# byte-identical files, and the crew was forked (strace) for previews
# alone (and not with the print PDF: the PNG team forks instead). Then a card
# whose text does not fit: the same error with every N, and nothing
# written. Then the build cache: a rebuild with nothing changed rewrites
# nothing, and after an edit of one card a crew's rebuild is the clean
# build's files and redraws only that card's previews. Then a helper
# killed mid-build: the files are still the one-job build's. Last, the
# leader stopped while its helper writes previews into the crew's folder.
# Usage: check_crew.sh DECKPRESS
. "$(dirname "$0")/common.sh"
cd "$root" || exit 1

deck=$tmp/src/poker-bench
python3 bench/gen_poker.py 40 "$tmp/src" >/dev/null || fail "gen_poker.py failed"
# cards 12 and 30 get longer texts, which shrink (a warning each)
python3 - "$deck/deck.yaml" <<'PY' || fail "could not edit the deck"
import re, sys
path = sys.argv[1]
parts = open(path, encoding="utf-8").read().split("\n  - id: ")
parts[12] = parts[12].replace('title: {da: "', 'title: {da: "Meget lang overskrift som skal skrumpe ', 1)
m = re.search(r'title: \{da: "([^"]*)"\}', parts[30])
parts[30] = parts[30].replace(m.group(0), f'title: {{da: "{" ".join([m.group(1)] * 4)}"}}')
open(path, "w", encoding="utf-8").write("\n  - id: ".join(parts))
PY

sums() { (cd "$1" && find . -type f ! -name '.deckpress*' | sort | xargs sha256sum); }

# the processes a build forks (threads are not counted)
forks() { grep -E '^[0-9]+ +(clone|clone3|fork|vfork)\(' "$1" | grep -vc CLONE_THREAD; }
# whether the first fork came before the first preview was written: a crew
# forks as the layout begins, the PNG team of a folder after two pages
crew_forked() {
	awk '/(clone|clone3|fork|vfork)\(/ && !/CLONE_THREAD/ { print "fork"; exit }
	     /openat\(.*\.png\.tmp-/ { print "png"; exit }' "$1" | grep -qx fork
}

# where ptrace is not allowed (some containers) the fork checks cannot run
traced=true
strace -f -qq -o /dev/null true 2>/dev/null ||
	{ traced=false; echo "skip: strace cannot trace here: which processes forked is not checked"; }

for fmt in png print,png,proof; do
	for j in 1 2 3; do
		out=$tmp/$fmt.j$j
		"$bin" build "$deck" --format "$fmt" --dpi 72 --jobs "$j" --out "$out" >"$out.log" 2>&1
		echo "exit $?" >>"$out.log"
		sums "$out" >"$out.sums"
		# again, traced (LeakSanitizer cannot run under ptrace, and forks)
		$traced || continue
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
			strace -f -qq -o "$out.trace" -e trace=clone,clone3,fork,vfork,openat \
			"$bin" build "$deck" --format "$fmt" --dpi 72 --jobs "$j" --out "$out.traced" \
			>/dev/null 2>&1 || fail "$fmt: --jobs $j failed under strace"
	done
	base=$tmp/$fmt.j1
	grep -q "exit 0" "$base.log" || { fail "$fmt: --jobs 1 failed"; cat "$base.log"; }
	[ "$(grep -c 'warning: text of card' "$base.log")" -eq 2 ] ||
		{ fail "$fmt: expected two shrunk texts"; cat "$base.log"; }
	[ "$(grep -c '\.png$' "$base.sums")" -eq 80 ] || fail "$fmt: not 80 PNGs"
	for j in 2 3; do
		cmp -s "$base.log" "$tmp/$fmt.j$j.log" && ok "$fmt: --jobs $j says what --jobs 1 says" ||
			{ fail "$fmt: --jobs $j's messages differ"; diff "$base.log" "$tmp/$fmt.j$j.log"; }
		cmp -s "$base.sums" "$tmp/$fmt.j$j.sums" &&
			ok "$fmt: --jobs $j: $(wc -l <"$base.sums") files byte-identical to --jobs 1" ||
			{ fail "$fmt: --jobs $j's files differ"; diff "$base.sums" "$tmp/$fmt.j$j.sums" | head; }
		$traced || continue
		n=$(forks "$tmp/$fmt.j$j.trace")
		[ "$n" -ge $((j - 1)) ] && ok "$fmt: --jobs $j forked $n helpers" ||
			fail "$fmt: --jobs $j forked $n helpers, not $((j - 1))"
		# only a build of previews alone has a crew (build/deck.c)
		if [ "$fmt" = png ]; then
			crew_forked "$tmp/$fmt.j$j.trace" && ok "$fmt: --jobs $j: a crew laid out the deck" ||
				fail "$fmt: --jobs $j: no crew forked before the previews"
		else
			crew_forked "$tmp/$fmt.j$j.trace" && fail "$fmt: --jobs $j forked a crew"
		fi
	done
	! $traced || [ "$(forks "$base.trace")" -eq 0 ] || fail "$fmt: --jobs 1 forked"
done

# a text that does not fit: the same error, nothing written
cp "$deck/deck.yaml" "$tmp/deck.good"
python3 - "$deck/deck.yaml" <<'PY' || fail "could not edit the deck"
import re, sys
path = sys.argv[1]
parts = open(path, encoding="utf-8").read().split("\n  - id: ")
m = re.search(r'text: \{da: "([^"]*)"\}', parts[21])
parts[21] = parts[21].replace(m.group(0), f'text: {{da: "{" ".join([m.group(1)] * 8)}"}}')
open(path, "w", encoding="utf-8").write("\n  - id: ".join(parts))
PY
for j in 1 2 3; do
	"$bin" build "$deck" --format png --dpi 72 --jobs "$j" --out "$tmp/bad$j" \
		>"$tmp/bad$j.log" 2>&1
	echo "exit $?" >>"$tmp/bad$j.log"
done
grep -q "P00021' does not fit" "$tmp/bad1.log" && grep -q 'exit 1' "$tmp/bad1.log" ||
	{ fail "no error for the card that does not fit"; cat "$tmp/bad1.log"; }
for j in 2 3; do
	cmp -s "$tmp/bad1.log" "$tmp/bad$j.log" && ok "a text that does not fit: --jobs $j as --jobs 1" ||
		{ fail "--jobs $j reports otherwise"; diff "$tmp/bad1.log" "$tmp/bad$j.log"; }
	[ -z "$(find "$tmp/bad$j" -type f -name '*.p*' 2>/dev/null)" ] || fail "--jobs $j wrote files"
	# nor a folder: the crew's, those made for it and the output folder
	# (made as the lock was taken) are gone
	[ ! -e "$tmp/bad$j" ] || fail "--jobs $j left $(find "$tmp/bad$j" | head -3)"
done
cp "$tmp/deck.good" "$deck/deck.yaml"

# the build cache with a crew
out=$tmp/cached
"$bin" build "$deck" --format png --dpi 72 --jobs 2 --out "$out" >/dev/null 2>&1 ||
	fail "the first cached build failed"
sleep 0.1
touch "$tmp/stamp"
sleep 0.1
"$bin" build "$deck" --format png --dpi 72 --jobs 2 --out "$out" >/dev/null 2>&1 ||
	fail "the unchanged rebuild failed"
changed=$(find "$out" -type f -newer "$tmp/stamp" ! -name '.deckpress*' | wc -l)
[ "$changed" -eq 0 ] && ok "a rebuild with nothing changed rewrites nothing" ||
	fail "a rebuild with nothing changed rewrote $changed files"
python3 - "$deck/deck.yaml" <<'PY' || fail "could not edit card 25"
import sys
path = sys.argv[1]
parts = open(path, encoding="utf-8").read().split("\n  - id: ")
assert parts[25].startswith("P00025")
parts[25] = parts[25].replace('title: {da: "', 'title: {da: "Nu: ', 1)
open(path, "w", encoding="utf-8").write("\n  - id: ".join(parts))
PY
"$bin" build "$deck" --format png --dpi 72 --jobs 2 --out "$out" >/dev/null 2>&1 ||
	fail "the rebuild after an edit failed"
pngs=$(find "$out" -type f -newer "$tmp/stamp" -name '*.png' -printf '%f\n' | sort | tr '\n' ' ')
[ "$pngs" = "025-P00025-front.png " ] && ok "an edit of card 25 redraws its front only" ||
	fail "an edit of card 25 redrew: $pngs"
"$bin" build "$deck" --format png --dpi 72 --jobs 1 --out "$tmp/clean" >/dev/null 2>&1 ||
	fail "the clean build failed"
cmp -s <(sums "$tmp/clean") <(sums "$out") && ok "the crew's cached rebuild is the clean build" ||
	{ fail "the cached rebuild differs from a clean build"; diff <(sums "$tmp/clean") <(sums "$out"); }

# a helper killed (SIGKILL) at a random moment: the leader lays out and
# draws what it did not send, and the files are the one-job build's
big=$tmp/big
python3 bench/gen_poker.py 150 "$big" >/dev/null || fail "gen_poker.py failed"
args=(build "$big/poker-bench" --format png --dpi 150)
"$bin" "${args[@]}" --jobs 1 --out "$tmp/ref" >/dev/null 2>&1 || fail "the reference build failed"
sums "$tmp/ref" >"$tmp/ref.sums"
killed=0
for i in $(seq 6); do
	out=$tmp/kill$i
	"$bin" "${args[@]}" --jobs 2 --out "$out" >"$out.log" 2>&1 &
	pid=$!
	helper=
	for _ in $(seq 2000); do
		helper=$(pgrep -P "$pid" | head -1)
		[ -n "$helper" ] && break
		sleep 0.002
	done
	if [ -n "$helper" ]; then
		sleep "$(printf '0.%02d' $((RANDOM % 16)))" # the build takes about 0.2 s
		kill -KILL "$helper" 2>/dev/null && killed=$((killed + 1))
	fi
	wait "$pid"
	code=$?
	left=$(find "$out" -name '.*.tmp-*' | wc -l)
	if [ "$code" -ne 0 ] || [ "$left" -ne 0 ] || ! cmp -s "$tmp/ref.sums" <(sums "$out"); then
		fail "kill $i: exit $code, $left temporary files, files differ: $(head -3 "$out.log")"
	fi
done
[ "$killed" -gt 0 ] && ok "$killed of 6 builds lost their helper and made the one-job build's files" ||
	fail "no helper was killed"

# the leader stopped while its helper writes previews into the crew's
# folder: SIGINT and SIGTERM stop the helper first and leave nothing (job
# control, so that the background build does not ignore SIGINT); SIGKILL
# leaves the folder, and the next build removes it and writes every file
wait_for_crew() { # the pid of the build; true once its helper wrote a preview
	for _ in $(seq 2000); do
		[ -n "$(find "$2" -path '*/.deckpress-crew.tmp-*/*.png.tmp-*' 2>/dev/null | head -1)" ] &&
			return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.002
	done
	return 1
}
set -m
for sig in INT TERM KILL; do
	out=$tmp/stop$sig
	"$bin" "${args[@]}" --jobs 2 --out "$out" >/dev/null 2>&1 &
	pid=$!
	if ! wait_for_crew "$pid" "$out"; then
		wait "$pid"
		fail "SIG$sig: the build ended before its helper wrote a preview"
		continue
	fi
	kill -"$sig" "$pid"
	wait "$pid"
	code=$?
	want=$((128 + $(kill -l "$sig")))
	sleep 0.05 # a helper killed with its leader (SIGKILL) is gone by now
	left=$(find "$out" -name '.*.tmp-*' | wc -l)
	if [ "$code" -ne "$want" ]; then
		fail "SIG$sig: exit $code, expected $want"
	elif [ "$sig" != KILL ] && [ "$left" -ne 0 ]; then
		fail "SIG$sig left $(find "$out" -name '.*.tmp-*' | head -3)"
	elif [ "$sig" != KILL ]; then
		ok "SIG$sig while the crew writes: exit $code, nothing left"
	else
		"$bin" "${args[@]}" --jobs 2 --out "$out" >/dev/null 2>&1 || fail "the build after SIGKILL failed"
		left2=$(find "$out" -name '.*.tmp-*' | wc -l)
		[ "$left2" -eq 0 ] && cmp -s "$tmp/ref.sums" <(sums "$out") &&
			ok "SIGKILL left $left temporary files; the next build removed them and made every file" ||
			fail "after SIGKILL and a rebuild: $left2 temporary files, or the files differ"
	fi
done
set +m

# the kit's output folder on another file system than the output folder
# (a link into /dev/shm): the helpers' files are renamed within it
shm=/dev/shm
if [ -d "$shm" ] && [ -w "$shm" ] && [ "$(stat -c %d "$shm")" != "$(stat -c %d "$tmp")" ]; then
	out=$tmp/xdev
	elsewhere=$(mktemp -d "$shm/deckpress-xdev.XXXXXX")
	mkdir -p "$out"
	ln -s "$elsewhere" "$out/poker-bench"
	"$bin" "${args[@]}" --jobs 2 --out "$out" >"$out.log" 2>&1
	code=$?
	[ "$code" -eq 0 ] && cmp -s "$tmp/ref.sums" <(cd "$out" &&
		find -L . -type f ! -name '.deckpress*' | sort | xargs sha256sum) &&
		ok "a kit folder on another file system: the one-job build's files" ||
		fail "a kit folder on another file system: exit $code, $(head -2 "$out.log")"
	rm -rf "$elsewhere"
else
	echo "skip: $tmp and $shm are one file system: the crossing is not checked"
fi

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
