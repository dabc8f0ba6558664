set -eu
# the cards are rows of a CSV file: each translation goes into its cell,
# quoted as the CSV writer quotes (the comma, the quotes doubled), the
# empty one filled; the deck's YAML and every other byte stay
test "$(sed -n 2p kit/cards.csv)" = 'T01,tillid,question,Hvad giver tillid?,"What builds trust, ""really""?"'
test "$(sed -n 3p kit/cards.csv)" = 'T02,tillid,question,Hvem stoler du på?,Who do you trust?'
test "$(wc -l <kit/cards.csv)" = 3
if grep -q "trust" kit/deck.yaml; then exit 1; fi
"$DECKPRESS" check kit
