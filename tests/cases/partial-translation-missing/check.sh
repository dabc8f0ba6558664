# nothing is written
if test -e out/kit/mini.en.print.pdf; then exit 1; fi
