# a kit without kit.yaml: its deck has languages, the kit has none
rm kit/kit.yaml
sed -i 's/^size: poker/languages: [da, en]\nsize: poker/' kit/deck.yaml
