"""Raw-folder swap trial (issue 12, finding 3): read a file in a raw sub-folder N times
while another process keeps swapping that sub-folder with a symbolic link to a folder
outside the raw folder (rename exchange, `renameat2(RENAME_EXCHANGE)`, or three renames
where that is missing). Before open-then-verify reading, 17% of reads returned the
outside file.

Prints how many reads returned the inside file, the outside file (must be 0), and the
rejects by reason; exits 1 if anything was read from outside.
`tests/test_raw_reads.py::test_folder_swapped_for_a_link_never_reads_outside` runs the
same race with fewer tries.

Usage: .venv/bin/python scripts/raw_swap_trial.py [--tries 20000]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from badinput import SWAPPER, reads_during_swap  # noqa: E402  (shared with the tests)




def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tries", type=int, default=20_000)
    args = ap.parse_args(argv)
    from pipeline.ingest.sources import Limits

    with tempfile.TemporaryDirectory() as tmp:
        raw, outside = Path(tmp) / "raw", Path(tmp) / "outside"
        (raw / "sub").mkdir(parents=True)
        (outside / "sub").mkdir(parents=True)
        (raw / "sub" / "a.txt").write_text("Tech Park signed a memorandum with IT Park Armenia. INSIDEMARK.\n")
        (outside / "sub" / "a.txt").write_text("Tech Park signed a memorandum with Secret Park. OUTSIDEMARK.\n")
        os.symlink(outside / "sub", raw / "alt")
        swapper = subprocess.Popen([sys.executable, "-c", SWAPPER, str(raw / "sub"), str(raw / "alt")],
                                   stdout=subprocess.PIPE, text=True)
        t0 = time.monotonic()
        try:
            assert swapper.stdout.readline().strip() == "ready"
            inside, leaked, reasons = reads_during_swap(raw, "sub/a.txt", args.tries, Limits())
        finally:
            swapper.kill()
            swapper.wait()
    print(f"{args.tries:,} reads during swaps in {time.monotonic() - t0:.1f} s: {inside:,} read the inside file, "
          f"{leaked:,} the outside file; rejects: {reasons or 'none'}")
    return 1 if leaked else 0


if __name__ == "__main__":
    sys.exit(main())
