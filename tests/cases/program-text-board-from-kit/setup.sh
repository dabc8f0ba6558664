# a board alone, in a language deckpress has no pieces or tiles texts for
rm kit/deck.yaml
