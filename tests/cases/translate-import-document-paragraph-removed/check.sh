set -eu
# refused whole: no translation written, the YAML still reads (check finds
# the three paragraphs untranslated, nothing else)
if grep -q "en: " <(sed -n '/blocks:/,$p' kit/script.yaml); then exit 1; fi
test "$("$DECKPRESS" check kit 2>&1 | grep -c "has no 'en' translation")" = 3
