set -e
# warned once per language and text; English stands in, so the board still prints
pdftotext out/kit/*.pt.pieces.pdf - | grep -q 'Cut along the solid lines'
pdftotext out/kit/*.pt.tiles.pdf - | grep -q 'Assembly'
