set -e
test ! -e out
