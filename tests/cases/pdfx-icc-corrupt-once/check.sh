test ! -e out
