set -e
# a consultant inside the kit folder: '.' and a bare file name are the kit
cd kit
"$DECKPRESS" check . 2>err.txt
test ! -s err.txt
"$DECKPRESS" build deck.yaml --format print --out ../out2 2>err.txt
test ! -s err.txt
ls ../out2/kit/*.print.pdf >/dev/null
