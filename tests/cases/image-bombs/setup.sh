# A 23000 x 23000 PNG (a header and a few KB of data), an SVG whose nested
# <use> references expand to 10^9 paths and an SVG that embeds the PNG,
# all small files.
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
import base64
with open("kit/icons/huge.png", "rb") as f:
    png = base64.b64encode(f.read()).decode()
with open("kit/icons/embeds.svg", "w") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            '<image width="10" height="10" href="data:image/png;base64,%s"/></svg>' % png)
PY
