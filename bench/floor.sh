#!/usr/bin/env bash
# deckpress against the floor: the print PDF of the poker bench deck
# (bench/gen_poker.py) made by deckpress and by bench/floor.c, a bare
# Cairo/Pango program drawing the same cards in the same font files. Runs
# are paired (floor, deckpress, floor, deckpress, ...) so both see the same
# machine load; the table shows medians and the ratios deckpress / floor.
# See bench/README.md.
#
#   bash bench/floor.sh                       # from any directory
#   BENCH_RUNS=11 bash bench/floor.sh         # paired runs per size (default 5)
#   BENCH_SIZES="100 1000 10000" ...          # card counts (default "100 1000")
#   DECKPRESS=path/to/deckpress ...           # binary (default build/deckpress)
#
# Times runs with bench/timed.py (python3: wall, cpu and peak memory), needs pkg-config and
# the -dev packages of pango, cairo and fontconfig (the Makefile installs
# them) to compile the floor. Writes bench/data/poker-N/ and bench/out/floor/.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_SIZES:-"100 1000"}
BIN=${DECKPRESS:-build/deckpress}
OUT=bench/out/floor

die() { echo "bench: $*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$RUNS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZES: '$n' is not a number"; done
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"

rm -rf "$OUT"
mkdir -p "$OUT/bin"
cp "$BIN" "$OUT/bin/deckpress"
# The floor gets the optimisation of the deckpress build it is compared with.
FLAGS=$(sed -n 's/^CMAKE_C_FLAGS_RELWITHDEBINFO:STRING=//p' "$(dirname "$BIN")/CMakeCache.txt" \
	2>/dev/null || true)
# shellcheck disable=SC2046,SC2086
cc ${FLAGS:--O2 -g} -std=c11 -D_GNU_SOURCE -Wall -Wextra bench/floor.c -o "$OUT/bin/floor" \
	$(pkg-config --cflags --libs pangocairo pangoft2 fontconfig)

echo "deckpress vs floor, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  host:   $(nproc) cores, $(uname -sr), $(awk -F': *' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo '?')"
echo "  binary: $BIN (sha256 $(sha256sum "$OUT/bin/deckpress" | cut -c1-12)), floor flags: ${FLAGS:--O2 -g}"
echo "  runs:   $RUNS paired per size"
echo

# measure TAG LOGFILE CMD...: one run; appends "tag wall user sys maxrss_kb"
measure() {
	local tag=$1 log=$2
	shift 2
	# to 0.1 ms: GNU time's cpu seconds have two decimals, a tenth of a
	# 100-card build
	python3 bench/timed.py "$tag" "$OUT/results.txt" "$@" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "$tag failed: $*"; }
}

: >"$OUT/results.txt"
for n in $SIZES; do
	data=bench/data/poker-$n
	[[ -f $data/cards.tsv ]] || python3 bench/gen_poker.py "$n" "$data"
	for ((r = 1; r <= RUNS; r++)); do
		measure "floor-$n" "$OUT/floor-$n.log" \
			"$OUT/bin/floor" fonts/lato "$data/cards.tsv" "$OUT/floor-$n.pdf"
		rm -rf "$OUT/deckpress-$n"
		measure "deckpress-$n" "$OUT/deckpress-$n.log" \
			"$OUT/bin/deckpress" build "$data/poker-bench" --format print \
			--out "$OUT/deckpress-$n"
	done
done

python3 - "$OUT/results.txt" "$SIZES" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    tag, wall, user, sys_, rss = line.split()
    rows.setdefault(tag, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
def med(tag, i):
    return statistics.median(r[i] for r in rows[tag])
def peak(tag):
    return max(r[2] for r in rows[tag])
print("| cards | pages | floor cpu s | deckpress cpu s | cpu ratio | floor wall s |"
      " deckpress wall s | floor MiB | deckpress MiB | memory ratio |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
per_card = {}
for n in sys.argv[2].split():
    f, d = f"floor-{n}", f"deckpress-{n}"
    fc, dc = med(f, 1), med(d, 1)
    per_card[int(n)] = dc / int(n)
    print(f"| {n} | {2 * int(n)} | {fc:.3f} | {dc:.3f} | **{dc / fc:.2f}x** | {med(f, 0):.3f} |"
          f" {med(d, 0):.3f} | {peak(f):.1f} | {peak(d):.1f} | {peak(d) / peak(f):.1f}x |")
# the runs are paired: the median of each pair's own ratio is less at the
# mercy of the machine's slow spells than the ratio of the medians
for n in sys.argv[2].split():
    pairs = zip(rows[f"floor-{n}"], rows[f"deckpress-{n}"])
    print(f"\n{n} cards: cpu ratio {statistics.median(d[1] / f[1] for f, d in pairs):.2f}x"
          " (median of the pairs' ratios)")
ns = sorted(per_card)
for a, b in zip(ns, ns[1:]):
    print(f"\ncpu per card, {b} cards / {a} cards: {per_card[b] / per_card[a]:.2f}"
          " (1.00 = linear)")
EOF
