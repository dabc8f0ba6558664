# an earlier build with fronts and backs in two files and a PDF/X, and a
# file of the user's own in the kit's output folder
"$DECKPRESS" build kit --lang da --format print,pdfx --profile eu-marks >/dev/null 2>&1
test -f out/kit/mini.da.fronts.pdfx.pdf
echo "notes" >out/kit/mini.da.notes.pdf
