mkdir -p decks && cp -r kit decks/kit && (cd decks/kit && find . -type f | sort | xargs md5sum) > ../before.txt
