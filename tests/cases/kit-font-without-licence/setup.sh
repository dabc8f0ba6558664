mkdir -p kit/fonts
cp /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf kit/fonts/
