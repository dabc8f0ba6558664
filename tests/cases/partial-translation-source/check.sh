# the Danish print PDF is written; nothing in English
test -f out/kit/mini.da.print.pdf && ! ls out/kit/mini.en.* 2>/dev/null
