"""Extraction in worker processes that can be stopped: a deadline per article, and a
pool that always ends.

Why processes: a rule or a spaCy component that turns superlinear on some text cannot
be interrupted from inside the process that runs it (a regex holds the interpreter),
but a worker process can be killed. So the parent never runs the rules itself: it
hands articles to `n_process` workers, reads their results as they come, and stops a
worker whose article runs past its budget (the article becomes an `extract_timeout`
reject; a new worker takes the rest).

Why "always ends": the parent owns every worker. Whatever stops the parent's loop
(the consumer raising, e.g. a cache write that fails; Ctrl-C; a bug), leaving the
`with` block kills and reaps the workers. Workers also die with the parent on Linux
(PR_SET_PDEATHSIG), and a worker whose parent is gone gets EOF or EPIPE on its pipe.
Nothing ever waits on a worker without a timeout.

Each worker reads one article at a time: `prepare_text`, spaCy, `cap_sentences`, the
rules (pipeline/extract/bounds.py), and sends back the extraction, or why it failed.
The parent knows which article a worker is on (workers take their chunk in order), so
a timeout or a crash always names the article.
"""
from __future__ import annotations

import collections
import multiprocessing as mp
import os
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Iterator, Sequence

from pipeline.models import ArticleExtraction

CHUNK = 16                # articles handed to a worker at a time
CHARS_PER_BUDGET = 50_000  # an article's budget is timeout_s x (1 + chars / this)
MAX_SILENT_DEATHS = 3     # workers that die in a row on their first article: the extractor is broken


@dataclass(frozen=True)
class ArticleFailed:
    """Why one article has no extraction: `reason` is a rejects reason code."""

    reason: str   # extract_timeout | too_complex | extract_error
    message: str


class ExtractorBroken(RuntimeError):
    """Workers die before extracting anything: not one article's fault."""


def article_budget(chars: int, timeout_s: float) -> float:
    """Seconds one article may take: `timeout_s` for a short article, growing linearly
    with its length (bounded work is linear in it)."""
    return timeout_s * (1 + chars / CHARS_PER_BUDGET)


def _die_with_parent() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides; Ctrl-C goes to it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def warm_up() -> None:
    """Load the model and every lazily built table once (in the parent before workers
    fork, so they start ready and no article pays for it)."""
    from pipeline.extract import ArticleInput, extract_one
    from pipeline.extract.nlp import load_nlp

    text = "Tech Park signed a memorandum with the IT Park of Armenia at the Digital Forum."
    extract_one(load_nlp()(text), ArticleInput("warmup", text))


def extract_bounded(article) -> ArticleExtraction | ArticleFailed:
    """One article through the bounded extraction; rule errors are returned, not raised."""
    from pipeline.extract import ArticleInput, extract_one
    from pipeline.extract.bounds import (TooComplex, cap_sentences, check_complexity, prepare_text,
                                         restore_surfaces)
    from pipeline.extract.nlp import load_nlp

    try:
        text = prepare_text(article.body)
        check_complexity(text)
        doc = load_nlp()(text)
        cap_sentences(doc)
        x = extract_one(doc, ArticleInput(article.article_id, text, article.title, article.published_date))
        restore_surfaces(x, article.body)
        return x
    except TooComplex as exc:
        return ArticleFailed("too_complex", f"{exc}: the article is not prose the extractor can read in bounded "
                                            "time (a table or a pasted list?); split it or remove that part")
    except Exception as exc:  # noqa: BLE001 - one article's error becomes its reject
        return ArticleFailed("extract_error", f"extraction failed ({type(exc).__name__}: {exc}); the article is "
                                              "left out of this release; report it with the file attached")


def _worker(conn, warm: bool, inherited: tuple[int, ...] = ()) -> None:
    _die_with_parent()
    for fd in inherited:  # other workers' pipe ends, copied by fork: without them, their EOF works
        try:
            os.close(fd)
        except OSError:
            pass
    if warm:
        warm_up()
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for i, article in chunk:
            try:
                conn.send((i, extract_bounded(article)))
            except (BrokenPipeError, OSError):
                return


class _Worker:
    def __init__(self, ctx, warm: bool, inherited: tuple[int, ...] = ()):
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker, args=(child_end, warm, inherited), daemon=True,
                                name="techbridges-extract")
        self.proc.start()
        child_end.close()
        self.conn = parent_end
        self.pending: collections.deque = collections.deque()  # (index, article) in the order it works
        self.since = 0.0   # when it started its current article
        self.extracted = 0
        self.eof = False

    def give(self, chunk: list) -> None:
        self.pending.extend(chunk)
        self.since = time.monotonic()
        self.conn.send(chunk)

    def drain(self) -> Iterator[tuple[int, Any]]:
        """Every result already sent, without blocking."""
        while self.pending and not self.eof:
            try:
                if not self.conn.poll():
                    return
                i, result = self.conn.recv()
            except (EOFError, OSError):
                self.eof = True
                return
            expected, _ = self.pending.popleft()
            assert i == expected, (i, expected)
            self.since = time.monotonic()
            self.extracted += 1
            yield i, result

    def stop(self, grace: float = 0.0) -> None:
        if self.proc.is_alive() and grace > 0:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.proc.join(grace)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ExtractionPool:
    """`with ExtractionPool(n) as pool: for i, result in pool.run(articles): ...`

    `run` yields `(index into articles, ArticleExtraction | ArticleFailed)` for every
    article, in completion order. Leaving the `with` block, normally or by an
    exception, kills and reaps every worker."""

    def __init__(self, n_process: int = 1, timeout_s: float = 10.0, chunk: int = CHUNK):
        self.n_process = max(1, n_process)
        self.timeout_s = timeout_s
        self.chunk = max(1, chunk)
        fork = "fork" in mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if fork else "spawn")
        self.warm_in_child = not fork
        self.workers: list[_Worker] = []
        self._warm = False

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(grace=1.0 if exc_type is None else 0.0)

    def close(self, grace: float = 0.0) -> None:
        workers, self.workers = self.workers, []
        for w in workers:
            w.stop(grace)

    def _start(self) -> _Worker:
        if not self.warm_in_child and not self._warm:
            warm_up()  # once, and only when there is work: forked workers inherit the model and tables
            self._warm = True
        forked = self.ctx.get_start_method() == "fork"
        w = _Worker(self.ctx, self.warm_in_child,
                    tuple(o.conn.fileno() for o in self.workers) if forked else ())
        self.workers.append(w)
        return w

    def _budget(self, article) -> float:
        budget = article_budget(len(article.body), self.timeout_s)
        return budget + (60.0 if self.warm_in_child else 0.0)  # a spawned worker loads the model first

    def run(self, articles: Sequence) -> Iterator[tuple[int, ArticleExtraction | ArticleFailed]]:
        items = list(enumerate(articles))
        queue = collections.deque(items[k:k + self.chunk] for k in range(0, len(items), self.chunk))
        deaths_in_a_row = 0
        while queue or any(w.pending for w in self.workers):
            # hand work to idle workers, starting new ones up to n_process
            while queue:
                w = next((w for w in self.workers if not w.pending), None)
                if w is None and len(self.workers) < self.n_process:
                    w = self._start()
                if w is None:
                    break
                w.give(queue.popleft())
            busy = [w for w in self.workers if w.pending]
            deadline = min(w.since + self._budget(w.pending[0][1]) for w in busy)
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                 timeout=max(0.0, deadline - time.monotonic()))
            for w in busy:
                for i, result in w.drain():
                    deaths_in_a_row = 0
                    yield i, result
                if not w.pending:
                    continue
                i, article = w.pending[0]
                budget = self._budget(article)
                if w.eof or not w.proc.is_alive():
                    w.proc.join(1)
                    code = w.proc.exitcode
                    failed = ArticleFailed("extract_error", f"the extraction process died on this article (exit "
                                                            f"code {code}); the article is left out of this "
                                                            "release; report it with the file attached")
                    if w.extracted == 0:
                        deaths_in_a_row += 1
                        if deaths_in_a_row >= MAX_SILENT_DEATHS:
                            raise ExtractorBroken(f"{deaths_in_a_row} extraction processes in a row died before "
                                                  f"extracting anything (last exit code {code})")
                elif time.monotonic() - w.since > budget:
                    failed = ArticleFailed("extract_timeout", f"extraction took more than {budget:.1f} s, the "
                                                              f"budget for an article of {len(article.body):,} "
                                                              "characters, and was stopped; the article is left "
                                                              "out of this release (PIPELINE_EXTRACT_TIMEOUT_S "
                                                              "sets the budget)")
                else:
                    continue
                rest = list(w.pending)[1:]
                w.pending.clear()
                self.workers.remove(w)
                w.stop()
                if rest:
                    queue.appendleft(rest)
                yield i, failed
