set -e
test -s out/kit/web/index.html
test -s out/kit/web/mini.da.html
test -s out/kit/web/img/mini.en/001-T01-back.png
test -z "$(ls -A out/kit | grep '^\.web\.tmp-')"
