set -e
# an error: nothing of the kit is written
test ! -e out/kit
