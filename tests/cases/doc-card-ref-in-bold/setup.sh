# The sample kit's workshop script with a card reference set in bold: the
# reference is bold already, and '**' around it printed as two asterisks.
cp -r "$DECKPRESS_ROOT/decks/social-kapital" .
sed -i 's/(fx {card:T01} og {card:S01})/(fx **{card:T01}** og *mest {card:S01} af alt*)/' social-kapital/workshop.yaml
grep -q '\*\*{card:T01}\*\*' social-kapital/workshop.yaml
