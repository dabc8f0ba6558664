set -e
# one A4 catalogue per language, and nothing else
test "$(ls out/kit)" = "$(printf 'kit.da.catalogue.pdf\nkit.en.catalogue.pdf')"
pdfinfo out/kit/kit.en.catalogue.pdf | grep -q "Page size: *595.276 x 841.89 pts (A4)"
pdfinfo out/kit/kit.en.catalogue.pdf | grep -q "Title: *Test kit"
text=$(pdftotext -layout out/kit/kit.en.catalogue.pdf -)
# the cover with the contents: each tool and its page
echo "$text" | grep -q "Catalogue of the tools"
echo "$text" | grep -Eq "Mini +2"
echo "$text" | grep -Eq "Guide +2"
# the deck under its theme with its facts; the guide, which says nothing
# about itself (a warning), under "Other tools" with its title only
echo "$text" | grep -q "Dialogue"
echo "$text" | grep -q "To talk about trust"
echo "$text" | grep -q "30 min"
echo "$text" | grep -q "3-6 people"
echo "$text" | grep -q "Introduction"
echo "$text" | grep -q "A timer"
echo "$text" | grep -q "Other tools"
# bookmarks: the contents, the themes, the tools under them
qpdf --json --json-key=outlines out/kit/kit.en.catalogue.pdf > outlines.json
python3 - <<'PY'
import json
o = json.load(open("outlines.json"))["outlines"]
titles = [(x["title"], [k["title"] for k in x["kids"]]) for x in o]
assert titles == [("Contents", []), ("Dialogue", ["Mini"]), ("Other tools", ["Guide"])], titles
PY
# the cards the guide lists, each a link to its picture in the deck's section
echo "$text" | grep -q "The cards it uses: T01"
qpdf --qdf --object-streams=disable out/kit/kit.en.catalogue.pdf qdf.pdf
test "$(grep -ac '/Dest (card/mini/T01)' qdf.pdf)" -ge 1
# the guide's first page is drawn in the catalogue, the deck's cards too
pdftotext out/kit/kit.da.catalogue.pdf - | grep -q "Sådan bruger I kortene"
pdftotext out/kit/kit.da.catalogue.pdf - | grep -q "Hvad giver tillid?"
