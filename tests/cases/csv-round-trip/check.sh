# Export, then import, is lossless: the sample deck's cards exported to CSV
# and read back by a copy of the deck whose cards: is {csv: ...} make the
# same previews byte for byte, and exporting that copy gives the same CSV.
set -eu
cp a/social-kapital/kapitalkort.csv b/social-kapital/
python3 - b/social-kapital/kapitalkort.yaml <<'PY'
import sys
path = sys.argv[1]
out, skip = [], False
for line in open(path, encoding="utf-8").read().split("\n"):
    if line.startswith(("cards:", "special:")):
        skip = True
        continue
    if skip and line and not line[0].isspace() and not line.startswith("#"):
        skip = False
    if not skip:
        out.append(line)
out.append("cards: {csv: kapitalkort.csv}")
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
if grep -q "^  - id: T01" b/social-kapital/kapitalkort.yaml; then exit 1; fi
"$DECKPRESS" export-csv b/social-kapital/kapitalkort.yaml -o again.csv
cmp a/social-kapital/kapitalkort.csv again.csv
for k in a b; do
	"$DECKPRESS" build --format png --dpi 72 --out "out-$k" "$k/social-kapital/kapitalkort.yaml"
done
test "$(ls out-a/social-kapital/png/kapitalkort.da | wc -l)" -eq 86
diff -r out-a/social-kapital/png out-b/social-kapital/png
