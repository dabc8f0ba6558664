set -e
f=out/social-kapital/vejen.en.pieces.pdf
test "$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')" -eq 3
t=$(pdftotext "$f" - 2>/dev/null)
grep -q '× 20' <<<"$t"
grep -q '× 4' <<<"$t"
