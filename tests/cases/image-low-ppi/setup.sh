# a 40 x 20 px icon placed in 20 x 10 mm (51 ppi: an error) for one
# category, 200 x 100 px (254 ppi: a warning) for the other, written
# without any image tool
mkdir -p kit/icons
python3 - <<'PY'
import struct, zlib
def png(path, w, h):
    rows = b''.join(b'\x00' + bytes([200, 60, 40]) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)
png('kit/icons/small.png', 40, 20)
png('kit/icons/medium.png', 200, 100)
PY
