# the translations are confirmed; then a paragraph is added at the top
# (every later paragraph's number moves) and the Danish of the second one
# changes: that translation, and only that, is outdated
"$DECKPRESS" translate confirm kit 2>/dev/null
sed -i 's/  - {type: title}/  - {type: title}\n  - type: paragraph\n    text: {da: Et nyt afsnit., en: A new paragraph.}/' kit/script.yaml
sed -i 's/text: {da: Vi taler om tillid.,/text: {da: Vi taler om tillid og retfærdighed.,/' kit/script.yaml
