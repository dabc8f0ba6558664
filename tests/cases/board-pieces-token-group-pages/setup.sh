# The sample board's trust tokens as 24 discs of 40 mm: more than an A4 page
# holds (20); the group goes on over the next page, a caption on each.
cp -r "$DECKPRESS_ROOT/decks/social-kapital" .
sed -i 's/    - {shape: diamond, category: tillid, count: 6, size: 22mm}/    - {shape: circle, category: tillid, count: 24, size: 40mm}/' social-kapital/vejen.yaml
grep -q 'count: 24, size: 40mm' social-kapital/vejen.yaml
