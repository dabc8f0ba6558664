set -e
for l in da en; do
	test -s out/kit/script.$l.print.pdf
	test "$(pdfinfo out/kit/script.$l.print.pdf | awk '/^Pages:/ {print $2}')" = 2
	test -s out/kit/png/script.$l/001.png
	test -s out/kit/png/script.$l/002.png
	test ! -e out/kit/png/script.$l/003.png
	test ! -e out/kit/png/script.$l/004.png
done
pdftotext out/kit/script.da.print.pdf - | grep -q '9:00–9:10'
pdftotext out/kit/script.da.print.pdf - | grep -q 'Side 2 af 2'
pdftotext out/kit/script.en.print.pdf - | grep -q 'Page 1 of 2'
test -z "$(find out -name '.*tmp*')"
