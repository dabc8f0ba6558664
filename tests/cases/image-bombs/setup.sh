# A 23000 x 23000 PNG (a header and a few KB of data) and an SVG whose
# nested <use> references expand to 10^9 paths, both small files.
mkdir -p kit/icons
python3 - <<'PY'
import struct, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 23000, 23000, 8, 0, 0, 0, 0)
data = zlib.compress(b"\0" * 23001 * 64)
with open("kit/icons/huge.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
s = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
     'width="10" height="10"><defs><path id="l0" d="M0 0h1v1z"/>']
for i in range(1, 10):
    s.append('<g id="l%d">' % i + '<use xlink:href="#l%d"/>' % (i - 1) * 10 + "</g>")
s.append('</defs><use xlink:href="#l9"/></svg>')
with open("kit/icons/bomb.svg", "w") as f:
    f.write("".join(s))
PY
