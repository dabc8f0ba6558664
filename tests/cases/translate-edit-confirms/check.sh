# the edit was recorded: a second change of the source warns again
set -eu
sed -i 's/text: {da: Hvad skaber tillid?/text: {da: Hvad skaber mest tillid?/' kit/deck.yaml
"$DECKPRESS" check kit 2>check.err || true
grep -q "warning: the 'en' translation of 'text' of card T01 is outdated" check.err
