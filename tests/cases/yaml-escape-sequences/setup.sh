# a file whose name holds ESC: its name is printed escaped, never obeyed
printf 'kind: deck\n\tid: x\n' > "kit/$(printf '\033[31m')red.yaml"
