#!/usr/bin/env bash
# What a consultant waits for: the sample kit (or KIT) built cold with the
# default formats, built again with nothing changed, built again after one
# card's text was edited, and built cold with every format. Runs are paired
# when a second binary is given (BASE, then DECKPRESS, then BASE, ...) so
# that both see the same machine load; the table shows medians of wall and
# cpu time, the peak memory, and the ratios DECKPRESS / BASE. See
# bench/README.md.
#
#   bash bench/kit.sh                          # from any directory
#   BENCH_RUNS=7 bash bench/kit.sh             # runs per step (default 5)
#   BASE=path/to/old/deckpress bash bench/kit.sh   # paired, with ratios
#   DECKPRESS=path/to/deckpress ...            # binary (default build/deckpress)
#   KIT=decks/other EDIT_FILE=cards.yaml EDIT_FROM=word EDIT_TO=other ...
#   BENCH_OUT=/dev/shm/kit ...                 # where the builds write (default
#                                              # bench/out/kit; a tmpfs keeps other
#                                              # programs' disk writes out of the
#                                              # wall time: a build syncs the disk)
#
# Each run also times the machine's ceiling: two processes of pure cpu work
# against one (other users of the cores push it below 2.00x), so that a wall
# time can be read against the load it was taken under.
#
# The kit, templates/ and fonts/ are copied to bench/out/kit/root, so the
# edits never touch the tree. EDIT_FROM must occur once in EDIT_FILE (a file
# of the kit); each run changes it to EDIT_TO and back, so every "one card"
# step is a real edit of one card. Needs GNU time (/usr/bin/time).
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-5}
BIN=${DECKPRESS:-build/deckpress}
BASE=${BASE:-}
KIT=${KIT:-decks/social-kapital}
EDIT_FILE=${EDIT_FILE:-kapitalkort.yaml}
EDIT_FROM=${EDIT_FROM:-made you trust them more.}
EDIT_TO=${EDIT_TO:-made you trust them a lot more.}
ALL=print,png,sheets,proof,pdfx,tiles,catalogue,web,box
OUT=${BENCH_OUT:-bench/out/kit}

die() { echo "bench: $*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$RUNS'"
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"
[[ -z $BASE || -x $BASE ]] || die "no binary at BASE=$BASE"
[[ -d $KIT ]] || die "no kit at $KIT"
[[ -x /usr/bin/time ]] && /usr/bin/time --version 2>&1 | grep -q GNU ||
	die "needs GNU time (/usr/bin/time, Debian package 'time')"
name=$(basename "$KIT")
[[ $(grep -cF -- "$EDIT_FROM" "$KIT/$EDIT_FILE") == 1 ]] ||
	die "'$EDIT_FROM' must occur exactly once in $KIT/$EDIT_FILE (set EDIT_FROM)"

[[ $OUT != / ]] || die "BENCH_OUT must not be /"
rm -rf "$OUT"
mkdir -p "$OUT/bin" "$OUT/root/decks"
cp "$BIN" "$OUT/bin/new"
tags=(new)
if [[ -n $BASE ]]; then
	cp "$BASE" "$OUT/bin/base"
	tags=(base new)
fi
cp -r fonts templates "$OUT/root/"
cp -r "$KIT" "$OUT/root/decks/"
root=$(cd "$OUT/root" && pwd)
kit=$root/decks/$name
export DECKPRESS_ROOT=$root

echo "the kit $KIT, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  host:   $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
for t in "${tags[@]}"; do
	echo "  $t:    $([[ $t == base ]] && echo "$BASE" || echo "$BIN")" \
		"(sha256 $(sha256sum "$OUT/bin/$t" | cut -c1-12))"
done
echo "  runs:   $RUNS per step$([[ -n $BASE ]] && echo ", paired")"
echo

# measure TAG STEP ARGS...: one build; appends "tag step wall cpu maxrss_kb"
measure() {
	local tag=$1 step=$2
	shift 2
	/usr/bin/time -f "%e %U %S %M" -o "$OUT/time.tmp" "$OUT/bin/$tag" build "$kit" \
		--out "$OUT/out-$tag" "$@" >"$OUT/$tag-$step.log" 2>&1 ||
		{ cat "$OUT/$tag-$step.log" >&2; die "$tag $step failed"; }
	read -r wall user sys rss <"$OUT/time.tmp"
	echo "$tag $step $wall $(awk "BEGIN { print $user + $sys }") $rss" >>"$OUT/results.txt"
}

# spin N: N processes of pure cpu work at once; appends "spinN wall"
spin() { /usr/bin/time -f "spin$1 %e" -a -o "$OUT/spin.txt" python3 bench/spin.py "$1"; }

# edit: swaps EDIT_FROM and EDIT_TO in the kit's copy
edited=0
edit() {
	local from=$EDIT_FROM to=$EDIT_TO
	((edited)) && from=$EDIT_TO to=$EDIT_FROM
	python3 - "$kit/$EDIT_FILE" "$from" "$to" <<'EOF'
import sys
path, a, b = sys.argv[1:]
s = open(path, encoding="utf-8").read()
assert s.count(a) == 1, f"{a!r} not once in {path}"
open(path, "w", encoding="utf-8").write(s.replace(a, b))
EOF
	edited=$((1 - edited))
}

: >"$OUT/results.txt"
: >"$OUT/spin.txt"
for ((r = 1; r <= RUNS; r++)); do
	spin 1
	spin 2
	for t in "${tags[@]}"; do
		rm -rf "$OUT/out-$t"
		measure "$t" cold
		measure "$t" unchanged
		edit
		measure "$t" one-card
		edit
		rm -rf "$OUT/out-$t"
		measure "$t" every-format --format "$ALL"
		rm -rf "$OUT/out-$t"
	done
done

python3 - "$OUT/results.txt" "${tags[*]}" "$OUT/spin.txt" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    tag, step, wall, cpu, rss = line.split()
    rows.setdefault((tag, step), []).append((float(wall), float(cpu), int(rss) / 1024))
tags = sys.argv[2].split()
target = {"cold": 2.0, "unchanged": 0.3, "one-card": 1.0, "every-format": 4.0}
what = {"cold": "cold, default formats (print, png)", "unchanged": "again, nothing changed",
        "one-card": "again, one card's text edited", "every-format": "cold, every format"}
def med(k, i):
    return statistics.median(r[i] for r in rows[k])
head = "| build | target wall s |"
rule = "|---|---:|"
for t in tags:
    head += f" {t} wall s | {t} cpu s | {t} MiB |"
    rule += "---:|---:|---:|"
if len(tags) == 2:
    head += " wall ratio | cpu ratio |"
    rule += "---:|---:|"
print(head)
print(rule)
for step in target:
    line = f"| {what[step]} | {target[step]:.1f} |"
    for t in tags:
        k = (t, step)
        line += f" {med(k, 0):.2f} | {med(k, 1):.2f} | {max(r[2] for r in rows[k]):.1f} |"
    if len(tags) == 2:
        b, n = ("base", step), ("new", step)
        ratio = lambda i: f"{med(n, i) / med(b, i):.2f}x" if med(b, i) else "-"
        line += f" **{ratio(0)}** | {ratio(1)} |"
    print(line)
spins = {}
for line in open(sys.argv[3]):
    tag, wall = line.split()
    spins.setdefault(tag, []).append(float(wall))
s1, s2 = (statistics.median(spins[t]) for t in ("spin1", "spin2"))
print(f"\nthe machine's ceiling in the same runs (2 processes of pure cpu work / 1): "
      f"{2 * s1 / s2:.2f}x")
EOF
