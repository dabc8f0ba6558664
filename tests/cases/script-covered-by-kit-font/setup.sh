# Hebrew, which no bundled font has, in a font the kit brings itself
# (from Debian's fonts-noto-core), with its licence beside it
mkdir -p kit/fonts/hebrew
cp /usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf kit/fonts/hebrew/
cp /usr/share/doc/fonts-noto-core/copyright kit/fonts/hebrew/OFL.txt
