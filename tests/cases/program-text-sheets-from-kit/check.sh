set -e
# the kit's i18n/pt.yaml gives the sheets their note and the alignment test
pdftotext out/kit/mini.pt.sheets.pdf sheets.txt
grep -q 'Imprima a 100 % (tamanho real)' sheets.txt
grep -q "Teste de alinhamento, virando pela borda" sheets.txt
grep -q 'Teste de alinhamento, verso' sheets.txt
