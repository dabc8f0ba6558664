# confirmed, the warning goes
set -eu
"$DECKPRESS" translate confirm kit 2>confirm.err
grep -qx 'deckpress: 1 outdated translation confirmed; kit/translations.lock' confirm.err
"$DECKPRESS" check kit 2>check.err
test ! -s check.err
