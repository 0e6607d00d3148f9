"""Run a command while holding an exclusive lock on a file (standard library only, so it
works before anything is installed): `python3 scripts/locked.py FILE CMD [ARG...]`.

The Makefile runs its install steps through it, locking the Makefile itself, so two
`make run` started together on a fresh checkout install one after the other (the second
says it waits, then finds everything installed) instead of racing to create `.tools/`
and `.venv/`.
"""
from __future__ import annotations

import fcntl
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: another make is installing ({' '.join(argv[2:4])} ...)", file=sys.stderr, flush=True)
            t0 = time.monotonic()
            fcntl.flock(f, fcntl.LOCK_EX)
            print(f"went on after {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
        return subprocess.call(argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
