set -e
# a deck whose file is gone leaves no translation proof behind either: the
# manifest lists proofs too
test -e out/kit/other.proof.pdf
grep -q 'other.proof.pdf' out/kit/.deckpress-manifest
rm kit/other.yaml
"$DECKPRESS" build kit --format proof 2>/dev/null
if [ -e out/kit/other.proof.pdf ]; then
	echo "left: other.proof.pdf"
	exit 1
fi
test -e out/kit/mini.proof.pdf
