set -e
# after an edit of deck mini, deck other's print spec holds the same bytes:
# it is left as it was (its time too), not written again
touch -d 2001-01-01 out/kit/other.print-spec.txt out/kit/other.print-spec.json
sed -i 's/What builds trust?/What builds trust here?/' kit/deck.yaml
"$DECKPRESS" build kit --format print 2>/dev/null
test "$(stat -c %Y out/kit/other.print-spec.txt)" = "$(date -d 2001-01-01 +%s)"
test "$(stat -c %Y out/kit/other.print-spec.json)" = "$(date -d 2001-01-01 +%s)"
