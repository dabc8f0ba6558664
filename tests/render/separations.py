#!/usr/bin/env python3
"""separations.py X0 Y0 X1 Y1 PREFIX : reads the uncompressed 8-bit TIFFs that
Ghostscript's tiffsep device wrote as PREFIX(Cyan).tif ... PREFIX(Black).tif and
prints, for the box [X0, X1) x [Y0, Y1) given as fractions of the page, how
many pixels carry each ink: "cyan N magenta N yellow N black N"."""
import struct
import sys


def read_tiff(path):
    with open(path, 'rb') as f:
        d = f.read()
    end = '<' if d[:2] == b'II' else '>'
    (ifd,) = struct.unpack(end + 'I', d[4:8])
    (count,) = struct.unpack(end + 'H', d[ifd:ifd + 2])
    tags = {}
    for k in range(count):
        e = d[ifd + 2 + 12 * k: ifd + 14 + 12 * k]
        tag, typ, n = struct.unpack(end + 'HHI', e[:8])
        size = {3: 2, 4: 4}.get(typ, 1)
        fmt = {3: 'H', 4: 'I'}.get(typ, 'B')
        raw = e[8:12] if n * size <= 4 else d[struct.unpack(end + 'I', e[8:12])[0]:][:n * size]
        tags[tag] = struct.unpack(end + fmt * n, raw[:n * size])
    assert tags.get(259, (1,))[0] == 1, 'compressed TIFF: ' + path
    assert tags[258][0] == 8, 'not 8-bit: ' + path
    w, h = tags[256][0], tags[257][0]
    data = b''.join(d[o:o + c] for o, c in zip(tags[273], tags[279]))
    return w, h, data


def main():
    x0, y0, x1, y1 = map(float, sys.argv[1:5])
    prefix = sys.argv[5]
    counts = []
    for ink in ('Cyan', 'Magenta', 'Yellow', 'Black'):
        w, h, data = read_tiff('%s(%s).tif' % (prefix, ink))
        # tiffsep writes each separation as a grey image: 255 is no ink
        n = 0
        for y in range(int(y0 * h), int(y1 * h)):
            row = data[y * w + int(x0 * w): y * w + int(x1 * w)]
            n += sum(1 for v in row if v != 255)
        counts.append('%s %d' % (ink.lower(), n))
    print(' '.join(counts))


main()
