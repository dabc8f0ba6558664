printf 'not a folder' > out
