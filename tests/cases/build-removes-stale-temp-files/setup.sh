# temporary files of a build killed with SIGKILL while writing, and files
# that only look like them
mkdir -p out/kit/png/mini.da out/other
printf '%%PDF-1.5 half' >out/kit/.mini.da.print.pdf.tmp-Ab12Cd
printf 'half' >out/kit/png/mini.da/.001-T01-front.png.tmp-XyZ123
printf 'half' >out/kit/.mini.en.print.pdf.tmp-0000zz
printf 'notes' >out/kit/.notes.tmp-short
printf 'mine' >out/kit/notes.tmp-Ab12Cd
printf 'other kit' >out/other/.x.print.pdf.tmp-Ab12Cd
