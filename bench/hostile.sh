#!/usr/bin/env bash
# Hostile inputs: wall time and peak memory of `deckpress check` on generated
# kits built to make it slow or big (issue 14). Each must end within the
# budget, 2 s and 200 MB, with a clear error (or, for the inputs at the
# limits, with whatever check says about them).
#
#   bash bench/hostile.sh               # from any directory
#   DECKPRESS=path/to/deckpress ...     # binary (default build/deckpress)
#   PYTHON=python3 ...                  # writes the inputs (no modules needed)
#
# Writes bench/data/hostile/ (git-ignored) and prints one line per input:
# name, seconds, peak KB, exit code, ok or OVER, and the first error.
# Exits 1 if any input is over the budget or ends with a crash (exit > 1).
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=${DECKPRESS:-build/deckpress}
PYTHON=${PYTHON:-python3}
DATA=bench/data/hostile
BASE=tests/cases/_base/kit
MAX_S=2
MAX_KB=$((200 * 1024))

die() { echo "hostile: $*" >&2; exit 1; }
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"
[[ -x /usr/bin/time ]] && /usr/bin/time --version 2>&1 | grep -q GNU ||
	die "needs GNU time at /usr/bin/time (Debian package 'time')"
export DECKPRESS_ROOT=$PWD

# new_kit NAME: a copy of the small valid kit of the CLI cases; prints its path.
new_kit() {
	rm -rf "${DATA:?}/$1"
	mkdir -p "$DATA/$1"
	cp -r "$BASE" "$DATA/$1/kit"
	echo "$DATA/$1/kit"
}

# card_text KIT: appends a card whose text is what the Python expression
# on stdin evaluates to, as a literal block.
card_text() {
	"$PYTHON" -c '
import sys
text = eval(sys.stdin.read())
with open(sys.argv[1] + "/deck.yaml", "a") as f:
    f.write("  - id: T02\n    category: tillid\n    type: question\n    text: |\n")
    f.write("".join("      " + line + "\n" for line in text.split("\n")))
' "$1"
}

# The inputs of the issue: a 1 MB text of 100k line breaks (Pango took
# minutes), a mapping of 500k keys (the duplicate-key check took 4 minutes).
kit=$(new_kit text-1mb-100k-lines)
echo '"\n".join(["word " * 1] * 100000)[:1000000]' | card_text "$kit"
kit=$(new_kit mapping-500k-keys)
"$PYTHON" -c '
import sys
with open(sys.argv[1] + "/many.yaml", "w") as f:
    f.write("kind: deck\nid: many\n" + "".join("k%d: 1\n" % i for i in range(500000)))
' "$kit"
# A mapping of 10k copies of one key: 9,999 duplicate-key errors.
kit=$(new_kit mapping-10k-duplicates)
"$PYTHON" -c '
import sys
with open(sys.argv[1] + "/dups.yaml", "w") as f:
    f.write("kind: deck\nid: dups\n" + "k: 1\n" * 10000)
' "$kit"
# The largest texts the limits let through, laid out by check.
kit=$(new_kit text-at-limits-500-lines)
echo '"\n".join(["word word word word word word word"] * 500)[:19999]' | card_text "$kit"
kit=$(new_kit paragraph-at-limit-20kb)
echo '("word " * 4000)[:19999]' | card_text "$kit"
kit=$(new_kit word-at-limit-20kb)
echo '"x" * 19999' | card_text "$kit"
# A template that repeats a field multiplies the lines of a text past the
# loader's limit: 40 copies of a 499-line text is a 20,000-line text. Only
# a cheap bound in text fitting (not the loader) can stop this one.
kit=$(new_kit template-repeats-field-40x)
echo '"\n".join(["w"] * 499)' | card_text "$kit"
"$PYTHON" -c '
import sys
p = sys.argv[1] + "/templates/mini.yaml"
t = open(p).read().replace("text: \"{text}\"", "text: \"" + "{text}" * 40 + "\"")
open(p, "w").write(t)
' "$kit"

printf '%-28s %8s %10s %5s %-4s  %s\n' input seconds "peak KB" exit "" "first message"
over=0
for dir in "$DATA"/*; do
	name=$(basename "$dir")
	set +e
	/usr/bin/time -f "%e %M" -o "$dir/time" "$BIN" check "$dir/kit" >"$dir/stdout" 2>"$dir/stderr"
	rc=$?
	set -e
	# GNU time puts "Command exited with non-zero status" before the figures
	read -r secs kb < <(tail -n 1 "$dir/time")
	verdict=ok
	if awk -v s="$secs" -v m="$MAX_S" 'BEGIN { exit !(s >= m) }' || ((kb >= MAX_KB || rc > 1)); then
		verdict=OVER
		over=1
	fi
	first=$(grep -m1 -E 'error|warning' "$dir/stderr" | sed "s|^$dir/||" | cut -c1-80 || true)
	printf '%-28s %8s %10s %5s %-4s  %s\n' "$name" "$secs" "$kb" "$rc" "$verdict" "$first"
done
exit $over
