set -e
# a board and a document with the same id would write the same
# out/kit/intro.<lang>.print.pdf: nothing is written
test ! -e out/kit/intro.da.print.pdf
test ! -e out/kit/intro.en.print.pdf
