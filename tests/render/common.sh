# Sourced by the render checks, first thing: $1 is the deckpress binary.
# Sets bin, here (tests/render), root (the project, also DECKPRESS_ROOT), a
# fixed SOURCE_DATE_EPOCH, a temporary folder tmp removed on exit, and fail
# and ok, which print a line each and count failures in fails.
set -u
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export DECKPRESS_ROOT="$root"
export SOURCE_DATE_EPOCH=1700000000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
