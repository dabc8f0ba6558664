# saved as UTF-16 (iconv writes a byte order mark) and as UTF-16LE without one
iconv -f UTF-8 -t UTF-16 kit/deck.yaml > kit/deck16.yaml
iconv -f UTF-8 -t UTF-16LE kit/deck.yaml > kit/deck16le.yaml
iconv -f UTF-8 -t UTF-32 kit/deck.yaml > kit/deck32.yaml
