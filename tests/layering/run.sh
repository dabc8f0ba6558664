#!/usr/bin/env bash
# The layering test: generator/'s includes against docs/design.md's table,
# after checking that the checker catches a forbidden include (fixture/).
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(python3 "$here/check.py" "$here/fixture")
expected='generator/util/bad.c:2: util/ may not include "model/ok.h"
generator/util/bad.c:3: util/ may not include <pango/pango.h>'
if [ "$out" != "$expected" ]; then
	echo "layering: the checker missed the fixture's forbidden includes:"
	echo "$out"
	exit 1
fi
python3 "$here/check.py" "$here/../.."
