# a template whose QR code would hold 3000 bytes: more than any QR code takes
# (2953 bytes at the lowest error correction)
data=$(head -c 3000 /dev/zero | tr '\0' 'x')
cat > kit/templates/mini.yaml <<YAML
kind: template
id: mini
faces:
  front:
    - {type: qr, id: link, x: 5mm, y: 5mm, w: 53mm, h: 53mm, correction: low, data: "$data"}
  back: []
YAML
