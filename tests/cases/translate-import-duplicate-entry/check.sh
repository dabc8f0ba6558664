set -eu
# nothing written: which translation is meant cannot be told
grep -q "en: What builds trust?" kit/deck.yaml
if grep -q "What makes trust" kit/deck.yaml; then exit 1; fi
