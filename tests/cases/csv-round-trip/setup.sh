# two copies of the sample kit: a keeps its YAML cards, b gets them from CSV
mkdir -p a b
cp -r "$DECKPRESS_ROOT/decks/social-kapital" a/
cp -r "$DECKPRESS_ROOT/decks/social-kapital" b/
