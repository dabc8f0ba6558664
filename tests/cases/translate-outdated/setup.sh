# the translations are confirmed, then the Danish text of T01 changes
"$DECKPRESS" translate confirm kit 2>/dev/null
sed -i 's/text: {da: Hvad giver tillid?/text: {da: Hvad skaber tillid?/' kit/deck.yaml
