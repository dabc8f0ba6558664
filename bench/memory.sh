#!/usr/bin/env bash
# Peak memory per output format against the size of the deck (issue 15:
# memory that does not grow with the deck). Builds the poker bench deck
# (bench/gen_poker.py) of each size in each format on its own and prints the
# peak resident set size (GNU time's %M: the largest of the process and the
# programs it waits for, such as Ghostscript), with the ratio to the
# smallest size: 1.0 means flat. See bench/README.md.
#
#   bash bench/memory.sh                         # from any directory
#   BENCH_SIZES="100 1000 10000" ...             # card counts (default these)
#   BENCH_FORMATS="print sheets png proof pdfx"  # formats (default these; also
#                                                # tiles catalogue web box, where
#                                                # the deck has them)
#   DECKPRESS=path/to/deckpress ...              # binary (default build/deckpress)
#   BASELINE=path/to/old/deckpress ...           # also this one, run just before
#                                                # the other at each size and format:
#                                                # a table of both and their ratio
#
# PNGs are written at 72 dpi: their memory is the pages in flight, not the
# pixels of all of them, and 20,000 PNGs at 300 dpi take many minutes.
# Writes bench/data/poker-N/ and bench/out/memory/.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SIZES=${BENCH_SIZES:-"100 1000 10000"}
FORMATS=${BENCH_FORMATS:-"print sheets png proof pdfx"}
BIN=${DECKPRESS:-build/deckpress}
BASE=${BASELINE:-}
OUT=bench/out/memory

die() { echo "bench: $*" >&2; exit 1; }

for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZES: '$n' is not a number"; done
ALL="print pdfx png sheets proof tiles catalogue web box"
for f in $FORMATS; do [[ " $ALL " == *" $f "* ]] ||
	die "BENCH_FORMATS: '$f' is not one of $ALL"; done
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"
[[ -z $BASE || -x $BASE ]] || die "BASELINE: no deckpress binary at $BASE"
[[ -x /usr/bin/time ]] && /usr/bin/time --version 2>&1 | grep -q GNU ||
	die "needs GNU time (/usr/bin/time, Debian package 'time')"

rm -rf "$OUT"
mkdir -p "$OUT/bin"
cp "$BIN" "$OUT/bin/deckpress"
WHO="deckpress"
if [[ -n $BASE ]]; then
	cp "$BASE" "$OUT/bin/baseline"
	WHO="baseline deckpress"
fi

echo "deckpress peak memory by format, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  host:   $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  binary: $BIN (sha256 $(sha256sum "$OUT/bin/deckpress" | cut -c1-12))"
[[ -z $BASE ]] || echo "  baseline: $BASE (sha256 $(sha256sum "$OUT/bin/baseline" | cut -c1-12))"
echo

: >"$OUT/results.txt"
for n in $SIZES; do
	data=bench/data/poker-$n
	[[ -f $data/cards.tsv ]] || python3 bench/gen_poker.py "$n" "$data" >/dev/null
	for f in $FORMATS; do
		for who in $WHO; do
			rm -rf "$OUT/$f-$n"
			/usr/bin/time -f "%e %M" -o "$OUT/time.tmp" "$OUT/bin/$who" build \
				"$data/poker-bench" --format "$f" --dpi 72 --out "$OUT/$f-$n" \
				>"$OUT/$f-$n.log" 2>&1 ||
				{ cat "$OUT/$f-$n.log" >&2; die "$who: $f at $n cards failed"; }
			echo "$who $f $n $(cat "$OUT/time.tmp")" >>"$OUT/results.txt"
			rm -rf "$OUT/$f-$n"
		done
	done
done

python3 - "$OUT/results.txt" "$SIZES" "$FORMATS" <<'EOF'
import sys
rows = {}
for line in open(sys.argv[1]):
    who, f, n, wall, rss = line.split()
    rows[(who, f, int(n))] = (float(wall), int(rss) / 1024)
sizes = [int(n) for n in sys.argv[2].split()]
formats = sys.argv[3].split()
print("| format | " + " | ".join(f"{n} cards MiB" for n in sizes) +
      f" | {sizes[-1]} / {sizes[0]} | wall s at {sizes[-1]} |")
print("|---|" + "---:|" * (len(sizes) + 2))
for f in formats:
    mib = [rows[("deckpress", f, n)][1] for n in sizes]
    print(f"| {f} | " + " | ".join(f"{m:.1f}" for m in mib) +
          f" | {mib[-1] / mib[0]:.2f}x | {rows[('deckpress', f, sizes[-1])][0]:.1f} |")
if any(k[0] == "baseline" for k in rows):
    print()
    print("| format | cards | baseline MiB | deckpress MiB | ratio |")
    print("|---|---:|---:|---:|---:|")
    for f in formats:
        for n in sizes:
            b, d = rows[("baseline", f, n)][1], rows[("deckpress", f, n)][1]
            print(f"| {f} | {n} | {b:.1f} | {d:.1f} | {d / b:.2f}x |")
EOF
