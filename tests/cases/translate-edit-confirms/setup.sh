# confirmed; the Danish source of T01 changes and a check warns; then the
# translator edits the English: that confirms it
"$DECKPRESS" translate confirm kit 2>/dev/null
sed -i 's/text: {da: Hvad giver tillid?/text: {da: Hvad skaber tillid?/' kit/deck.yaml
"$DECKPRESS" check kit 2>/dev/null
sed -i 's/en: What builds trust?}/en: What creates trust?}/' kit/deck.yaml
