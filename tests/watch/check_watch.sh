#!/usr/bin/env bash
# build --watch: one rebuild per saved change, a broken half-saved file is
# reported and survived, and fixing it rebuilds.
# Usage: check_watch.sh DECKPRESS
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export DECKPRESS_ROOT="$root"
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

cp -r "$root/tests/cases/_base/kit" "$tmp/kit"
cd "$tmp" || exit 1
"$bin" build --watch kit --format print --lang en >watch.log 2>watch.err &
pid=$!

# waits until watch.log has at least N lines matching PATTERN (10 s at most)
wait_for() {
	for _ in $(seq 100); do
		[ "$(grep -c -- "$2" watch.log)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

wait_for 1 "watching 1 kit" && ok "first build, then watching" || fail "no first build: $(cat watch.log watch.err)"
[ "$(grep -c ' built kit ' watch.log)" = 1 ] && ok "one build so far" || fail "builds: $(cat watch.log)"

# an edit is one rebuild, and the output follows it
sed -i 's/What builds trust?/What builds trust at work?/' kit/deck.yaml
wait_for 2 " built kit .*: ok" && ok "rebuilt after an edit" || fail "no rebuild: $(cat watch.log)"
sleep 0.5
[ "$(grep -c ' built kit ' watch.log)" = 2 ] && ok "exactly one rebuild for one save" || fail "rebuilds: $(cat watch.log)"
pdftotext out/kit/mini.en.print.pdf - | grep -q "What builds trust at work?" && ok "the PDF has the new text" || fail "PDF not updated"

# a half-saved, broken file is reported and the watch goes on
printf 'kind: deck\nid: mini\ntitle: {da: Mini, en: "="\n' > kit/deck.yaml
wait_for 1 "errors in the input" && ok "broken file reported" || fail "no error line: $(cat watch.log)"
grep -q "deck.yaml:.*error" watch.err && ok "with its position" || fail "no positioned error: $(cat watch.err)"
kill -0 "$pid" 2>/dev/null && ok "still watching" || fail "watch died"
pdftotext out/kit/mini.en.print.pdf - | grep -q "What builds trust at work?" && ok "good output kept" || fail "good output lost"

# fixing it rebuilds
cp "$root/tests/cases/_base/kit/deck.yaml" kit/deck.yaml
wait_for 3 " built kit .*: ok" && ok "rebuilt after the fix" || fail "no rebuild after fix: $(cat watch.log)"

kill -TERM "$pid"
wait "$pid"
code=$?
pid=
[ "$code" = 0 ] && ok "stops cleanly on SIGTERM" || fail "exit $code on SIGTERM"
echo "watch checks: $fails failed"
[ $fails -eq 0 ]
