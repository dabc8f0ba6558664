#!/usr/bin/env bash
# Builds the sample kit and counts rag faults in its card decks and board,
# both languages: one-word last lines and lines that start with a dash must
# be 0 (issue 12). Usage: check_rag.sh DECKPRESS
set -eu
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000 DECKPRESS_ROOT="$root"
"$bin" build "$root/decks/social-kapital" --out "$tmp" --format print >/dev/null
out="$tmp/social-kapital"
python3 "$here/count_rag.py" --max-one-word 0 --max-dash 0 \
	"$out"/kapitalkort.da.print.pdf "$out"/kapitalkort.en.print.pdf \
	"$out"/vejen.da.print.pdf "$out"/vejen.en.print.pdf
