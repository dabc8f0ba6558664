# A build with another profile removes what the earlier build made and
# this one no longer makes (the split files, their PDF/X), keeps what it
# did not make, and lists what is there now in the manifest.
set -e
test -f out/kit/mini.da.print.pdf
test ! -e out/kit/mini.da.fronts.print.pdf
test ! -e out/kit/mini.da.backs.print.pdf
test ! -e out/kit/mini.da.fronts.pdfx.pdf
test ! -e out/kit/mini.da.backs.pdfx.pdf
test -f out/kit/mini.da.notes.pdf
grep -q "mini.da.print.pdf" out/kit/.deckpress-manifest
if grep -q "fronts" out/kit/.deckpress-manifest; then exit 1; fi
