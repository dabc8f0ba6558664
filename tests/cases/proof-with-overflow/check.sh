set -e
# the proof is written although a text does not fit: that is what it is for
pdftotext out/kit/mini.proof.pdf proof.txt
grep -q "DOES NOT FIT at 8 pt: 5.7 mm too tall" proof.txt
grep -q "Hvad giver tillid?" proof.txt
grep -q "set at 12 pt" proof.txt
# and nothing else is written
test "$(ls out/kit)" = mini.proof.pdf
