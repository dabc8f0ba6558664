# the missing text is added to its map, the empty one filled; nothing else changes
set -eu
grep -qxF '    text: {da: Hvem stoler du på?, en: Who do you trust?}' kit/deck.yaml
grep -qxF '    text: {da: Hvornår stolede du sidst på en kollega?, en: "When did you last trust a colleague?"}' kit/deck.yaml
test "$(wc -l <kit/deck.yaml)" = 28
# the fuzzy one is written but not confirmed
grep -q 'card T02 text' kit/translations.lock && ! grep -q 'card T03 text' kit/translations.lock
