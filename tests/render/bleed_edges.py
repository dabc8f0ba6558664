#!/usr/bin/env python3
"""bleed_edges.py DPI PPM... : for each page rendered by pdftoppm (binary PPM),
checks that the outer 0.5 mm of the page (the outside of the bleed) has no
paper white where the artwork just inside it (0.7 to 1.2 mm from the edge)
is coloured: a full-bleed design must reach the page edge on all four sides.
Prints one line per bad page and exits 1 when there is one."""
import sys


def read_ppm(path):
    with open(path, 'rb') as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b'P6' and fields[3] == b'255', path
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:]


def white(px):
    return px[0] >= 250 and px[1] >= 250 and px[2] >= 250


def inked(px):
    return min(px) < 235


def main():
    dpi = float(sys.argv[1])
    mm = dpi / 25.4
    outer = max(1, int(0.5 * mm))            # pixels fully inside the outer 0.5 mm
    ref = [int(0.7 * mm + 0.999), int(1.2 * mm)]  # the reference strip inside it
    bad = 0
    for path in sys.argv[2:]:
        w, h, px = read_ppm(path)

        def at(x, y):
            i = 3 * (y * w + x)
            return px[i:i + 3]

        sides = {
            'left': lambda d, t: (d, t), 'right': lambda d, t: (w - 1 - d, t),
            'top': lambda d, t: (t, d), 'bottom': lambda d, t: (t, h - 1 - d),
        }
        for side, xy in sides.items():
            length = h if side in ('left', 'right') else w
            hits = 0
            # along the edge, away from the corners (the other sides' bleed)
            for t in range(ref[1] + 1, length - ref[1] - 1):
                inner = all(inked(at(*xy(d, t))) for d in range(ref[0], ref[1] + 1))
                # the pixel on the edge itself may lie partly outside the
                # page (a page is rarely a whole number of pixels)
                if inner and any(white(at(*xy(d, t))) for d in range(1, outer + 1)):
                    hits += 1
            if hits:
                print('%s: %d white pixels on the %s edge of the bleed' % (path, hits, side))
                bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
