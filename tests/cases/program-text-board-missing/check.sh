set -e
# reported before anything is written, once per language and text
test ! -e out
