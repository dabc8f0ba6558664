# a build is writing into out/; check writes nothing and does not wait
mkdir -p out
flock out/.deckpress.lock sleep 2 </dev/null >/dev/null 2>&1 &
while flock -n out/.deckpress.lock true; do sleep 0.01; done
