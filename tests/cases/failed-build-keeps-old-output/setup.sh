mkdir -p out/kit && printf 'GOOD' > out/kit/mini.da.print.pdf
