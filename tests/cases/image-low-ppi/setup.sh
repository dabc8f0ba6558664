# a 40 x 20 px icon placed in 20 x 10 mm (51 ppi: an error) for one
# category, 200 x 100 px (254 ppi: a warning) for the other
mkdir -p kit/icons
python3 "$DECKPRESS_ROOT/tests/cases/make_png.py" kit/icons/small.png 40 20 kit/icons/medium.png 200 100
