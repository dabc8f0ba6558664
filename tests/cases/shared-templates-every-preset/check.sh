# The sample quiz and role decks, on the shared quiz-card and role-card
# templates with their fields, check clean at every card preset the
# templates name (smaller sizes only warn that texts are set smaller).
set -eu
for size in poker bridge tarot a7 a6 square; do
	mkdir -p "$size"
	cp -r "$DECKPRESS_ROOT/decks/social-kapital" "$size/"
	k=$size/social-kapital
	sed -i "s/^size: poker .*/size: $size/" $k/quiz.yaml
	sed -i "s/^size: tarot .*/size: $size/" $k/roller.yaml
	grep -q "^size: $size\$" $k/quiz.yaml
	grep -q "^size: $size\$" $k/roller.yaml
	for deck in quiz roller; do
		"$DECKPRESS" check $k/$deck.yaml 2>err.txt || { cat err.txt; exit 1; }
		if grep -q ': error:' err.txt; then exit 1; fi
	done
done
