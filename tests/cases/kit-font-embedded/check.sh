set -e
# the kit's own font is embedded, and no bundled one is used in its place
fonts=$(pdffonts out/kit/mini.da.print.pdf)
echo "$fonts" | grep -q "NotoSerif-Regular .*yes"
if echo "$fonts" | grep -q "Lato\|NotoSans"; then exit 1; fi
