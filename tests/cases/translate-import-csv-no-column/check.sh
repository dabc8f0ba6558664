set -eu
# a CSV file without the language's column: nothing written anywhere
test "$(head -1 kit/deck.yaml)" = "kind: deck"
if grep -q "What builds" kit/deck.yaml kit/cards.csv; then exit 1; fi
