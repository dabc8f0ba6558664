#!/usr/bin/env bash
# Data-driven CLI cases. Each folder tests/cases/<name>/ holds:
#   cmd              the arguments, one line: deckpress $(cat cmd)
#   expected.stderr  what deckpress must print on stderr, exactly
#   expected.exit    its exit code
#   expected.stdout  optional: what it must print on stdout, exactly
#   check.sh         optional: run afterwards in the case's folder; must exit 0
#                    ($DECKPRESS is the program under test)
#   setup.sh         optional: run in the temporary folder before the command
#   everything else  input files. The command runs in a fresh temporary folder
#                    holding _base/ (a small valid kit in kit/) overlaid with
#                    the case's own files, so each case states only what differs
#                    and paths in messages are short and stable.
# Usage: run.sh DECKPRESS [CASE...]; REGEN=1 rewrites expected.* from the
# actual output (review the diff before committing).
set -u
bin=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export DECKPRESS_ROOT="$root"
export SOURCE_DATE_EPOCH=1700000000
export DECKPRESS="$bin" # for check.sh
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
	for d in "$here"/*/; do
		case "$(basename "$d")" in _*) ;; *) cases+=("$(basename "$d")") ;; esac
	done
fi
pass=0 fail=0
for name in "${cases[@]}"; do
	dir="$here/$name"
	[ -f "$dir/cmd" ] || { echo "case $name: no cmd file"; fail=$((fail + 1)); continue; }
	tmp=$(mktemp -d)
	cp -r "$here/_base"/. "$tmp"/
	cp -r "$dir"/. "$tmp"/
	rm -f "$tmp/cmd" "$tmp"/expected.* "$tmp/check.sh"
	ok=1
	(
		cd "$tmp" || exit 99
		if [ -f "$dir/setup.sh" ]; then bash "$dir/setup.sh" || exit 98; fi
		rm -f setup.sh
		# shellcheck disable=SC2046
		eval "\"$bin\" $(cat "$dir/cmd")" >"$tmp/.stdout" 2>"$tmp/.stderr"
		echo $? >"$tmp/.exit"
	) || { echo "FAIL $name: setup.sh failed"; fail=$((fail + 1)); continue; }
	if [ "${REGEN:-}" = 1 ]; then
		cp "$tmp/.stderr" "$dir/expected.stderr"
		cp "$tmp/.exit" "$dir/expected.exit"
		if [ -f "$dir/expected.stdout" ]; then cp "$tmp/.stdout" "$dir/expected.stdout"; fi
	fi
	if [ -f "$dir/expected.stdout" ] && ! diff -u "$dir/expected.stdout" "$tmp/.stdout"; then
		echo "FAIL $name: stdout differs"
		ok=0
	fi
	if ! diff -u "$dir/expected.stderr" "$tmp/.stderr" >"$tmp/.diff" 2>&1; then
		echo "FAIL $name: stderr differs"
		cat "$tmp/.diff"
		ok=0
	fi
	if [ "$(cat "$tmp/.exit")" != "$(tr -d '[:space:]' <"$dir/expected.exit")" ]; then
		echo "FAIL $name: exit $(cat "$tmp/.exit"), expected $(cat "$dir/expected.exit")"
		ok=0
	fi
	if [ $ok = 1 ] && [ -f "$dir/check.sh" ]; then
		if ! (cd "$tmp" && bash "$dir/check.sh"); then
			echo "FAIL $name: check.sh failed"
			ok=0
		fi
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		rm -rf "$tmp"
	else
		fail=$((fail + 1))
		echo "  (left in $tmp)"
	fi
done
echo "cli cases: $pass passed, $fail failed"
[ $fail -eq 0 ]
