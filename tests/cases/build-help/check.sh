grep -q "^usage: deckpress build" .stdout
