"""Adversarial articles of issue 12 (finding 1), timed at growing sizes.

For each kind of crafted input and each size (4k .. 64k characters by default) it
prints the CPU seconds one article takes through the bounded extraction that the workers
run (`pipeline.workers.extract_bounded`: pre-pass, complexity check, spaCy, sentence
caps, rules, models) and its outcome (`ok` with the number of organisations, or the
reject reason). For the Markdown kind ("[[[[...") the time is ingest (cleaning a `.md`
file) plus extraction. A kind whose time grows with the square of the size shows up
as x16 between 16k and 64k; bounded work is about x4.

Goal (issue 12): every kind at 32k and 64k under 2 s per article, or rejected
(`too_complex` / `extract_timeout`).

Usage: .venv/bin/python scripts/adversarial_bench.py [--sizes 4000,8000,...]
       [--kinds comma_list,...] [--repeat 2] [--profile KIND:SIZE]
`--profile` prints the top functions by cumulative time for one input instead.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from badinput import adversarial  # noqa: E402  (shared with the tests)


KINDS = ("comma_list", "and_list", "hyphens", "commas", "parens", "bangs", "brackets", "caps", "forum_list",
         "sentences")
SIZES = (4_000, 8_000, 16_000, 32_000, 64_000)


def run_one(kind: str, size: int):
    """(seconds, outcome) for one article through ingest (Markdown kind) and extraction.
    The seconds are the process's CPU time, which a machine shared with other jobs
    inflates less than wall time (nothing here waits on I/O)."""
    from pipeline.extract import ArticleInput
    from pipeline.ingest.sources import Limits, ingest_bytes
    from pipeline.workers import ArticleFailed, extract_bounded

    text = adversarial(kind, size)
    t0 = time.process_time()
    if kind == "brackets":
        arts, rej = ingest_bytes("a.md", text.encode(), Limits())
        if rej:
            return time.process_time() - t0, f"reject {rej[0].reason}"
        text = arts[0].body
    x = extract_bounded(ArticleInput("a", text))
    dt = time.process_time() - t0
    if isinstance(x, ArticleFailed):
        return dt, x.reason
    return dt, f"ok {len(x.organisations)} orgs"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--repeat", type=int, default=1, help="best of this many runs per cell")
    ap.add_argument("--profile", metavar="KIND:SIZE")
    args = ap.parse_args(argv)

    from pipeline.workers import warm_up

    warm_up()
    if args.profile:
        kind, size = args.profile.split(":")
        prof = cProfile.Profile()
        prof.enable()
        dt, outcome = run_one(kind, int(size))
        prof.disable()
        print(f"{kind} at {int(size):,} characters: {dt:.2f} s, {outcome}")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    print(f"{'kind':<12}" + "".join(f"{s:>16,}" for s in sizes) + "   (CPU seconds per article, outcome)")
    worst = 0.0
    for kind in kinds:
        cells = []
        for size in sizes:
            best, outcome = float("inf"), ""
            for _ in range(args.repeat):
                dt, outcome = run_one(kind, size)
                best = min(best, dt)
            if size >= 32_000 and not outcome.startswith(("too_complex", "extract_timeout", "reject")):
                worst = max(worst, best)
            cells.append(f"{best:6.2f} {outcome[:9]:<9}")
        print(f"{kind:<12}" + "".join(f"{c:>16}" for c in cells), flush=True)
    print(f"slowest article at 32k+ that was not rejected: {worst:.2f} s (goal: under 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
