set -eu
# each translation is written beside the paragraph it was made for, the
# repeated one in the order of the file; the new paragraph stays untranslated
grep -q "text: {da: Et nyt afsnit først.}" kit/script.yaml
test "$(grep -c "en: " kit/script.yaml)" = 5
grep -q "text: {da: Velkommen til workshoppen., en: Welcome to the workshop.}" kit/script.yaml
test "$(grep -n "We talk about trust.}" kit/script.yaml | cut -d: -f1)" -lt \
	"$(grep -n "We talk about trust, again" kit/script.yaml | cut -d: -f1)"
grep -q "text: {da: Tak for i dag., en: Thank you for today.}" kit/script.yaml
"$DECKPRESS" translate export kit --lang en --out again.po
grep -A2 'msgctxt "script.yaml script text#4"' again.po | grep -q 'msgstr "We talk about trust, again."'
