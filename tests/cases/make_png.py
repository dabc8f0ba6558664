"""make_png.py PATH W H [PATH W H ...]: solid red-orange RGB PNGs of W x H
pixels, written without any image tool, for the cases' setup.sh (which run
with $DECKPRESS_ROOT set)."""
import struct
import sys
import zlib


def chunk(kind, data):
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(path, w, h):
    rows = b"".join(b"\x00" + bytes([200, 60, 40]) * w for _ in range(h))
    head = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows))
                + chunk(b"IEND", b""))


args = sys.argv[1:]
for i in range(0, len(args), 3):
    png(args[i], int(args[i + 1]), int(args[i + 2]))
