# previews of pages an earlier build had: removed by this one
mkdir -p out/kit/png/script.da
echo stale >out/kit/png/script.da/003.png
echo stale >out/kit/png/script.da/004.png
