# a failed build writes nothing
test ! -e out/kit
