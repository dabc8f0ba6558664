# PO and XLIFF of the sample kit: valid for gettext and translate-toolkit,
# imported unchanged they change no byte of the YAML; one text changed
# through PO changes one line, and the build shows it.
set -eu
xmllint --noout en.xlf
mkdir -p decks
cp -r "$DECKPRESS_ROOT/decks/social-kapital" decks/
rm -f decks/social-kapital/translations.lock
kit=decks/social-kapital
"$DECKPRESS" translate export $kit --lang en --out en.po 2>/dev/null
"$DECKPRESS" translate export $kit --lang en --format xliff --out sk.xlf 2>/dev/null
msgfmt --check -o /dev/null en.po 2>/dev/null
xmllint --noout sk.xlf
xliff2po --progress=none sk.xlf sk.po >/dev/null
msgfmt --check -o /dev/null sk.po 2>/dev/null
"$DECKPRESS" translate import en.po 2>/dev/null
"$DECKPRESS" translate import sk.xlf 2>/dev/null
diff -r -x translations.lock "$DECKPRESS_ROOT/$kit" $kit
test -s $kit/translations.lock
sed 's/^msgstr "Describe a time a colleague did something that made you trust them more."$/msgstr "Tell of a time a colleague won your trust."/' en.po >en2.po
if cmp -s en.po en2.po; then exit 1; fi
"$DECKPRESS" translate import en2.po 2>/dev/null
test "$(diff "$DECKPRESS_ROOT/$kit/kapitalkort.yaml" $kit/kapitalkort.yaml | grep -c '^[<>]')" = 2
diff "$DECKPRESS_ROOT/$kit/kapitalkort.yaml" $kit/kapitalkort.yaml | grep -q '^>       en: Tell of a time a colleague won your trust.$'
"$DECKPRESS" build $kit/kapitalkort.yaml --lang en --format proof --out out2 2>/dev/null
pdftotext out2/social-kapital/kapitalkort.proof.pdf - | grep -q 'Tell of a time a colleague won your trust'
# the kit's own texts travel too: a glossary term through PO changes one
# line of kit.yaml
sed 's/^msgstr "core task"$/msgstr "core mission"/' en2.po >en3.po
if cmp -s en2.po en3.po; then exit 1; fi
"$DECKPRESS" translate import en3.po 2>/dev/null
test "$(diff "$DECKPRESS_ROOT/$kit/kit.yaml" $kit/kit.yaml | grep -c '^[<>]')" = 2
diff "$DECKPRESS_ROOT/$kit/kit.yaml" $kit/kit.yaml | grep -qxF '>   - {da: kerneopgave, en: core mission}'
