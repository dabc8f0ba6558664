# Files outside the kit that its paths try to reach, links that lead out,
# and one link that stays inside (allowed).
mkdir -p kit/icons
cp "$DECKPRESS_ROOT/decks/social-kapital/icons/diamond.svg" outside.svg
cp outside.svg kit/icons/inside.svg
ln -s "$PWD/outside.svg" kit/icons/link-out.svg
ln -s /nonexistent/secret.svg kit/icons/dangling.svg
ln -s inside.svg kit/icons/link-in.svg
