set -e
# a deck whose file is gone leaves no PDF, spec or previews behind (a zip of
# out/kit must send the shop no stale file); a build of one file of the kit
# removes nothing of the others
test -e out/kit/other.da.print.pdf
test -d out/kit/png/other.da
"$DECKPRESS" build kit/deck.yaml --format print,png --dpi 72 2>/dev/null
test -e out/kit/other.da.print.pdf
rm kit/other.yaml
"$DECKPRESS" build kit --format print,png --dpi 72 2>/dev/null
for f in other.da.print.pdf other.en.print.pdf other.print-spec.txt png/other.da png/other.en; do
	if [ -e "out/kit/$f" ]; then
		echo "left: $f"
		exit 1
	fi
done
test -e out/kit/mini.da.print.pdf
if grep -q other out/kit/.deckpress-manifest; then exit 1; fi
