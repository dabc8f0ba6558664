: > kit/deck.yaml
