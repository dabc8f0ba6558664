# A Ghostscript that hangs is killed at the time limit (lowered here with
# DECKPRESS_GS_TIMEOUT): exit 3, a message naming the file and the limit,
# the PDF/X of the first build left as it was, no temporary file left.
# DECKPRESS_PDFX_GS=1: the kit's vector pages would not need Ghostscript.
set -e
cp out/kit/mini.da.pdfx.pdf good.pdf
mkdir -p fake tmp
printf '#!/bin/sh\nexec sleep 30\n' >fake/gs
chmod +x fake/gs
code=0
PATH="$PWD/fake:$PATH" TMPDIR="$PWD/tmp" DECKPRESS_GS_TIMEOUT=1 DECKPRESS_PDFX_GS=1 \
	"$DECKPRESS" build --format pdfx kit --lang da 2>stderr || code=$?
test $code = 3
diff -u - stderr <<'X'
out/kit/mini.da.pdfx.pdf: error: cannot make PDF/X: Ghostscript took longer than 1 s (DECKPRESS_GS_TIMEOUT) and was stopped
X
cmp good.pdf out/kit/mini.da.pdfx.pdf
test -z "$(ls -A tmp)"
test -z "$(find out -name '.*tmp*')"
