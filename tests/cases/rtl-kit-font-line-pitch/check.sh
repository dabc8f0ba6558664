set -e
# the baselines of each card's lines 1.38 × 12 pt = 16.56 pt apart (the
# template's body), within a hundredth of a point: pdftotext's word boxes
pdftotext -bbox out/kit/mini.ar.print.pdf - 2>/dev/null | python3 -c '
import re, sys
pages = sys.stdin.read().split("<page ")[1:]
fronts = [p for i, p in enumerate(pages) if i % 2 == 0]
assert len(fronts) == 2, len(fronts)
for p in fronts:
    ys = sorted({round(float(y), 2) for y in re.findall(r"yMax=\"([0-9.]+)\"", p)})
    body = [y for y in ys if y > 70]
    assert len(body) >= 3, body
    steps = [b - a for a, b in zip(body, body[1:])]
    assert all(abs(s - 16.56) < 0.02 for s in steps), steps
'
