# A page with more ink than the profile allows is an input error (exit 1)
# and the build writes no file of the kit: no print PDF, no PDF/X, no PNG,
# no print spec, and no temporary file.
set -e
test ! -e out/kit || test -z "$(find out/kit -type f)"
