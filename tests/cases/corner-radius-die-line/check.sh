set -e
# the die line is a path in the Separation colour space CutContour, set to
# overprint, on every page of the print PDF
qpdf --qdf --object-streams=disable out/kit/mini.da.print.pdf q.pdf
[ "$(grep -a -c '^/DPCutGS gs /CutContour CS 1 SCN' q.pdf)" = 2 ]
grep -a -q '/Separation' q.pdf
grep -a -q '/OP true' q.pdf
# no marker colour is left behind
if grep -a -q '0.0123 0.9876 0.4567' q.pdf; then exit 1; fi
# the print specification states the radius
grep -q '^Corners: *3 mm (rounded: the die line is a 0.25 pt path in the spot colour CutContour' out/kit/mini.print-spec.txt
grep -q '"corner_radius_mm": 3,' out/kit/mini.print-spec.json
# the PNG preview shows the card as cut: its corner white, the band next to
# it in the category's colour
python3 - out/kit/png/mini.da/001-T01-front.png <<'PY'
import sys
import zlib, struct
data = open(sys.argv[1], 'rb').read()
w, h = struct.unpack('>II', data[16:24])
idat = b''
i = 8
while i < len(data):
    n, = struct.unpack('>I', data[i:i+4]); t = data[i+4:i+8]
    if t == b'IDAT': idat += data[i+8:i+8+n]
    i += 12 + n
raw = zlib.decompress(idat)
stride = 1 + 3 * w
# undo the row filters (None, Sub, Up, Average, Paeth)
rows = []
prev = bytearray(3 * w)
for y in range(h):
    f = raw[y * stride]; line = bytearray(raw[y * stride + 1:(y + 1) * stride])
    for x in range(len(line)):
        a = line[x - 3] if x >= 3 else 0; b = prev[x]; c = prev[x - 3] if x >= 3 else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
corner = tuple(rows[0][0:3])
inside = tuple(rows[20][3 * 20:3 * 20 + 3])
assert corner == (255, 255, 255), corner
assert inside == (0x2B, 0x6C, 0xA8), inside
PY
