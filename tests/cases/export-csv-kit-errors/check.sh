# nothing is written when the kit has errors
test ! -e kit/cards.csv
