set -e
# the codes scan (zbarimg, from zbar-tools) from the PNG previews and from
# the print PDF, vector modules and all
scan() { zbarimg -q --raw "$1" 2>/dev/null; }
[ "$(scan out/kit/png/mini.da/001-T01-front.png)" = "https://example.org/kort/T01?sprog=da" ]
[ "$(scan out/kit/png/mini.en/001-T01-front.png)" = "https://example.org/card/T01?lang=en" ]
[ "$(scan out/kit/png/mini.en/001-T01-back.png)" = "Mini" ]
pdftoppm -r 200 -png -f 1 -l 1 out/kit/mini.en.print.pdf page
[ "$(scan page-1.png)" = "https://example.org/card/T01?lang=en" ]
