set -e
# the texts follow the order of --lang; a text the starter marks "=" (same as
# the source) takes the Danish text in the source language, and da the "="
grep -qxF 'languages: [en, da]' decks/acme/kit.yaml
grep -qxF 'title: {en: "Dialogue cards", da: "Dialogkort"}' decks/acme/kit.yaml
grep -qxF '    label: {en: "Dilemma", da: "="}' decks/acme/dialogkort.yaml
grep -qxF '  start: {title: {en: "START", da: "="}}' decks/acme/spillebraet.yaml
# and the kit checks without a warning
"$DECKPRESS" check decks/acme 2>check.err
test ! -s check.err || { cat check.err; exit 1; }
