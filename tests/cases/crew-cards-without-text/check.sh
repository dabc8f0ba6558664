set -e
# every card's front and back drawn, by the crew (its helper's files adopted)
test "$(find out/kit/png/art.da -name '*.png' | wc -l)" = 40
test -z "$(find out/kit -name '.deckpress-crew*')"
