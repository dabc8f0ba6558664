set -e
pdftotext out/kit/guide.pt.print.pdf - | grep -q 'Página 1 de 1'
