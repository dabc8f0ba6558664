#!/usr/bin/env bash
# PNG throughput with one job against N jobs: `build --format png` of the
# poker bench deck (bench/gen_poker.py) at 300 dpi, runs paired (1 job, N
# jobs, 1 job, ...), medians of wall time and the ratio. Checks that both
# write the same bytes. See bench/README.md.
#
#   bash bench/jobs.sh                 # from any directory
#   BENCH_RUNS=7 BENCH_CARDS=1000 BENCH_JOBS=2 bash bench/jobs.sh
#   DECKPRESS=path/to/deckpress ...    # binary (default build/deckpress)
#   BASE=path/to/old/deckpress ...     # also an older binary, in the same
#                                      # runs (before and after DECKPRESS
#                                      # in turn), with the same files
#   BENCH_KIT=decks/social-kapital ... # a cold default build of a kit instead
#                                      # (print + png, every language)
#   BENCH_OUT=bench/out/jobs ...       # where the builds write (default: a
#                                      # folder in /dev/shm when that is a
#                                      # tmpfs, else bench/out/jobs)
#
# Why a tmpfs by default: the runs remove each other's files, and on an ext4
# file system without a journal (this project's build machines) a file
# created within six minutes of such a removal costs a scan of every inode
# removed in that time (the kernel's recently_deleted()): with 2,000 PNGs a
# run, that scan, not deckpress, became most of the system time of the runs
# after the first and made them depend on how many ran before. The ratio on
# the disk is printed too when BENCH_OUT names a folder there.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-5}
CARDS=${BENCH_CARDS:-100}
JOBS=${BENCH_JOBS:-$(nproc)}
BIN=${DECKPRESS:-build/deckpress}
BASE=${BASE:-}
if [[ -z ${BENCH_OUT:-} && $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
	BENCH_OUT=/dev/shm/deckpress-bench-jobs
fi
OUT=${BENCH_OUT:-bench/out/jobs}

die() { echo "bench: $*" >&2; exit 1; }
[[ $OUT != / ]] || die "BENCH_OUT must not be /"
[[ $RUNS =~ ^[1-9][0-9]*$ && $CARDS =~ ^[1-9][0-9]*$ && $JOBS =~ ^[1-9][0-9]*$ ]] ||
	die "BENCH_RUNS, BENCH_CARDS and BENCH_JOBS must be positive integers"
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"
[[ -z $BASE || -x $BASE ]] || die "no binary at BASE=$BASE"

rm -rf "$OUT"
mkdir -p "$OUT/bin"
cp "$BIN" "$OUT/bin/deckpress"
bins=(deckpress)
if [[ -n $BASE ]]; then
	cp "$BASE" "$OUT/bin/base"
	bins+=(base)
fi
if [[ -n ${BENCH_KIT:-} ]]; then
	args=(build "$BENCH_KIT")
	what="the kit $BENCH_KIT (default formats)"
else
	data=bench/data/poker-$CARDS
	[[ -f $data/cards.tsv ]] || python3 bench/gen_poker.py "$CARDS" "$data"
	args=(build "$data/poker-bench" --format png)
	what="$CARDS cards (poker, 300 dpi)"
fi

echo "PNG previews, 1 job vs $JOBS, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  host: $(nproc) cores, $(uname -sr); $what, $RUNS paired runs, cold"
echo "  writing to $OUT ($(stat -f -c %T "$OUT"))"
: >"$OUT/results.txt"
# the machine's own ceiling at the time: wall of N processes that each do
# one unit of pure cpu work against one process doing one (other users of
# the cores push it below N); and the ceiling for this work: N one-job
# builds at once against one (what the cores give two processes that share
# nothing, caches and memory bandwidth aside)
for ((r = 1; r <= RUNS; r++)); do
	for j in 1 "$JOBS"; do
		python3 bench/timed.py "s$j" "$OUT/results.txt" python3 bench/spin.py "$j"
		# and for this very work: j one-job builds at once, each its own
		rm -rf "$OUT/w"
		python3 bench/timed.py "w$j" "$OUT/results.txt" bash -c \
			'n=$1 out=$2; shift 2; pids=()
			for ((i = 0; i < n; i++)); do
				"$@" --jobs 1 --out "$out/$i" >"$out.$i.log" 2>&1 & pids+=($!); done
			for p in "${pids[@]}"; do wait "$p" || exit 1; done' _ \
			"$j" "$OUT/w" "$OUT/bin/deckpress" "${args[@]}" ||
			{ cat "$OUT"/w.*.log; die "a build at once failed"; }
		order=("${bins[@]}")
		# which binary runs first alternates, for the one after pays for
		# the first's files being written back and removed
		((r % 2)) || order=($(printf '%s\n' "${bins[@]}" | tac))
		for b in "${order[@]}"; do
			tag=j$j${b#deckpress}
			rm -rf "$OUT/$tag"
			python3 bench/timed.py "$tag" "$OUT/results.txt" \
				"$OUT/bin/$b" "${args[@]}" --jobs "$j" \
				--out "$OUT/$tag" >"$OUT/$tag.log" 2>&1 || { cat "$OUT/$tag.log"; die "build failed"; }
		done
	done
done
# the build cache's record names the out folder: not an output
for tag in "j$JOBS" ${BASE:+j1base "j${JOBS}base"}; do
	diff -r -x '.deckpress*' "$OUT/j1" "$OUT/$tag" >/dev/null ||
		die "$tag wrote other files than DECKPRESS with 1 job"
done

python3 - "$OUT/results.txt" "$JOBS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tag, wall, user, sys_, rss = line.split()
    runs.setdefault(tag, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
n = sys.argv[2]
def med(tag, i):
    return statistics.median(r[i] for r in runs[tag])
print(f"| binary | jobs | wall s (median) | cpu s (median) | peak MiB |")
print(f"|---|---:|---:|---:|---:|")
bins = [("", "DECKPRESS")] + ([("base", "BASE")] if "j1base" in runs else [])
for b, name in bins:
    for j in ("1", n):
        tag = "j" + j + b
        print(f"| {name} | {j} | {med(tag, 0):.3f} | {med(tag, 1):.3f} |"
              f" {max(r[2] for r in runs[tag]):.1f} |")
print()
# a round's runs follow each other within seconds, so the ratio within
# each round is less at the mercy of the machine's slow spells than the
# ratio of the medians
def paired(a, b):
    return statistics.median(x[0] / y[0] for x, y in zip(runs[a], runs[b]))
for b, name in bins:
    print(f"throughput, {n} jobs / 1 job, {name}: {med('j1' + b, 0) / med('j' + n + b, 0):.2f}x"
          f" (medians), {paired('j1' + b, 'j' + n + b):.2f}x (median of the rounds' ratios);"
          " same files")
s1, sn = med("s1", 0), med("s" + n, 0)
print(f"the machine's ceiling in the same runs ({n} processes of pure cpu"
      f" work / 1): {int(n) * s1 / sn:.2f}x (medians),"
      f" {int(n) * paired('s1', 's' + n):.2f}x (rounds)")
w1, wn = med("w1", 0), med("w" + n, 0)
print(f"the ceiling for this work ({n} one-job builds at once, each its own,"
      f" / 1): {int(n) * w1 / wn:.2f}x (medians), {int(n) * paired('w1', 'w' + n):.2f}x (rounds)")
PY
