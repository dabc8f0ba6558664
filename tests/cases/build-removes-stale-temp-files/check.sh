set -e
test -s out/kit/mini.da.print.pdf
test -s out/kit/png/mini.da/001-T01-front.png
# the next build removed exactly the temporary files of the kit it wrote
test -z "$(find out/kit -name '.*.tmp-??????')"
test "$(cat out/kit/.notes.tmp-short)" = notes
test "$(cat out/kit/notes.tmp-Ab12Cd)" = mine
test "$(cat out/other/.x.print.pdf.tmp-Ab12Cd)" = "other kit"
