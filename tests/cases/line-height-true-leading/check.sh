set -e
# line-height is a multiple of the size: 1.25 × 18pt puts the baselines of
# the body's lines 22.5pt apart, measured in the PDF within 0.1pt
for lang in da en; do
	pdftotext -bbox-layout out/kit/mini.$lang.print.pdf - | python3 -c '
import re, sys
ys = [float(m) for m in re.findall(r"<line xMin=\"[^\"]+\" yMin=\"([^\"]+)\"", sys.stdin.read())]
gaps = [b - a for a, b in zip(ys, ys[1:])]
assert len(gaps) >= 2, ys
bad = [g for g in gaps if abs(g - 22.5) > 0.1]
assert not bad, gaps
'
done
