# an 800 x 100 px image twice in a document, each too coarse for its size:
# each warning names its own block, not the document's page settings
mkdir -p kit/img
python3 "$DECKPRESS_ROOT/tests/cases/make_png.py" kit/img/wide.png 800 100
