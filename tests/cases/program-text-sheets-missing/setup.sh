# a deck in a language deckpress has no print-at-home sheet texts for
cat > kit/kit.yaml <<'YAML'
kind: kit
id: kit
title: Kit
languages: [pt]
author: Test
YAML
cat > kit/deck.yaml <<'YAML'
kind: deck
id: mini
title: Mini
size: poker
template: mini
types:
  question: {label: Pergunta}
categories:
  - id: tillid
    name: Confiança
    color: "#2B6CA8"
cards:
  - id: T01
    category: tillid
    type: question
    text: O que gera confiança?
YAML
