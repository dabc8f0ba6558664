set -e
# German is hyphenated with Debian's hyphen-de (hyph_de_DE.dic): the
# compounds are wider than the 53mm box at 12pt, so lines end in a hyphen
# (pdftotext shows it as the soft hyphen it breaks at)
pdftotext out/kit/mini.de.print.pdf - | grep -q $'\xC2\xAD$'
