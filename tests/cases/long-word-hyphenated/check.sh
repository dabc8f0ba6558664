set -e
# the dictionary breaks the long compound, so it fits: lines end in a soft hyphen (U+00AD)
test "$(pdftotext out/kit/mini.da.print.pdf - | grep -c "$(printf '\302\255')$")" -ge 2
