"""spin.py N: N processes of pure cpu work at once, each the same amount.

The benches time it with 1 and with N processes in the same runs as
deckpress: the ratio is the machine's ceiling at the time (2.00x on two free
cores; other users of the cores push it lower)."""
import sys
from multiprocessing import Process


def work():
    x = 0
    for i in range(4_000_000):
        x += i


if __name__ == "__main__":
    ps = [Process(target=work) for _ in range(int(sys.argv[1]))]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
