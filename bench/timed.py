"""timed.py TAG FILE CMD...: runs CMD and appends to FILE one line,
"TAG wall user sys peak_kib", wall to the tenth of a millisecond (GNU
time's %e has hundredths, too coarse for builds of a fraction of a second),
user and sys counting the processes CMD waited for (as GNU time's do), peak
the largest resident set of them. Exits with CMD's status."""
import os
import sys
import time


def main():
    tag, path, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - start
    with open(path, "a") as f:
        f.write(f"{tag} {wall:.4f} {ru.ru_utime:.4f} {ru.ru_stime:.4f} {ru.ru_maxrss}\n")
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
