set -e
# nothing is written without the sheets' words
test ! -e out/kit/mini.pt.sheets.pdf
