set -e
# the kit's font draws the Hebrew: the script check looked at it too
pdffonts out/kit/mini.he.print.pdf | grep -q "NotoSansHebrew-Regular .*yes"
