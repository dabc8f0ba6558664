set -e
# PDF/X-3 wants /Interpolate false or absent: the print PDF's images have
# it (cairo's), the PDF/X's have not, and the PDF/X still holds the images
qpdf --qdf --object-streams=disable out/kit/mini.da.print.pdf print.qdf
qpdf --qdf --object-streams=disable out/kit/mini.da.pdfx.pdf pdfx.qdf
grep -a -q '/Interpolate true' print.qdf
if grep -a -q '/Interpolate' pdfx.qdf; then exit 1; fi
test "$(pdfimages -list out/kit/mini.da.pdfx.pdf | grep -c ' image ')" -ge 2
# the spec says what preflight measured
grep -q '^Images: *2 raster placed, the lowest at 762 ppi effective$' out/kit/mini.print-spec.txt
