"""Stage 1, ingest: the raw folder -> cleaned articles and ingest rejects."""

import dataclasses

import dagster as dg
import pandas as pd

from pipeline.ingest.cache import IngestCache, ingest_version
from pipeline.ingest.raw_folder import RawFolderError, raw_folder
from pipeline.ingest.sources import collapse_repeats, mark_duplicates
from pipeline.models import Article, Reject
from pipeline.settings import PipelineSettings
from pipeline.tables_io import freeze_long_lived

ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article)]
REJECT_FIELDS = [f.name for f in dataclasses.fields(Reject)]


def articles_from_frame(df: pd.DataFrame) -> list[Article]:
    return [Article(**row) for row in df.to_dict("records")]


def articles_frame(articles: list[Article]) -> pd.DataFrame:
    """One row per article, the columns in field order; built column by column (the same
    frame as from `dataclasses.asdict` of each, whose fields are all plain values)."""
    if not articles:
        return pd.DataFrame([], columns=ARTICLE_FIELDS)
    return pd.DataFrame({f: [getattr(a, f) for a in articles] for f in ARTICLE_FIELDS}, columns=ARTICLE_FIELDS)


def rejects_frame(rejects: list[Reject]) -> pd.DataFrame:
    return pd.DataFrame([dataclasses.asdict(r) for r in rejects], columns=REJECT_FIELDS)


@dg.multi_asset(
    group_name="ingest",
    outs={
        "cleaned_articles": dg.AssetOut(
            description="Every readable raw file as a cleaned article: Unicode repaired, page "
                        "furniture removed, headline/date/publisher/url kept, duplicates marked. "
                        "Internal (holds the body text)."),
        "ingest_rejects": dg.AssetOut(
            description="Raw files (or .jsonl lines) that could not be read, with a reason code."),
    },
)
def ingest(context: dg.AssetExecutionContext, settings: PipelineSettings,
           run_lock: dg.ResourceParam[None]):  # held until the run ends (pipeline/instance.py)
    """Read every file under the raw folder; one bad file never stops the others."""
    freeze_long_lived()  # the run's first step: imports and definitions out of the collector's walks
    # spaCy loads on the other core while this step reads the raw folder (pipeline/defs/extract.py),
    # when this run goes on to extract
    selected = context.run.asset_selection
    if not selected or dg.AssetKey("extractions") in selected:  # none or empty: the whole job
        from pipeline.defs.extract import prestart_extraction
        if prestart_extraction(settings):
            context.log.debug("an extraction worker is loading spaCy while ingest runs")
    limits = settings.limits
    folder = raw_folder(settings.raw_storage())
    # What ingest made of each unchanged raw file last time (pipeline/ingest/cache.py).
    cache = IngestCache(settings.ingest_cache_dir, ingest_version(limits))
    try:
        articles, rejects = folder.read(limits, cache)
    except BaseException as exc:
        from pipeline.defs.extract import stop_prestarted
        stop_prestarted()  # the run ends here
        if isinstance(exc, RawFolderError):
            raise dg.Failure(f"stage ingest: {exc}") from exc
        raise
    try:
        cache.save()
    except Exception as exc:  # noqa: BLE001 - only the next run's speed depends on it
        context.log.warning(f"could not write the ingest cache under {settings.ingest_cache_dir} "
                            f"({type(exc).__name__}: {exc}); the next run reads every raw file again")
    reused = cache.by_stamp + cache.by_content
    shown = raw_dir = folder.shown()
    articles, dup_rejects = mark_duplicates(articles, body_key=cache.body_key)
    rejects = collapse_repeats(rejects + dup_rejects)
    articles.sort(key=lambda a: a.article_id)
    df = articles_frame(articles)
    rj = rejects_frame(rejects)
    context.log.info(f"{len(df)} articles, {len(rj)} rejects from {raw_dir}; "
                     f"{reused} files from the ingest cache, {cache.ingested} read and cleaned")
    yield dg.Output(df, "cleaned_articles", metadata={
        "dagster/row_count": len(df),
        "raw_dir": shown,
        "duplicates": int(df["duplicate_of"].notna().sum()) if len(df) else 0,
        "ingest_version": cache.version,
        **cache.summary(),
        "preview": dg.MetadataValue.md(
            df[["article_id", "source_path", "title", "published_date", "word_count"]]
            .head(10).to_markdown(index=False) if len(df) else "(none)"),
    })
    yield dg.Output(rj, "ingest_rejects", metadata={
        "dagster/row_count": len(rj),
        "by_reason": dg.MetadataValue.json(rj["reason"].value_counts().to_dict() if len(rj) else {}),
    })
