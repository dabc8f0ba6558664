set -eu
# a second check still finds it: the record moved with its paragraph
"$DECKPRESS" check kit 2>&1 | grep -q "kit/script.yaml:12:57: warning: the 'en' translation of 'text' of script is outdated"
test "$("$DECKPRESS" check kit 2>&1 | grep -c outdated)" = 1
