set -e
# a name with ':', '"' and '#' is quoted where it is a YAML value and stays
# whole in the comment; the kit checks clean, builds, and names its author
grep -qxF 'author: "Acme: \"A/S\" #1"' decks/acme/kit.yaml
grep -qxF 'name: "Acme: \"A/S\" #1"' decks/acme/brand.yaml
grep -qxF '# acme: a kit for Acme: "A/S" #1, started with `deckpress new`.' decks/acme/kit.yaml
grep -q '<title>A: ' decks/acme/logo.svg
"$DECKPRESS" check decks/acme
"$DECKPRESS" build decks/acme --format print
pdfinfo out/acme/dialogkort.da.print.pdf | grep -q 'Author: *Acme: "A/S" #1$'
mkdir -p sroot/decks
for d in schema generator templates tests; do ln -s "$DECKPRESS_ROOT/$d" "sroot/$d"; done
cp -r decks/acme sroot/decks/
python3 "$DECKPRESS_ROOT/tests/schema/check_schema.py" sroot > schema.log || { cat schema.log; exit 1; }
