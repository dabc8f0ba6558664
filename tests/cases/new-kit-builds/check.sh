set -e
# the new kit checks clean and builds right away, and nothing else was touched
"$DECKPRESS" check decks/acme
# an ordinary folder, as mkdir makes it under the umask (not mkdtemp's 0700)
test "$(stat -c %a decks/acme)" = "$(printf '%o' $((0777 & ~$(umask))))"
# every starter tool says what it is (about:), so check warns about nothing
test -z "$("$DECKPRESS" check decks/acme 2>&1)"
for f in dialogkort drejebog spillebraet; do grep -q '^about:' "decks/acme/$f.yaml"; done
"$DECKPRESS" build decks/acme --format print
test -s out/acme/dialogkort.da.print.pdf
test -s out/acme/dialogkort.en.print.pdf
test -s out/acme/drejebog.da.print.pdf
test -s out/acme/drejebog.en.print.pdf
test -s out/acme/spillebraet.da.print.pdf
test -s out/acme/spillebraet.en.pieces.pdf
pdfinfo out/acme/dialogkort.da.print.pdf | grep -q "Author: *Acme Sundhed A/S"
test -z "$(ls -A decks | grep -v '^acme$')"
# every file names its schema on line 1 and validates against it
head -1 decks/acme/dialogkort.yaml | grep -q 'yaml-language-server: $schema=../../schema/deck.schema.json'
mkdir -p sroot/decks
for d in schema generator templates tests; do ln -s "$DECKPRESS_ROOT/$d" "sroot/$d"; done
cp -r decks/acme sroot/decks/
python3 "$DECKPRESS_ROOT/tests/schema/check_schema.py" sroot > schema.log || { cat schema.log; exit 1; }
