# A kit that brings its own house font (an open-licence serif from Debian's
# fonts-noto-core) with its licence beside it.
mkdir -p kit/fonts/house
cp /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf kit/fonts/house/
cp /usr/share/doc/fonts-noto-core/copyright kit/fonts/house/OFL.txt
