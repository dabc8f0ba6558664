set -eu
# the cards are cells of a CSV file: the import refuses, and neither the
# deck's YAML nor the CSV changes
test "$(head -1 kit/deck.yaml)" = "kind: deck"
! grep -q "Who do you trust" kit/deck.yaml kit/cards.csv
