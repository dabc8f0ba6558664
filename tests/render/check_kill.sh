#!/usr/bin/env bash
# Kill and restart: builds one language of the sample kit (decks, board,
# documents; print, png, tiles and proof) once cleanly for
# reference, then 20 times into another folder, each killed with SIGKILL at
# a random moment of the build, and checks that
#   - after every kill each file there is complete: the reference's bytes
#     (a file is either the old one or the new one, never half of one);
#   - the next build removes the temporary files the killed ones left,
#     and then every file is the reference's, and qpdf --check passes on
#     every PDF;
#   - a build stopped by SIGINT or SIGTERM while it writes removes its
#     temporary files and its lock file itself and dies of the signal
#     (exit 130, 143).
# Usage: check_kill.sh DECKPRESS
. "$(dirname "$0")/common.sh"
cd "$root" || exit 1
formats=print,png,tiles,proof
args=(build decks/social-kapital --lang da --format "$formats" --dpi 72)

# checksums of the outputs under $1 (not the lock, not temporary files, not
# the build cache's record, which holds inodes and times), sorted for comm
sums() {
	(cd "$1" && find . -type f ! -name .deckpress.lock ! -name '.*.tmp-??????' \
		! -name .deckpress-cache -print0 |
		xargs -0 -r sha256sum | LC_ALL=C sort)
}
temps() { find "$1" -name '.*.tmp-??????' | wc -l; }

start=$(date +%s%N)
if ! "$bin" "${args[@]}" --out "$tmp/ref" >"$tmp/log" 2>&1; then
	cat "$tmp/log"
	echo "FAIL: the clean build failed"
	exit 1
fi
ms=$((($(date +%s%N) - start) / 1000000))
sums "$tmp/ref" >"$tmp/ref.sums"
nref=$(wc -l <"$tmp/ref.sums")
echo "reference: $nref files in $ms ms"

# 1. SIGKILL at random moments; what is there must be whole
out="$tmp/out"
broken=0
for _ in $(seq 20); do
	"$bin" "${args[@]}" --out "$out" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v r="$RANDOM" -v ms="$ms" 'BEGIN { printf "%.3f", r / 32768 * ms / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -d "$out" ] || continue
	sums "$out" >"$tmp/out.sums"
	extra=$(LC_ALL=C comm -23 "$tmp/out.sums" "$tmp/ref.sums")
	if [ -n "$extra" ]; then
		while IFS= read -r line; do echo "  not whole: $line"; done <<<"$extra"
		broken=$((broken + 1))
	fi
done
[ $broken -eq 0 ] && ok "after each of 20 kills every file is whole" ||
	fail "$broken kills left a file that is not whole"
left=$(temps "$out")
echo "the killed builds left $left temporary files and $(wc -l <"$tmp/out.sums") of $nref outputs"

# 2. the next build cleans up and writes everything
"$bin" "${args[@]}" --out "$out" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "rebuild failed"; }
[ "$(temps "$out")" -eq 0 ] && ok "the rebuild removed every temporary file" ||
	fail "temporary files left after the rebuild: $(find "$out" -name '.*.tmp-*')"
sums "$out" >"$tmp/out.sums"
diff -q "$tmp/ref.sums" "$tmp/out.sums" >/dev/null && ok "every output equals the clean build's" ||
	fail "outputs differ from the clean build: $(diff "$tmp/ref.sums" "$tmp/out.sums")"
bad=0
while IFS= read -r -d '' pdf; do
	qpdf --check "$pdf" >/dev/null 2>&1 || { bad=$((bad + 1)); echo "  qpdf --check: $pdf"; }
done < <(find "$out" -name '*.pdf' -print0)
[ $bad -eq 0 ] && ok "qpdf --check passes on every PDF" || fail "$bad PDFs fail qpdf --check"

# 3. SIGINT and SIGTERM while a temporary file is open: the build removes
# it. Job control, so that the background build does not ignore SIGINT.
set -m
for sig in INT TERM INT; do
	rm -rf "$out"
	"$bin" "${args[@]}" --out "$out" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 500); do
		[ -d "$out" ] && [ "$(temps "$out")" -gt 0 ] && break
		sleep 0.005
	done
	kill -"$sig" "$pid"
	wait "$pid"
	code=$?
	want=$((128 + $(kill -l "$sig")))
	if [ $code -ne $want ]; then
		fail "SIG$sig: exit $code, expected $want"
	elif [ "$(temps "$out")" -ne 0 ]; then
		fail "SIG$sig left $(find "$out" -name '.*.tmp-*')"
	elif [ -e "$out/.deckpress.lock" ]; then
		fail "SIG$sig left the lock file (README: the build removes it as it ends)"
	else
		ok "SIG$sig while writing: exit $code, no temporary file nor lock left"
	fi
done

# 4. SIGINT late, when the build holds more files than the handler once had
# room for (64): it removes every one, in the build's own process and in
# its helpers (--jobs 1 and 2; both languages, so that there are hundreds)
for jobs in 1 2; do
	rm -rf "$out"
	"$bin" build decks/social-kapital --format "$formats" --dpi 72 --jobs "$jobs" \
		--out "$out" >/dev/null 2>&1 &
	pid=$!
	seen=0
	for _ in $(seq 2000); do
		seen=$([ -d "$out" ] && temps "$out" || echo 0)
		[ "$seen" -ge 100 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.005
	done
	kill -INT "$pid" 2>/dev/null
	wait "$pid"
	code=$?
	if [ "$seen" -lt 100 ]; then
		fail "--jobs $jobs: the build ended (exit $code) before it held 100 temporary files"
	elif [ $code -ne 130 ]; then
		fail "--jobs $jobs: SIGINT with $seen files held: exit $code, expected 130"
	elif [ "$(temps "$out")" -ne 0 ]; then
		fail "--jobs $jobs: SIGINT with $seen files held left $(temps "$out") temporary files"
	else
		ok "--jobs $jobs: SIGINT with $seen files held: exit 130, no temporary file left"
	fi
done
set +m

[ $fails -eq 0 ] && echo "kill and restart: all passed" || echo "kill and restart: $fails failed"
[ $fails -eq 0 ]
