set -e
"$DECKPRESS" check decks/enkelt
"$DECKPRESS" build decks/enkelt --format print
test -s out/enkelt/dialogkort.da.print.pdf
test ! -e out/enkelt/dialogkort.en.print.pdf
# only the one language is left in the texts, and the files validate
if grep -rq '\ben: ' decks/enkelt; then exit 1; fi
grep -qxF '    label: {da: "Dilemma"}' decks/enkelt/dialogkort.yaml
mkdir -p sroot/decks
for d in schema generator templates tests; do ln -s "$DECKPRESS_ROOT/$d" "sroot/$d"; done
cp -r decks/enkelt sroot/decks/
python3 "$DECKPRESS_ROOT/tests/schema/check_schema.py" sroot > schema.log || { cat schema.log; exit 1; }
