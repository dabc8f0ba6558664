set -e
test -s out/kit/mini.da.print.pdf
# the build took the lock after the wait and removed it as it ended
test ! -e out/.deckpress.lock
