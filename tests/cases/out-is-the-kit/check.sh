set -e
# nothing written among the sources
test "$(ls kit)" = "$(printf 'deck.yaml\nkit.yaml\ntemplates')"
