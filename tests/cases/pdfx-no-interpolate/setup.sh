# two 600 x 300 px icons placed in 20 x 10 mm (762 ppi), written without
# any image tool; cairo marks them /Interpolate true
mkdir -p kit/icons
python3 - <<'PY'
import struct, zlib
def png(path, w, h):
    rows = b''.join(b'\x00' + bytes([200, 60, 40]) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)
png('kit/icons/small.png', 600, 300)
png('kit/icons/medium.png', 600, 300)
PY
