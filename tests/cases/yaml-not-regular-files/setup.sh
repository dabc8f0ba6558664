# a named pipe would block a reader for ever; a folder cannot be read
mkfifo kit/pipe.yaml
mkdir kit/folder.yaml
