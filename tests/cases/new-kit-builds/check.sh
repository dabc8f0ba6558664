set -e
# the new kit checks clean and builds right away, and nothing else was touched
"$DECKPRESS" check decks/acme
"$DECKPRESS" build decks/acme --format print
test -s out/acme/dialogkort.da.print.pdf
test -s out/acme/dialogkort.en.print.pdf
test -s out/acme/drejebog.da.print.pdf
test -s out/acme/drejebog.en.print.pdf
test -s out/acme/spillebraet.da.print.pdf
test -s out/acme/spillebraet.en.pieces.pdf
pdfinfo out/acme/dialogkort.da.print.pdf | grep -q "Author: *Acme Sundhed A/S"
test -z "$(ls -A decks | grep -v '^acme$')"
