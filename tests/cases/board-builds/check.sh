set -e
for l in da en; do
	test -s out/kit/spil.$l.print.pdf
	test -s out/kit/spil.$l.pieces.pdf
	test -s out/kit/spil.$l.tiles.pdf
	test -s out/kit/png/spil.$l/board.png
	test -s out/kit/png/spil.$l/pieces-1.png
done
test -z "$(find out -name '.*tmp*')"
