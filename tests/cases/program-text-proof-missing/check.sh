set -e
# no proof without its own words
test ! -e out/kit/guide.proof.pdf
