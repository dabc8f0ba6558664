set -e
# one image, placed keeping its 2:1 aspect ratio in the 20 x 10 mm box
pdfimages -list out/kit/mini.da.print.pdf | tail -n +3 > images.txt
test "$(wc -l < images.txt)" = 1
awk '{ if ($4 != 400 || $5 != 200) exit 1 }' images.txt
