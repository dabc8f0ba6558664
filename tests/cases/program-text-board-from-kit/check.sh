set -e
# the kit's own i18n/pt.yaml gives the pieces sheet and the tiles their words
pdftotext out/kit/jogo.pt.pieces.pdf pieces.txt
grep -q 'Corte pelas linhas contínuas' pieces.txt
grep -q 'Dobre pelas linhas tracejadas' pieces.txt
pdftotext out/kit/jogo.pt.tiles.pdf tiles.txt
grep -q 'Montagem: Jogo' tiles.txt
grep -q '4 folhas A4 (2 × 2) dão o tabuleiro de 420 × 297 mm' tiles.txt
grep -q 'corte aqui · sobre A1' tiles.txt
grep -q 'cola · A2 vai aqui' tiles.txt
grep -q 'Jogo · imprima a 100 %' tiles.txt
