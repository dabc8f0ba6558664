set -e
pdftotext out/kit/mini.en.print.pdf - | tr '\n' ' ' | grep -q 'Salt & pepper <b>not bold</b>, 5 \* 3 > 2, bold and italic'
