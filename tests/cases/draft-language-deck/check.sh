# a draft language gets its proof and previews, never a print PDF
test -f out/kit/mini.proof.pdf && test -d out/kit/png/mini.en && ! test -e out/kit/mini.en.print.pdf || exit 1
# the missing text is marked in the proof
pdftotext out/kit/mini.proof.pdf - | grep -q '\[missing\]'
