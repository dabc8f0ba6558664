set -e
# fit: deck sets the body of every card at one size: in the print PDF the
# words of all three cards are equally tall (pdftotext's word boxes scale
# with the font size), in both languages
"$DECKPRESS" build kit --out out --format print >/dev/null 2>&1
for lang in da en; do
	pdftotext -bbox-layout out/kit/mini.$lang.print.pdf - | python3 -c '
import re, sys
pages = re.split(r"<page ", sys.stdin.read())[1:]
fronts = pages[0::2]  # front, back, front, back ...
assert len(fronts) == 3, len(pages)
heights = set()
for p in fronts:
    for y0, y1 in re.findall(r"<word xMin=\"[^\"]+\" yMin=\"([^\"]+)\" xMax=\"[^\"]+\" yMax=\"([^\"]+)\"", p):
        heights.add(round(float(y1) - float(y0), 2))
assert len(heights) == 1, heights
'
done
