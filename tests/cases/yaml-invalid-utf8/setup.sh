printf 'kind: deck\nid: mini\ntitle: {da: "Bl\xe5b\xe6r", en: Blueberry}\n' > kit/deck.yaml
