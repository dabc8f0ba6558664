set -e
# the proof is written, with the English words standing in
pdftotext out/kit/guide.proof.pdf - | grep -q 'Translation proof'
