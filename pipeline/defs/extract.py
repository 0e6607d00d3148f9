"""Stage 2, extract: cleaned articles -> per-article extractions (cached), as many steps.

A graph-backed asset (one asset pair, `extractions` + `extract_rejects`, several steps):

* `plan` lists the extraction cache once and yields one dynamic output per batch that
  has articles without an entry (an article's batch is read from its content key,
  pipeline/cache.py `batch_of`, so a new article never moves the others);
* `extract_batch` runs once per such batch: the articles through spaCy and the rules in
  worker processes with per-article deadlines (pipeline/workers.py), each result
  written to the cache; it returns only the rejects and its figures;
* `collect` reads every article's extraction from the cache (checked against the
  article) and yields the two assets. An entry that fails its checks there is
  extracted again in that step, so a bad entry is never more than a miss.

With the in-process executor the steps run one after the other in one process (the
model is loaded once); another executor can run the batches side by side.
"""

import os
import time
from typing import Any

import dagster as dg
import pandas as pd

from pipeline.cache import (BATCHES, CheckedEntry, ExtractionCache, batch_of, cached_keys, content_key,
                            entry_digest, extraction_counts)
from pipeline.defs.ingest import articles_from_frame, rejects_frame
from pipeline.extract import ArticleInput, extractor_version
from pipeline.models import Article, ArticleExtraction, Reject
from pipeline.progress import Progress
from pipeline.settings import PipelineSettings
from pipeline.tables_io import paused_gc
from pipeline import prestart
from pipeline.prestart import (PRESTART_ENV, _keep_for_next_batch, _prestarted,  # noqa: F401 - tests read these
                               stop_prestarted, take_prestarted)
from pipeline.workers import ArticleFailed, ExtractionPool

# Below this many articles in a step a second spaCy process costs more than it saves
# (workers fork from the step's process once the model is loaded there).
PARALLEL_FROM = 64
# Articles handed to a worker at a time: small, so that neither worker idles long at
# the end of a batch.
BATCH_CHUNK = 8


def prestart_extraction(settings: PipelineSettings) -> bool:
    """Fork the worker that loads spaCy while ingest works (pipeline/prestart.py), unless
    one was forked already (`make run` forks it before its imports); True when forked."""
    return prestart.start(settings.executor)


def _cache_unwritable(settings: PipelineSettings, exc: OSError) -> str:
    return (f"stage extract: cannot write the extraction cache under {settings.extraction_cache_dir} "
            f"({exc.strerror or exc}); make that folder writable (or point PIPELINE_CACHE_DIR at one that "
            "is) and run again; `latest` is unchanged")


def _key(a: Article) -> str:
    return content_key(a.body, a.title, a.published_date)


def extract_into_cache(log: Any, settings: PipelineSettings, cache: ExtractionCache,
                       articles: list[Article], what: str = "articles") -> dict[str, Any]:
    """Extract `articles` in worker processes and write each result to the cache.

    In: the articles (none of them cached). Out: {"results": {article_id: extraction},
    "rejects": [Reject], "extracted", "seconds", "processes"}. Raises dg.Failure when
    the cache cannot be written or the extractor itself breaks."""
    todo = [(_key(a), ArticleInput(a.article_id, a.body, a.title, a.published_date)) for a in articles]
    results: dict[str, ArticleExtraction] = {}
    rejects: list[Reject] = []
    if not todo:
        return {"results": results, "rejects": rejects, "extracted": 0, "seconds": 0.0, "processes": 0,
                "prestarted": ""}
    try:  # fail now, not after loading the model and starting the workers
        cache.check_writable()
    except OSError as exc:
        raise dg.Failure(description=_cache_unwritable(settings, exc),
                         metadata={"cache_dir": settings.extraction_cache_dir}) from exc
    n_process = settings.extract_processes or (
        2 if len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 else 1)
    ready = take_prestarted()  # spaCy loaded while this process did other work, or None
    by_id = {a.article_id: a for a in articles}
    finished: set[int] = set()
    done = 0
    t0 = time.monotonic()
    progress = Progress(log, len(todo), what)  # a line every few seconds: done/total, rate, ETA
    # Every article runs in a worker process under a deadline (pipeline/workers.py); leaving
    # this block for any reason (a cache write failing, a bug) kills and reaps the workers.
    with ExtractionPool(n_process, timeout_s=settings.extract_timeout_s, chunk=BATCH_CHUNK) as pool:
        if ready is not None:
            pool.workers.append(ready)  # the pool's first worker; stopped with the pool
        results_iter = pool.run([i for _, i in todo])
        while True:
            try:
                got = next(results_iter, None)
            except Exception as exc:
                # Not one article's rule error (those become rejects): the extractor itself
                # broke. Name the file it had reached; what was extracted so far is cached.
                nxt = next((by_id[inp.article_id].source_path for k, (_, inp) in enumerate(todo)
                            if k not in finished), "?")
                raise dg.Failure(
                    description=(f"stage extract: the extractor failed after {done} of {len(todo)} "
                                 f"articles, at or near file {nxt} ({type(exc).__name__}: {exc}); "
                                 "`latest` is unchanged"),
                    metadata={"file": nxt, "extracted_before_failure": done}) from exc
            if got is None:
                break
            k, x = got
            finished.add(k)
            key, inp = todo[k]
            done += 1
            progress.tick()
            if isinstance(x, ArticleFailed):
                a = by_id[inp.article_id]
                rejects.append(Reject(a.source_path, a.sha256, "extract", x.reason, x.message))
                continue
            x.article_id = inp.article_id
            results[inp.article_id] = x
            try:
                cache.put(key, x)
            except OSError as exc:
                raise dg.Failure(description=_cache_unwritable(settings, exc),
                                 metadata={"cache_dir": settings.extraction_cache_dir}) from exc
        _keep_for_next_batch(pool, ready)
    return {"results": results, "rejects": rejects, "extracted": len(todo),
            "seconds": time.monotonic() - t0, "processes": n_process,
            "prestarted": getattr(ready, "origin", "") if ready is not None else ""}


@dg.op(out=dg.DynamicOut(pd.DataFrame),
       description="Which articles have no cached extraction, as one dynamic output per batch "
                   "(batches by content key, so membership is stable).")
def plan(context: dg.OpExecutionContext, settings: PipelineSettings, cleaned_articles: pd.DataFrame):
    version = extractor_version()
    have = cached_keys(settings.extraction_cache_dir, version)
    keys = [content_key(b, t, d) for b, t, d in zip(
        cleaned_articles["body"], cleaned_articles["title"], cleaned_articles["published_date"])]
    batches: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key not in have:
            batches.setdefault(batch_of(key), []).append(i)
    todo = sum(len(rows) for rows in batches.values())
    if not todo:
        stop_prestarted()  # everything is cached: no spaCy this run
    context.log.info(f"{len(keys)} articles: {len(keys) - todo} with a cached extraction, {todo} to extract "
                     f"in {len(batches)} of {BATCHES} batches")
    for name in sorted(batches):
        yield dg.DynamicOutput(cleaned_articles.iloc[batches[name]].reset_index(drop=True), mapping_key=name,
                               metadata={"articles": len(batches[name])})


@dg.op(description="Extract one batch of uncached articles into the extraction cache; "
                   "returns its rejects and figures.")
def extract_batch(context: dg.OpExecutionContext, settings: PipelineSettings,
                  batch: pd.DataFrame) -> dict:
    cache = ExtractionCache(settings.extraction_cache_dir, extractor_version())
    try:
        got = extract_into_cache(context.log, settings, cache, articles_from_frame(batch),
                                 f"articles of batch {context.get_mapping_key()}")
    except BaseException:
        stop_prestarted()  # the run fails here: nothing else will use it
        raise
    context.log.info(f"batch {context.get_mapping_key()}: extracted {got['extracted']} articles ({len(got['rejects'])} failed) "
                     f"in {got['seconds']:.1f}s with {got['processes']} process(es)")
    return {"batch": context.get_mapping_key(), "extracted": got["extracted"],
            "seconds": round(got["seconds"], 3), "processes": got["processes"],
            "prestarted": got["prestarted"],
            "rejects": [vars(r) for r in got["rejects"]]}


def _read_entries(cache: ExtractionCache, articles: list[Article], failed: set[tuple[str, str]],
                  verified: dict[str, tuple[int, int, int]], seen: dict[str, tuple[int, int, int]],
                  results: dict[str, ArticleExtraction | CheckedEntry], again: list[Article]) -> int:
    """Each article's cache entry into `results` (as text when its bytes passed every
    check before, else checked in full), the articles without a usable one into
    `again`, the digests of the entries that passed into `seen`. Returns how many were
    passed on as text."""
    passed_through = 0
    for a in articles:
        if (a.source_path, a.sha256) in failed:
            continue  # its batch reported why it has no extraction
        key = _key(a)
        data = cache.read_entry(key)
        if data is None:
            again.append(a)
            continue
        entry = cache.checked_entry(data, key, verified)
        if entry is not None:
            results[a.article_id] = entry
            seen[entry_digest(data)] = entry.counts
            passed_through += 1
            continue
        hit = cache.check_entry(data, key, a.article_id, a.body)  # checked against the article
        if hit is not None:
            results[a.article_id] = hit
            seen[entry_digest(data)] = extraction_counts(hit)
        else:
            again.append(a)
    return passed_through


@dg.op(out={"extractions": dg.Out(), "extract_rejects": dg.Out()},
       description="Every article's extraction, read from the cache (an entry that fails its "
                   "checks is extracted again here), and every extraction reject.")
def collect(context: dg.OpExecutionContext, settings: PipelineSettings,
            cleaned_articles: pd.DataFrame, batches: list[dict]):
    version = extractor_version()
    cache = ExtractionCache(settings.extraction_cache_dir, version)
    articles = articles_from_frame(cleaned_articles)
    failed = {(r["source_path"], r["sha256"]) for b in batches for r in b["rejects"]}
    rejects = [Reject(**r) for b in batches for r in b["rejects"]]
    results: dict[str, ArticleExtraction | CheckedEntry] = {}
    again: list[Article] = []
    t0 = time.monotonic()
    # Entries whose bytes passed every check before are handed on as text, not parsed
    # (pipeline/cache.py: VERIFIED); the others are checked in full and remembered.
    verified = cache.load_verified()
    seen: dict[str, tuple[int, int, int]] = {}
    with paused_gc():  # many small objects at once (pipeline/tables_io.py)
        passed_through = _read_entries(cache, articles, failed, verified, seen, results, again)
    read_s = time.monotonic() - t0
    by_id = {a.article_id: a for a in articles}
    if cache.invalid:
        shown = "; ".join(f"{by_id[aid].source_path}: {why}" for aid, why in cache.invalid[:10])
        context.log.warning(f"{len(cache.invalid)} extraction cache entries failed their checks and were "
                            f"extracted again ({shown}{' ...' if len(cache.invalid) > 10 else ''})")
    try:
        fixed = extract_into_cache(context.log, settings, cache, again, "articles without a usable cache entry")
    finally:
        stop_prestarted()  # the run's extraction is over
    results.update(fixed["results"])
    rejects += fixed["rejects"]
    results = {a.article_id: results[a.article_id] for a in articles if a.article_id in results}
    rejects.sort(key=lambda r: r.source_path)
    if seen.keys() != verified.keys():  # only what this run's articles use is kept
        try:
            cache.save_verified(seen)
        except OSError as exc:  # costs the next run the parsing, nothing else
            context.log.warning(f"could not record the checked cache entries ({exc}); "
                                "the next run checks them all again")
    extracted = sum(b["extracted"] for b in batches) + fixed["extracted"]
    seconds = sum(b["seconds"] for b in batches) + fixed["seconds"]
    processes = max([b["processes"] for b in batches] + [fixed["processes"]])
    counts = [x.counts if isinstance(x, CheckedEntry) else extraction_counts(x) for x in results.values()]
    started = next((b["prestarted"] for b in batches if b.get("prestarted")), fixed["prestarted"])
    context.log.info(f"{len(results)} extractions: {extracted} extracted in {len(batches)} batch(es) of "
                     f"{BATCHES} ({len(articles) - extracted} from the cache, read in {read_s:.1f}s, "
                     f"{passed_through} of them checked in an earlier run and passed on unparsed)")
    yield dg.Output(results, "extractions", metadata={
        "extractor_version": version,
        "articles": len(articles),
        "extracted": extracted,
        "from_cache": len(articles) - extracted,
        "cache_entries_invalid": len(cache.invalid),
        "batches_run": len(batches),
        "batches_skipped": BATCHES - len(batches),
        "extract_seconds": round(seconds, 3),
        "cache_read_seconds": round(read_s, 3),
        "cache_entries_checked_before": passed_through,
        "processes": processes,
        # the extraction used the worker that loaded spaCy while this process did other
        # work, forked where "prestarted_worker_started" says (pipeline/prestart.py)
        "prestarted_worker_used": bool(started),
        "prestarted_worker_started": started or "none",
        "organisations_found": sum(c[0] for c in counts),
        "agreements_found": sum(c[1] for c in counts),
        "engagements_found": sum(c[2] for c in counts),
    })
    yield dg.Output(rejects_frame(rejects), "extract_rejects", metadata={"dagster/row_count": len(rejects)})


@dg.graph_multi_asset(
    group_name="extract",
    outs={
        "extractions": dg.AssetOut(
            description="Organisations, mentions, agreements and engagements read from each "
                        "article (local to the article). Cached by content hash and extractor version."),
        "extract_rejects": dg.AssetOut(description="Articles whose extraction failed, with the error."),
    },
)
def extract(cleaned_articles):
    batches = plan(cleaned_articles).map(extract_batch).collect()
    extractions, extract_rejects = collect(cleaned_articles, batches)
    return {"extractions": extractions, "extract_rejects": extract_rejects}
