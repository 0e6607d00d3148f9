"""Stage 1, ingest: the raw folder -> cleaned articles and ingest rejects."""

import dataclasses
from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.ingest import Limits, ingest_path, mark_duplicates, scan_raw_folder
from pipeline.models import Article, Reject
from pipeline.settings import PipelineSettings

ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article)]
REJECT_FIELDS = [f.name for f in dataclasses.fields(Reject)]


def articles_from_frame(df: pd.DataFrame) -> list[Article]:
    return [Article(**row) for row in df.to_dict("records")]


def collapse_repeats(rejects: list[Reject]) -> list[Reject]:
    """One row per distinct reject; a repeat (a line copied n times within one .jsonl)
    says how many times it occurred instead of repeating the row."""
    counts: dict[Reject, int] = {}
    for r in rejects:
        counts[r] = counts.get(r, 0) + 1
    return [r if n == 1 else dataclasses.replace(r, message=f"{r.message} ({n} occurrences)")
            for r, n in counts.items()]


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
def ingest(context: dg.AssetExecutionContext, settings: PipelineSettings):
    """Read every file under the raw folder; one bad file never stops the others."""
    raw_dir = Path(settings.raw_dir)
    if not raw_dir.is_dir():
        raise dg.Failure(f"raw folder {raw_dir.resolve()} does not exist: create it or set "
                         "PIPELINE_RAW_DIR to the folder holding the article files")
    limits = Limits(max_file_bytes=settings.max_file_bytes,
                    max_jsonl_lines=settings.max_jsonl_lines,
                    max_article_chars=settings.max_article_chars)
    articles: list[Article] = []
    rejects: list[Reject] = []
    for rel in scan_raw_folder(raw_dir):
        a, r = ingest_path(raw_dir, rel, limits)
        articles += a
        rejects += r
    articles, dup_rejects = mark_duplicates(articles)
    rejects = collapse_repeats(rejects + dup_rejects)
    articles.sort(key=lambda a: a.article_id)
    df = pd.DataFrame([dataclasses.asdict(a) for a in articles], columns=ARTICLE_FIELDS)
    rj = rejects_frame(rejects)
    context.log.info(f"{len(df)} articles, {len(rj)} rejects from {raw_dir}")
    yield dg.Output(df, "cleaned_articles", metadata={
        "dagster/row_count": len(df),
        "raw_dir": str(raw_dir.resolve()),
        "duplicates": int(df["duplicate_of"].notna().sum()) if len(df) else 0,
        "preview": dg.MetadataValue.md(
            df[["article_id", "source_path", "title", "published_date", "word_count"]]
            .head(10).to_markdown(index=False) if len(df) else "(none)"),
    })
    yield dg.Output(rj, "ingest_rejects", metadata={
        "dagster/row_count": len(rj),
        "by_reason": dg.MetadataValue.json(rj["reason"].value_counts().to_dict() if len(rj) else {}),
    })
