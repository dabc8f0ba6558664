# a 400 x 200 px opaque RGB PNG (508 ppi in its 20 x 10 mm box), written without any image tool
mkdir -p kit/icons
python3 - <<'PY'
import struct, zlib
w, h = 400, 200
rows = b''.join(b'\x00' + b''.join(bytes([200, 60 + x // 4, 40]) for x in range(w)) for _ in range(h))
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
open('kit/icons/photo.png', 'wb').write(png)
PY
