test ! -e decks
