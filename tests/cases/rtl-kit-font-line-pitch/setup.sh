# An Arabic kit: an Arabic font of its own (Noto Sans Arabic, from Debian's
# fonts-noto-core) beside the bundled Lato, whose lines are far taller.
mkdir -p kit/fonts/arabic
cp /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf kit/fonts/arabic/
cp /usr/share/doc/fonts-noto-core/copyright kit/fonts/arabic/OFL.txt
