# two 600 x 300 px icons placed in 20 x 10 mm (762 ppi); cairo marks them
# /Interpolate true
mkdir -p kit/icons
python3 "$DECKPRESS_ROOT/tests/cases/make_png.py" kit/icons/small.png 600 300 kit/icons/medium.png 600 300
