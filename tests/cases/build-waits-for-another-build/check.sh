set -e
test -s out/kit/mini.da.print.pdf
# the lock now names the build that took it after the wait
test "$(cat out/.deckpress.lock)" != 4242
