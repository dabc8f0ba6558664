# nothing is written
! test -e out/kit/mini.en.print.pdf
