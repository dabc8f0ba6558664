# another build (pid 4242) is writing into out/: it holds the lock three seconds, long enough on a loaded machine
mkdir -p out
printf '4242\n' >out/.deckpress.lock
flock out/.deckpress.lock sleep 3 </dev/null >/dev/null 2>&1 &
while flock -n out/.deckpress.lock true; do sleep 0.01; done
