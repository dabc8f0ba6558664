test ! -e out/kit
