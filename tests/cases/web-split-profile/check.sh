set -e
# a profile that puts fronts and backs in two files: the site offers both
test -s out/kit/web/pdf/mini.da.fronts.pdf
test -s out/kit/web/pdf/mini.en.backs.pdf
test ! -e out/kit/web/pdf/mini.da.pdf
grep -q 'href="pdf/mini.da.fronts.pdf">Forsiderne (PDF)</a>' out/kit/web/index.html
grep -q 'href="pdf/mini.en.backs.pdf">The backs (PDF)</a>' out/kit/web/index.en.html
if grep -q 'href="pdf/mini.da.pdf"' out/kit/web/index.html; then exit 1; fi
