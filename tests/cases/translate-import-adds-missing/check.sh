# the missing text is added to its map, the empty one filled; nothing else changes
set -eu
grep -qxF '    text: {da: Hvem stoler du på?, en: Who do you trust?}' kit/deck.yaml
grep -qxF '    text: {da: Hvornår stolede du sidst på en kollega?, en: "When did you last trust a colleague?"}' kit/deck.yaml
test "$(wc -l <kit/deck.yaml)" = 28
# the fuzzy one is written but left to review: made from no known source,
# so check calls it outdated
grep -q 'card T02 text' kit/translations.lock
grep -q "$(printf 'card T03 text\t0000000000000000\t')" kit/translations.lock
"$DECKPRESS" check kit 2>check.err || true # T04 has no English
grep -q "warning: the 'en' translation of 'text' of card T03 is outdated" check.err
if grep -q "card T02 is outdated" check.err; then exit 1; fi
