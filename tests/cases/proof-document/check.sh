set -e
# a document's proof: its texts side by side, from the YAML
pdftotext -layout out/kit/script.proof.pdf proof.txt
grep -q "Program *Agenda" proof.txt
grep -q "Arbejde *Work" proof.txt
test -s out/kit/mini.proof.pdf
