set -e
# the one special card's back names it ("Mini Cards how-to"): a back of
# its own, not the deck's, so the box's front shows the deck's title
t=$(pdftotext out/kit/mini.en.box.pdf - 2>/dev/null)
if grep -q how-to <<<"$t"; then exit 1; fi
grep -q Mini <<<"$t"
