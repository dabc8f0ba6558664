set -e
# the site is written, with the English words standing in, and the print
# PDF and the preview it shows
test -s out/kit/web/index.html
grep -q 'lang="pt"' out/kit/web/index.html
grep -q 'Open the PDF' out/kit/web/index.html
test -s out/kit/web/pdf/guide.pt.pdf
test -s out/kit/web/img/guide.pt/001.png
test -s out/kit/guide.pt.print.pdf
test -z "$(ls -A out/kit | grep '^\.web\.tmp-')"
