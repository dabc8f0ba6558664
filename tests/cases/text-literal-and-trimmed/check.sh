set -e
# the stars between digits stay characters, and the blank lines around the
# text are gone: the text is the first thing on the page, on one line
pdftotext out/kit/mini.da.print.pdf - | grep -qx '2\*3\*4 og snake_case'
first=$(pdftotext out/kit/mini.en.print.pdf - | head -1)
[ "$first" = 'Is 2*3*4 in snake_case?' ]
