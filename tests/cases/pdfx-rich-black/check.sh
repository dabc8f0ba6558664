set -e
# the ink of one pixel of page 1 of the PDF/X at 36 dpi (69 x 94 mm: 98 x 133
# pixels), as "C M Y K" in percent
ink() {
	gs -q -dSAFER -dBATCH -dNOPAUSE -r36 -sDEVICE=bitcmyk -dGrayValues=256 \
		-dFirstPage=1 -dLastPage=1 -o page.raw out/kit/mini.da.pdfx.pdf
	od -An -v -tu1 -w4 -j $((4 * ($2 * 98 + $1))) -N 4 page.raw |
		awk '{printf "%d %d %d %d", $1 / 2.55 + 0.5, $2 / 2.55 + 0.5, $3 / 2.55 + 0.5, $4 / 2.55 + 0.5}'
}
# the band (x 49, y 20: 35 x 14 mm) is the profile's rich black
test "$(ink 49 20)" = "40 30 30 100"
# the small square (x 12, y 111: 8.5 x 78 mm) stays K only
test "$(ink 12 111)" = "0 0 0 100"
# the spec says so
grep -q 'in the PDF/X black areas at least 10 mm wide and high as rich black C40 M30 Y30 K100' out/kit/mini.print-spec.txt
