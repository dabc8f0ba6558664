# a deck of 20 cards whose faces show no text at all (art cards: colour
# fields only), large enough for a crew
cat >kit/templates/art.yaml <<'YAML'
kind: template
id: art
faces:
  front:
    - {type: rect, x: 0mm, y: 0mm, w: 63mm, h: 16mm, fill: "{category.color}", bleed: true}
  back:
    - {type: rect, x: 0mm, y: 0mm, w: 63mm, h: 88mm, fill: "#1F2A44", bleed: true}
YAML
{
	printf 'kind: deck\nid: art\ntitle: {da: Kunst, en: Art}\nsize: poker\ntemplate: art\n'
	printf 'categories:\n  - {id: a, name: {da: A, en: "="}, color: "#2B6CA8"}\ncards:\n'
	for i in $(seq -w 1 20); do printf '  - {id: K%s, category: a, text: {da: Kort, en: Card}}\n' "$i"; done
} >kit/deck.yaml
