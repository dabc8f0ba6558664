set -e
# the body text is drawn in the brand's red, not the template's black default
qpdf --qdf --object-streams=disable out/kit/mini.da.print.pdf - | grep -a -q "^1 0 0 rg"
