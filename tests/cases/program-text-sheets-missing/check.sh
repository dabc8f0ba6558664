set -e
# the sheets are written, with the English note and alignment test
pdftotext out/kit/mini.pt.sheets.pdf - | tr -s ' \n' '  ' | grep -q 'Print at 100 % (actual size)'
pdftotext out/kit/mini.pt.sheets.pdf - | grep -q 'Alignment test'
