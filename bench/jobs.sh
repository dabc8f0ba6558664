#!/usr/bin/env bash
# PNG throughput with one job against N jobs: `build --format png` of the
# poker bench deck (bench/gen_poker.py) at 300 dpi, runs paired (1 job, N
# jobs, 1 job, ...), medians of wall time and the ratio. Checks that both
# write the same bytes. See bench/README.md.
#
#   bash bench/jobs.sh                 # from any directory
#   BENCH_RUNS=7 BENCH_CARDS=1000 BENCH_JOBS=2 bash bench/jobs.sh
#   DECKPRESS=path/to/deckpress ...    # binary (default build/deckpress)
#   BENCH_KIT=decks/social-kapital ... # a cold default build of a kit instead
#                                      # (print + png, every language)
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-5}
CARDS=${BENCH_CARDS:-100}
JOBS=${BENCH_JOBS:-$(nproc)}
BIN=${DECKPRESS:-build/deckpress}
OUT=bench/out/jobs

die() { echo "bench: $*" >&2; exit 1; }
[[ $RUNS =~ ^[1-9][0-9]*$ && $CARDS =~ ^[1-9][0-9]*$ && $JOBS =~ ^[1-9][0-9]*$ ]] ||
	die "BENCH_RUNS, BENCH_CARDS and BENCH_JOBS must be positive integers"
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"
[[ -x /usr/bin/time ]] || die "needs GNU time (/usr/bin/time, Debian package 'time')"

rm -rf "$OUT"
mkdir -p "$OUT/bin"
cp "$BIN" "$OUT/bin/deckpress"
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
: >"$OUT/results.txt"
# the machine's own ceiling at the time: wall of N processes that each do
# one unit of pure cpu work against one process doing one (other users of
# the cores push it below N)
spin() {
	python3 - "$1" <<'PY'
import sys
from multiprocessing import Process
def work():
    x = 0
    for i in range(4_000_000):
        x += i
ps = [Process(target=work) for _ in range(int(sys.argv[1]))]
for p in ps: p.start()
for p in ps: p.join()
PY
}
for ((r = 1; r <= RUNS; r++)); do
	for j in 1 "$JOBS"; do
		/usr/bin/time -f "s$j %e %U %S %M" -a -o "$OUT/results.txt" bash -c "$(declare -f spin); spin $j"
		rm -rf "$OUT/j$j"
		/usr/bin/time -f "j$j %e %U %S %M" -a -o "$OUT/results.txt" \
			"$OUT/bin/deckpress" "${args[@]}" --jobs "$j" \
			--out "$OUT/j$j" >"$OUT/j$j.log" 2>&1 || { cat "$OUT/j$j.log"; die "build failed"; }
	done
done
# the build cache's record names the out folder: not an output
diff -r -x '.deckpress*' "$OUT/j1" "$OUT/j$JOBS" >/dev/null || die "1 job and $JOBS jobs wrote different files"

python3 - "$OUT/results.txt" "$JOBS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tag, wall, user, sys_, rss = line.split()
    runs.setdefault(tag, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
one, n = runs["j1"], runs["j" + sys.argv[2]]
w1, wn = statistics.median(r[0] for r in one), statistics.median(r[0] for r in n)
print(f"| jobs | wall s (median) | cpu s (median) | peak MiB |")
print(f"|---:|---:|---:|---:|")
for tag, rs in (("1", one), (sys.argv[2], n)):
    print(f"| {tag} | {statistics.median(r[0] for r in rs):.2f} |"
          f" {statistics.median(r[1] for r in rs):.2f} | {max(r[2] for r in rs):.1f} |")
s1 = statistics.median(r[0] for r in runs["s1"])
sn = statistics.median(r[0] for r in runs["s" + sys.argv[2]])
print(f"\nthroughput, {sys.argv[2]} jobs / 1 job: {w1 / wn:.2f}x (same files)")
print(f"the machine's ceiling in the same runs ({sys.argv[2]} processes of pure cpu"
      f" work / 1): {int(sys.argv[2]) * s1 / sn:.2f}x")
PY
