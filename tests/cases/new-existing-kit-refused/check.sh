set -e
(cd decks/kit && find . -type f | sort | xargs md5sum) | diff - ../before.txt
test -z "$(ls -A decks | grep -v "^kit$")"
