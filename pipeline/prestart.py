"""spaCy started before the first extraction needs it: one extraction worker forked early.

A run that adds a handful of articles to a large corpus spends seconds on spaCy's
import, the model and the registry rulers before its first article, and as long again
in ingest (a stat and a stamp per raw file) just before, with the second core idle.
So one extraction worker is forked before (`start`: by the ingest step at its start,
pipeline/defs/extract.py `prestart_extraction`, or earlier by `make run`) that loads all of it (`workers.warm_up`, as a spawned worker would) while ingest
works; the first extraction of the run adopts it as its first worker
(`take_prestarted`), once it has said it is ready (so no article's deadline pays for
the loading), and `plan` stops it when nothing needs extracting. It runs the same
code on the same articles as a worker forked later: the extractions are the same.
Only with the in-process executor (the steps share this process), on 2+ cores, where
processes can be forked, with room for it in memory, when this process has not
loaded the model already (then the pool forks its workers ready), and unless
PIPELINE_EXTRACT_PRESTART=0. Not adopted within PRESTART_IDLE_S, it exits by itself;
it dies with this process too (PR_SET_PDEATHSIG, EOF on its pipe).

This module is light (no Dagster, no spaCy in this process), so that `make run` can fork
the worker before it imports anything heavy (`start_early`).
"""
from __future__ import annotations

import collections
import multiprocessing as mp
import os
import sys
from typing import Any

from pipeline import workers
from pipeline.workers import ExtractionPool

PRESTART_ENV = "PIPELINE_EXTRACT_PRESTART"
PRESTART_IDLE_S = 900.0
PRESTART_READY_S = 300.0   # the longest an extraction waits for its loading to finish
_prestarted: dict[int, "_PrestartedWorker"] = {}   # by the pid of the process that forked it


class _PrestartedWorker(workers._Worker):
    """A `workers._Worker` whose process was forked before the pool existed."""

    def __init__(self, proc: Any, conn: Any):  # noqa: D107 - the fields _Worker's methods use
        self.proc, self.conn = proc, conn
        self.pending = collections.deque()
        self.since = 0.0
        self.extracted = 0
        self.eof = False
        self.loaded = False   # its "ready" message was read
        self.origin = ""      # where it was forked (`start`'s `origin`)


def _prestarted_main(conn: Any, idle_s: float) -> None:
    workers._die_with_parent()
    try:
        workers.warm_up()
    except BaseException as exc:  # noqa: BLE001 - the parent starts workers its own way
        try:
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        finally:
            os._exit(1)
    conn.send(("ready", os.getpid()))
    if conn.poll(idle_s):  # adopted: from here on an ordinary worker
        workers._worker(conn, False)
    os._exit(0)


def _room_for_spacy() -> bool:
    """MemAvailable (Linux) above 1 GiB: the worker holds the model (~0.5 GB with its
    tables); unknown: no."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            avail_kb = next(int(line.split()[1]) for line in f if line.startswith("MemAvailable:"))
    except (OSError, ValueError, StopIteration):
        return False
    return avail_kb > 1024 * 1024


def _model_loaded_here() -> bool:
    """spaCy's model is loaded in this process already (a long-lived process that ran
    an extraction before): the pool's workers fork from it ready, no need to prestart."""
    nlp = sys.modules.get("pipeline.extract.nlp")
    return nlp is not None and nlp.load_nlp.cache_info().currsize > 0


def start(executor: str = "in_process", origin: str = "at ingest") -> bool:
    """Fork the worker that loads spaCy while this process does other work (see above);
    True when forked. `executor`: the run's (PIPELINE_EXECUTOR); only the in-process one
    runs the steps in this process, where the worker can be adopted. `origin` is shown in
    the extractions' metadata (`prestarted_worker_started`)."""
    if (executor != "in_process" or os.environ.get(PRESTART_ENV, "").strip() == "0"
            or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods()
            or os.getpid() in _prestarted or _model_loaded_here() or not _room_for_spacy()):
        return False
    ctx = mp.get_context("fork")
    parent_end, child_end = ctx.Pipe(duplex=True)
    proc = ctx.Process(target=_prestarted_main, args=(child_end, PRESTART_IDLE_S), daemon=True,
                       name="techbridges-extract")
    try:
        proc.start()
    except OSError:
        parent_end.close()
        return False
    finally:
        child_end.close()
    w = _prestarted[os.getpid()] = _PrestartedWorker(proc, parent_end)
    w.origin = origin
    return True


def start_early() -> bool:
    """`start` at the top of a process that will run the job in-process (`make run`,
    pipeline/runlog.py), before it imports Dagster and the pipeline's definitions: the
    worker then loads spaCy during those imports (about 3 s on 2 cores) as well as
    during ingest, and forks from a small process. The executor is read from
    PIPELINE_EXECUTOR as the settings read it; a value the settings refuse starts
    nothing (the run stops on it anyway)."""
    return start(os.environ.get("PIPELINE_EXECUTOR", "").strip() or "in_process", "before the imports")


def take_prestarted(wait_s: float = PRESTART_READY_S) -> "workers._Worker | None":
    """The worker `prestart_extraction` forked, once its loading is done; None when there
    is none, or it failed or took longer than `wait_s` (then stopped: the pool starts
    its workers as usual)."""
    w = _prestarted.pop(os.getpid(), None)
    if w is None:
        return None
    try:
        w.loaded = w.loaded or (w.conn.poll(wait_s) and w.conn.recv()[0] == "ready")
    except (EOFError, OSError, TypeError, IndexError):
        w.loaded = False
    if not w.loaded or not w.proc.is_alive():
        w.stop()
        return None
    return w


def _keep_for_next_batch(pool: ExtractionPool, w: "workers._Worker | None") -> None:
    """After a batch, the prestarted worker goes back for the run's next batch (each
    batch step has its own pool; without this the next one would load spaCy in this
    process), when it is idle and alive; `collect` stops it at the end."""
    if (isinstance(w, _PrestartedWorker) and w in pool.workers and not w.pending and not w.eof
            and w.proc.is_alive()):
        pool.workers.remove(w)
        _prestarted[os.getpid()] = w


def stop_prestarted() -> bool:
    """Stop the prestarted worker when nothing will use it; True when there was one."""
    w = _prestarted.pop(os.getpid(), None)
    if w is not None:
        w.stop()
    return w is not None
