set -e
# with --lang, the proof of a document shows that language's texts (it was
# empty when only some of the kit's languages were asked for)
pdftotext -layout out/kit/script.proof.pdf proof.txt
grep -q "Agenda" proof.txt
grep -q "Work" proof.txt
if grep -q "Arbejde" proof.txt; then exit 1; fi
