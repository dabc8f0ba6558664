set -e
# a language deckpress has no texts for: the catalogue is made, its
# program texts and page numbers in English (with the warning)
pdftotext out/kit/kit.pt-BR.catalogue.pdf - | grep -q "Page 1 of"
