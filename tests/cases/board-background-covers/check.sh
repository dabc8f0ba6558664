set -e
# the page's corners (in the bleed) are the image's red, not the white behind it
pdftoppm -r 10 out/kit/spil.da.print.pdf page
python3 - page-1.ppm <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
parts = d.split(b'\n', 3)
w, h = map(int, parts[1].split()); px = parts[3]
for x, y in ((1, 1), (w - 2, 1), (1, h - 2), (w - 2, h - 2)):
    r, g, b = px[3 * (y * w + x): 3 * (y * w + x) + 3]
    assert r > 180 and g < 90 and b < 90, (x, y, r, g, b)
PY
