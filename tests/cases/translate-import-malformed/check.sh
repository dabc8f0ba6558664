# a malformed XLIFF is refused too; nothing is written
set -eu
if "$DECKPRESS" translate import en.xlf kit 2>xlf.err; then exit 1; fi
grep -qxF 'en.xlf:7:22: error: unknown entity; write &lt; &gt; &amp; &quot; or &apos;' xlf.err
cmp kit/deck.yaml "$DECKPRESS_ROOT/tests/cases/_base/kit/deck.yaml"
