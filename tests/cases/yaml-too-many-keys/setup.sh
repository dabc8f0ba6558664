# a mapping of 10,001 keys, one more than the limit
python3 -c 'import sys; sys.stdout.write("kind: deck\nid: many\n" + "".join("k%d: 1\n" % i for i in range(9999)))' > kit/many.yaml
