set -e
# the proof is written although a text does not fit: that is what it is for;
# its own words are in the deck's source language (da)
pdftotext out/kit/mini.proof.pdf proof.txt
grep -q "PASSER IKKE i 8 pt: 5.7 mm for højt" proof.txt
grep -q "Hvad giver tillid?" proof.txt
grep -q "sat i 12 pt" proof.txt
grep -q "Oversættelseskorrektur: Mini (mini)" proof.txt
# and nothing else is written
test "$(ls out/kit)" = mini.proof.pdf
