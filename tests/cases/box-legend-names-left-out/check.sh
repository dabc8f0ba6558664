set -e
# the box is made all the same, the colours without their names
test -s out/kit/mini.da.box.pdf
! pdftotext out/kit/mini.da.box.pdf - | grep -q Tillidtillid
