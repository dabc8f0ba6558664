set -e
"$DECKPRESS" check decks/enkelt
"$DECKPRESS" build decks/enkelt --format print
test -s out/enkelt/dialogkort.da.print.pdf
test ! -e out/enkelt/dialogkort.en.print.pdf
