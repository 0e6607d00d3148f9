"""Progress lines of a long step (done / total, rate, time left), printed at once by
`make run`'s concise logger (pipeline/runlog.py), which recognises them by the PROGRESS flag."""
from __future__ import annotations

import time
from typing import Any

PROGRESS = "techbridges_progress"   # extra={PROGRESS: True}: print at once, not per stage
PROGRESS_EVERY_S = 5.0


class Progress:
    """Articles done / total, rate and ETA, logged at most every ``every_s`` seconds
    (and once at the end). ``log`` is ``context.log``."""

    def __init__(self, log: Any, total: int, what: str = "articles",
                 every_s: float = PROGRESS_EVERY_S, clock=time.monotonic):
        self.log, self.total, self.what, self.every_s, self.clock = log, total, what, every_s, clock
        self.t0 = self.last = clock()
        self.done = 0
        if total:
            log.info(f"{total} {what} to process", extra={PROGRESS: True})

    def line(self) -> str:
        elapsed = max(self.clock() - self.t0, 1e-9)
        rate = self.done / elapsed
        pct = 100 * self.done / self.total if self.total else 100.0
        text = f"{self.done}/{self.total} {self.what} ({pct:.0f}%), {rate:.1f}/s"
        if 0 < self.done < self.total and rate > 0:
            text += f", about {_duration((self.total - self.done) / rate)} left"
        return text

    def tick(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.last >= self.every_s and self.done < self.total:
            self.last = now
            self.log.info(self.line(), extra={PROGRESS: True})


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
