# out/kit/web is a file, not a site: the new site takes its place
mkdir -p out/kit
echo "not a site" > out/kit/web
