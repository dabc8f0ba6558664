set -e
# run.sh cannot point DECKPRESS_ROOT elsewhere, so the command runs here:
# a starter kit with mistakes is reported with positions and leaves nothing,
# not even its temporary folder; a missing one is reported too
code=0
DECKPRESS_ROOT=root "$DECKPRESS" new acme --client Acme >out.txt 2>err.txt || code=$?
test $code = 3
test ! -s out.txt
diff -u - err.txt <<'END'
root/templates/starter/kit.yaml:4:8: error: malformed text; a starter text is written {da: "...", en: "..."} on one line
root/templates/starter/kit.yaml:5:11: error: malformed text; a starter text is written {da: "...", en: "..."} on one line
root/templates/starter/kit.yaml:7:9: error: unknown placeholder '@CLINET@'
END
test -z "$(ls -A decks)"
code=0
DECKPRESS_ROOT=empty "$DECKPRESS" new acme --client Acme >out.txt 2>err.txt || code=$?
test $code = 3
diff -u - err.txt <<'END'
empty/templates/starter: error: cannot read the starter kit: No such file or directory
END
test -z "$(ls -A decks)"
