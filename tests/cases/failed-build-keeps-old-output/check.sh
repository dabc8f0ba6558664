set -e
test "$(cat out/kit/mini.da.print.pdf)" = GOOD
test -z "$(find out -name '.*tmp*')"
test ! -e out/kit/mini.en.print.pdf
