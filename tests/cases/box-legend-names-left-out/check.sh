set -e
# the box is made all the same, the colours without their names
test -s out/kit/mini.da.box.pdf
if pdftotext out/kit/mini.da.box.pdf - | grep -q Tillidtillid; then exit 1; fi
