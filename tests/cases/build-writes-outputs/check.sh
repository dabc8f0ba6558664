set -e
test -s out/kit/mini.da.print.pdf
test -s out/kit/mini.en.print.pdf
test -s out/kit/png/mini.da/001-T01-front.png
test -s out/kit/png/mini.en/001-T01-back.png
test -z "$(find out -name '.*tmp*')"
