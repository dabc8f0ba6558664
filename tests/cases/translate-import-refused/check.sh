# nothing is written: not even the good translation of the title
cmp kit/deck.yaml "$DECKPRESS_ROOT/tests/cases/_base/kit/deck.yaml" && ! test -e kit/translations.lock
