# The sample kit with one card's category misspelt: the board and the
# documents that name the deck report nothing more of it.
cp -r "$DECKPRESS_ROOT/decks/social-kapital" .
sed -i '0,/^    category: tillid$/s//    category: tilid/' social-kapital/kapitalkort.yaml
