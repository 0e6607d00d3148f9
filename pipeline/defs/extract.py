"""Stage 2, extract: cleaned articles -> per-article extractions (cached)."""

import os
import time

import dagster as dg
import pandas as pd

from pipeline.cache import ExtractionCache, content_key
from pipeline.defs.ingest import articles_from_frame, rejects_frame
from pipeline.extract import ArticleInput, extractor_version
from pipeline.models import ArticleExtraction, Reject
from pipeline.progress import Progress
from pipeline.settings import PipelineSettings
from pipeline.workers import ArticleFailed, ExtractionPool

# Below this many uncached articles a second spaCy process costs more than it saves.
PARALLEL_FROM = 400


def _cache_unwritable(settings: PipelineSettings, exc: OSError) -> str:
    return (f"stage extract: cannot write the extraction cache under {settings.extraction_cache_dir} "
            f"({exc.strerror or exc}); make that folder writable (or point PIPELINE_CACHE_DIR at one that "
            "is) and run again; `latest` is unchanged")


@dg.multi_asset(
    group_name="extract",
    outs={
        "extractions": dg.AssetOut(
            description="Organisations, mentions, agreements and engagements read from each "
                        "article (local to the article). Cached by content hash and extractor version."),
        "extract_rejects": dg.AssetOut(description="Articles whose extraction failed, with the error."),
    },
)
def extract(context: dg.AssetExecutionContext, settings: PipelineSettings,
            cleaned_articles: pd.DataFrame):
    version = extractor_version()
    cache = ExtractionCache(settings.extraction_cache_dir, version)
    articles = articles_from_frame(cleaned_articles)
    results: dict[str, ArticleExtraction] = {}
    todo: list[tuple[str, ArticleInput]] = []
    finished: set[int] = set()
    for a in articles:
        key = content_key(a.body, a.title, a.published_date)
        hit = cache.get(key, a.article_id, a.body)  # checked against the article before use
        if hit is not None:
            results[a.article_id] = hit
        else:
            todo.append((key, ArticleInput(a.article_id, a.body, a.title, a.published_date)))
    rejects: list[Reject] = []
    if todo:
        try:  # fail now, not after loading the model and starting the workers
            cache.check_writable()
        except OSError as exc:
            raise dg.Failure(description=_cache_unwritable(settings, exc),
                             metadata={"cache_dir": settings.extraction_cache_dir}) from exc
    n_process = settings.extract_processes or (2 if len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 else 1)
    t0 = time.monotonic()
    by_id = {a.article_id: a for a in articles}
    done = 0
    progress = Progress(context.log, len(todo))  # a line every few seconds: done/total, rate, ETA
    # Every article runs in a worker process under a deadline (pipeline/workers.py); leaving
    # this block for any reason (a cache write failing, a bug) kills and reaps the workers.
    with ExtractionPool(n_process, timeout_s=settings.extract_timeout_s) as pool:
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
    results = {a.article_id: results[a.article_id] for a in articles if a.article_id in results}
    rejects.sort(key=lambda r: r.source_path)
    if cache.invalid:
        shown = "; ".join(f"{by_id[aid].source_path}: {why}" for aid, why in cache.invalid[:10])
        context.log.warning(f"{len(cache.invalid)} extraction cache entries failed their checks and were "
                            f"extracted again ({shown}{' ...' if len(cache.invalid) > 10 else ''})")
    elapsed = time.monotonic() - t0
    context.log.info(f"extracted {len(todo)} articles ({len(articles) - len(todo)} cached) "
                     f"in {elapsed:.1f}s with {n_process} process(es)")
    yield dg.Output(results, "extractions", metadata={
        "extractor_version": version,
        "articles": len(articles),
        "extracted": len(todo),
        "from_cache": len(articles) - len(todo),
        "cache_entries_invalid": len(cache.invalid),
        "extract_seconds": round(elapsed, 3),
        "processes": n_process,
        "organisations_found": sum(len(x.organisations) for x in results.values()),
        "agreements_found": sum(len(x.agreements) for x in results.values()),
        "engagements_found": sum(len(x.engagements) for x in results.values()),
    })
    yield dg.Output(rejects_frame(rejects), "extract_rejects", metadata={"dagster/row_count": len(rejects)})
