#!/usr/bin/env python3
"""tile_bleed.py DPI PPM : the first tile sheet (A1, the board's top-left
corner) rendered by pdftoppm shows the board's artwork beyond its outer
edges: left of the vertical trim tick and above the horizontal one, the
artwork starts at least 1.5 mm before the trim line. The trim ticks are
found on the sheet: the vertical one crosses the top band 5.3 mm from the
paper's top edge, the horizontal one the left band 5.3 mm from its left
edge (both start at the 5 mm printer's margin, before any text).
Prints what it measured; exits 1 when the bleed is missing."""
import sys
from bleed_edges import read_ppm


def dark(px):
    return max(px) < 120


def inked(px):
    return min(px) < 235


def main():
    dpi = float(sys.argv[1])
    mm = dpi / 25.4
    w, h, data = read_ppm(sys.argv[2])
    at = lambda x, y: data[3 * (y * w + x):3 * (y * w + x) + 3]
    band = int(5.3 * mm)
    left = next((x for x in range(w) if dark(at(x, band))), None)
    top = next((y for y in range(h) if dark(at(band, y))), None)
    if left is None or top is None:
        print('no trim ticks found')
        return 1
    # the artwork left of the left trim, halfway down the sheet, and above
    # the top trim, 21 mm right of it (between the label and the note)
    row, col = h // 2, left + int(21 * mm)
    first_x = next((x for x in range(w) if inked(at(x, row))), w)
    first_y = next((y for y in range(int(7 * mm), h) if inked(at(col, y))), h)
    bleed_l, bleed_t = (left - first_x) / mm, (top - first_y) / mm
    print('artwork %.1f mm beyond the left trim, %.1f mm beyond the top trim' % (bleed_l, bleed_t))
    return 0 if bleed_l >= 1.5 and bleed_t >= 1.5 else 1


sys.exit(main())
