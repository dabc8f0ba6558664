printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRtruncated' > kit/icons/broken.png
# a valid header over data that is not zlib
python3 - <<'PY'
import struct, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0)
with open("kit/icons/garbled.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"not zlib at all") + chunk(b"IEND", b""))
PY
