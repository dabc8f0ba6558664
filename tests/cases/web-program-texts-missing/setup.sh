# a kit in a language deckpress has no program texts for
rm kit/deck.yaml
