"""Stage 3, resolve: extractions -> the contract's tables (one Dagster asset each)."""

import dagster as dg
import pandas as pd

from pipeline.resolve import changes as changelog
from pipeline.resolve import ids
from pipeline import schemas
from pipeline.defs.ingest import articles_from_frame
from pipeline.resolve.edges import cooperation_edges
from pipeline.models import ArticleExtraction
from pipeline.extract import extractor_version
from pipeline.resolve.judgements import load_judgements
from pipeline.publish.release import current_release, latest_row_counts, read_latest
from pipeline.reference.registry import default_registry
from pipeline.settings import PipelineSettings
from pipeline.resolve.tables import build_tables
from pipeline.tables_io import paused_gc

DESCRIPTIONS = {
    "articles": "One row per ingested article: ids, source path, headline, date, publisher, url.",
    "organisations": "One row per real organisation, with every alias, type, country and sources.",
    "mentions": "Every place an organisation is mentioned: article, surface text and offsets.",
    "agreements": "Agreements signed or planned, merged across the articles that report them.",
    "agreement_parties": "Who is party (or funder, witness) to each agreement.",
    "engagements": "Visits, meetings, forums, exhibitions, workshops and programmes.",
    "engagement_participants": "Who took part in each engagement, and in what role.",
    "rejects": "Inputs that could not be used, with a stable reason code and a message.",
    "org_merges": "Why differently named organisations are one: the rule and reason of each merge.",
    "id_redirects": "Ids merged into another since they were published, and the id that replaces each.",
    "cooperation_edges": "The cooperation network as an edge list: one row per pair of "
                         "organisations joined by one agreement or engagement.",
    "changes": "Every article, organisation, agreement and engagement row that differs from the "
               "previous release.",
}


def table_metadata(table: str, df: pd.DataFrame) -> dict:
    md = {
        "dagster/row_count": len(df),
        "dagster/column_schema": schemas.dagster_column_schema(table),
    }
    if len(df):
        preview = df.head(10).copy()
        for c in preview.columns:
            preview[c] = preview[c].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
        md["preview"] = dg.MetadataValue.md(preview.to_markdown(index=False))
    return md


@dg.multi_asset(
    group_name="resolve",
    outs={**{t: dg.AssetOut(description=DESCRIPTIONS[t], kinds={"pandas"})
             for t in schemas.TABLES},
          "id_ledger": dg.AssetOut(description=(
              "The id ledger stored with the release (id_ledger.json): every live id with its "
              "members, every retired id. Read from the current release at the start of the "
              "run (pipeline/ids.py)."), kinds={"json"})},
    can_subset=False,
)
def resolve(context: dg.AssetExecutionContext, settings: PipelineSettings,
            cleaned_articles: pd.DataFrame,
            extractions: dict[str, ArticleExtraction],
            ingest_rejects: pd.DataFrame, extract_rejects: pd.DataFrame):
    """Resolve organisations across articles and spellings, merge agreements and
    engagements reported by several articles, and shape every contract table."""
    with paused_gc():  # a million small objects built at once (pipeline/tables_io.py)
        ledger = ids.load_ledger(*current_release(settings.output_dir))  # ids continue from it
        (context.log.warning if ledger.status == "lost" else context.log.info)(
            f"id ledger: {ledger.message}")
        tables = build_tables(articles_from_frame(cleaned_articles), extractions, default_registry(),
                              judgements=load_judgements(), ledger=ledger)
        del extractions
        tables["rejects"] = pd.concat([ingest_rejects, extract_rejects], ignore_index=True)
        # Of the previous release, `changes` compares the entity tables; the rest is counted.
        previous = read_latest(settings.output_dir, {t: None for t in changelog.ENTITY_TABLES})
        ledger_doc = changelog.add_history(tables, ledger, previous,
                                           latest_row_counts(settings.output_dir))
        del previous
        ledger_doc["extractor_version"] = extractor_version()
        tables["cooperation_edges"] = cooperation_edges(tables)  # pipeline/edges.py
        canonical = {t: schemas.coerce(t, tables[t]) for t in schemas.TABLES}
    del tables
    context.log.info(", ".join(f"{len(canonical[t])} {t}" for t in
                               ("organisations", "agreements", "engagements", "mentions")))
    for table in schemas.TABLES:
        df = canonical[table]
        yield dg.Output(df, table, metadata=table_metadata(table, df))
    yield dg.Output(ledger_doc, "id_ledger", metadata={
        "status": ledger.status, "message": ledger.message,
        "previous_release": ledger.previous_release_id or "none",
        "new_redirects": len(ledger.new_retired)})
