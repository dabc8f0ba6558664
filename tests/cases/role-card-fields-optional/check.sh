# both cards are drawn; only R2's back has a QR code, which reads back
set -eu
test -s out/kit/png/mini.en/001-R1-front.png
test -s out/kit/png/mini.en/002-R2-back.png
if command -v zbarimg >/dev/null; then
	zbarimg -q --raw out/kit/png/mini.en/002-R2-back.png 2>/dev/null | grep -qx 'https://example.org/r2'
	if zbarimg -q --raw out/kit/png/mini.en/001-R1-back.png 2>/dev/null; then exit 1; fi
fi
