#!/usr/bin/env bash
# deckpress benchmark: wall time and peak memory of `check`, `build --format
# print` and `build` (print + png) on generated 100- and 1000-card kits, with
# the sample kit decks/social-kapital (44 cards) as a baseline measured in the
# same invocation. See bench/README.md.
#
#   bash bench/run.sh                   # from any directory
#   BENCH_RUNS=5 bash bench/run.sh      # runs per measurement (median; default 3)
#   BENCH_SIZES="100 1000" ...          # generated kit sizes (default "100 1000")
#   DECKPRESS=path/to/deckpress ...     # binary (default build/deckpress)
#   PYTHON=python3 ...                  # interpreter for gen_deck.py (needs PyYAML)
#
# Writes bench/data/ (generated kits), bench/out/ (outputs, logs, results.tsv);
# both are git-ignored. Exits non-zero if any deckpress run fails.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-3}
SIZES=${BENCH_SIZES:-"100 1000"}
BIN=${DECKPRESS:-build/deckpress}
PYTHON=${PYTHON:-python3}
BASE_KIT=decks/social-kapital
DATA=bench/data
OUT=bench/out

die() { echo "bench: $*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$RUNS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZES: '$n' is not a number"; done
[[ -x $BIN ]] || die "no deckpress binary at $BIN: run 'make build' first (or set DECKPRESS)"
[[ -d $BASE_KIT ]] || die "baseline kit $BASE_KIT is missing"
"$PYTHON" -c 'import yaml' 2>/dev/null ||
	die "$PYTHON cannot import yaml: install PyYAML (Debian: python3-yaml), or set PYTHON"
[[ -n ${EPOCHREALTIME:-} ]] || die "needs bash >= 5 (EPOCHREALTIME)"

# Peak memory needs GNU time; without it, say so and measure wall time only.
GNU_TIME=
if [[ -x /usr/bin/time ]] && /usr/bin/time --version 2>&1 | grep -q GNU; then
	GNU_TIME=/usr/bin/time
else
	echo "bench: GNU time (/usr/bin/time, Debian package 'time') is not installed:" >&2
	echo "bench: measuring wall time only; the peak MiB column shows '-'." >&2
	echo "bench: install it with: apt-get install -y time" >&2
fi

# --- what runs ------------------------------------------------------------------
# The runs use a copy taken now, so that a rebuild of $BIN during the (long)
# run cannot mix two binaries; fonts/ and templates/ still come from
# $DECKPRESS_ROOT or the source tree compiled into the binary.
bin_id() { sha256sum "$1" | cut -c1-12; }
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$BIN")/CMakeCache.txt" 2>/dev/null || true)
SRC_BIN=$BIN
mkdir -p "$OUT/bin"
cp "$SRC_BIN" "$OUT/bin/deckpress"
BIN=$OUT/bin/deckpress
BIN_ID=$(bin_id "$BIN")
echo "deckpress benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  host:   $(nproc) cores, $(uname -sr), $(awk -F': *' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo '?')"
echo "  binary: $SRC_BIN ($("$BIN" --version 2>/dev/null | head -1), build type ${BUILD_TYPE:-unknown}, sha256 $BIN_ID), run as a copy in $BIN"
if git rev-parse --git-dir >/dev/null 2>&1; then
	echo "  HEAD:   $(git log -1 --format='%h %cI %s' 2>/dev/null | cut -c1-100)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (+ uncommitted changes)')"
fi
echo "  runs:   $RUNS per measurement (median wall time; peak memory = max of the runs)"
[[ ${BUILD_TYPE:-} == Debug ]] &&
	echo "  note:   $SRC_BIN is a Debug build (-O0): absolute times are pessimistic"
echo

# --- the kits ------------------------------------------------------------------
mkdir -p "$DATA" "$OUT/logs"
CASES=("baseline:$BASE_KIT")
for n in $SIZES; do
	"$PYTHON" bench/gen_deck.py "$n" "$DATA/bench-$n"
	CASES+=("bench-$n:$DATA/bench-$n")
done
echo

# --- measuring -------------------------------------------------------------------
TSV=$OUT/results.tsv
printf 'case\tcommand\trun\twall_s\tpeak_kib\tpdf_pages\tpdfs\tpngs\n' >"$TSV"

# measure LOG ARGS...: runs deckpress once; sets WALL (s) and KIB (peak RSS,
# empty without GNU time). Exits the script if deckpress fails.
measure() {
	local log=$1 tf=$OUT/logs/.time t0 t1 rc=0
	shift
	KIB=
	t0=$EPOCHREALTIME
	if [[ -n $GNU_TIME ]]; then
		"$GNU_TIME" -f '%M' -o "$tf" "$BIN" "$@" >"$log" 2>&1 || rc=$?
	else
		"$BIN" "$@" >"$log" 2>&1 || rc=$?
	fi
	t1=$EPOCHREALTIME
	if ((rc != 0)); then
		echo "bench: FAILED (exit $rc): $BIN $*" >&2
		echo "bench: log $log:" >&2
		tail -n 20 "$log" >&2
		exit 1
	fi
	[[ -z $GNU_TIME ]] || KIB=$(tail -n 1 "$tf")
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
}

COMMANDS=(check print print+png)
for entry in "${CASES[@]}"; do
	name=${entry%%:*} kit=${entry#*:}
	for cmd in "${COMMANDS[@]}"; do
		dir=$OUT/$name/${cmd/+/-}
		for ((i = 1; i <= RUNS; i++)); do
			rm -rf "$dir"
			log=$OUT/logs/$name.${cmd/+/-}.$i.log
			case $cmd in
			check) args=(check "$kit") ;;
			print) args=(build "$kit" --out "$dir" --format print) ;;
			print+png) args=(build "$kit" --out "$dir" --format "print,png") ;;
			esac
			measure "$log" "${args[@]}"
			pages=0 pdfs=0 pngs=0
			if [[ $cmd != check ]]; then
				while IFS= read -r -d '' pdf; do
					p=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
					[[ -n $p ]] || die "cannot count the pages of $pdf (pdfinfo, Debian: poppler-utils)"
					pages=$((pages + p)) pdfs=$((pdfs + 1))
				done < <(find "$dir" -name '*.pdf' -print0)
				pngs=$(find "$dir" -name '*.png' | wc -l)
				((pdfs > 0)) || die "$name $cmd wrote no PDF into $dir"
				[[ $cmd != print+png ]] || ((pngs > 0)) || die "$name $cmd wrote no PNG into $dir"
			fi
			printf '%s\t%s\t%d\t%s\t%s\t%d\t%d\t%d\n' "$name" "$cmd" "$i" "$WALL" "$KIB" \
				"$pages" "$pdfs" "$pngs" >>"$TSV"
			printf '  %-14s %-10s run %d/%d  %8.3f s  %s\n' "$name" "$cmd" "$i" "$RUNS" "$WALL" \
				"${KIB:+$((KIB / 1024)) MiB}"
		done
	done
done
echo

[[ ! -f $SRC_BIN || $(bin_id "$SRC_BIN") == "$BIN_ID" ]] ||
	echo "note: $SRC_BIN was rebuilt during the run; all figures are of the copy taken at the start ($BIN_ID)."

# --- the table ----------------------------------------------------------------------
"$PYTHON" - "$TSV" <<'EOF'
import csv, statistics, sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
cases, cmds, by = [], [], {}
for r in rows:
    k = (r["case"], r["command"])
    if r["case"] not in cases:
        cases.append(r["case"])
    if r["command"] not in cmds:
        cmds.append(r["command"])
    by.setdefault(k, []).append(r)

# pages and cards of a case come from its print build (check writes nothing):
# every card is one front + one back page in each language's PDF.
pages, cards = {}, {}
for c in cases:
    src = by.get((c, "print")) or by.get((c, "print+png"))
    pages[c] = int(src[0]["pdf_pages"])
    cards[c] = pages[c] // (2 * int(src[0]["pdfs"]))

def stats(c, cmd):
    rs = by[(c, cmd)]
    walls = [float(r["wall_s"]) for r in rs]
    kib = [int(r["peak_kib"]) for r in rs if r["peak_kib"]]
    return statistics.median(walls), min(walls), max(walls), (max(kib) / 1024 if kib else None)

hdr = ["case", "command", "cards", "pages", "wall s", "min-max s", "peak MiB", "ratio", "pages/s"]
out = []
for cmd in cmds:
    bw = stats("baseline", cmd)[0] / cards["baseline"]
    for c in cases:
        med, lo, hi, mib = stats(c, cmd)
        ratio = (med / cards[c]) / bw
        out.append([c, cmd, str(cards[c]), str(pages[c]), f"{med:.3f}", f"{lo:.3f}-{hi:.3f}",
                    "-" if mib is None else f"{mib:.1f}", f"{ratio:.2f}", f"{pages[c] / med:.1f}"])
w = [max(len(x) for x in col) for col in zip(hdr, *out)]
line = lambda cells: "| " + " | ".join(s.ljust(w[i]) if i < 2 else s.rjust(w[i])
                                        for i, s in enumerate(cells)) + " |"
print(line(hdr))
print("|" + "|".join("-" * (n + 2) if i < 2 else "-" * (n + 1) + ":" for i, n in enumerate(w)) + "|")
for r in out:
    print(line(r))
print()
print("cards: printed cards per language; pages: PDF pages over all languages (front + back")
print("per card); wall s: median of the runs; ratio: (wall/cards) / (baseline wall/cards) for")
print("the same command (1.00 = scales linearly from the sample kit, < 1 = fixed start-up")
print("cost amortised, > 1 = worse than linear); pages/s: pages / wall s.")
pngs = {c: int(by[(c, "print+png")][0]["pngs"]) for c in cases if (c, "print+png") in by}
if pngs:
    print("PNGs written by print+png: " + ", ".join(f"{c} {n}" for c, n in pngs.items())
          + " (one front + one back per distinct card and language).")
EOF
echo
echo "raw runs: $TSV; outputs: $OUT/<case>/; logs: $OUT/logs/"
