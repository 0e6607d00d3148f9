"""Blocking asset checks: a failed check stops the release asset from running, so
nothing is published and `latest` keeps pointing at the last good release."""

import dagster as dg
import pandas as pd

from pipeline import schemas
from pipeline.publish import read_latest
from pipeline.settings import PipelineSettings


def _contract_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_contract", blocking=True,
                    description=f"pandera: `{table}` has the contract's columns, types, enums, "
                                "patterns, unique keys and date range (schemas/).")
    def _check(df: pd.DataFrame) -> dg.AssetCheckResult:
        errors = schemas.validate_table(table, df)
        return dg.AssetCheckResult(
            passed=not errors,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"failures": len(errors), "details": dg.MetadataValue.md(
                "\n".join(f"- {e}" for e in errors[:50]) or "none")},
        )
    return _check


contract_checks = [_contract_check(t) for t in schemas.TABLES]

_OTHERS = {t: dg.AssetIn(t) for t in schemas.TABLES if t != "organisations"}


@dg.asset_check(asset="organisations", additional_ins=_OTHERS, blocking=True,
                description="Every org_id, article id and parent id referenced anywhere exists "
                            "(the contract's integrity rules).")
def references_resolve(
    organisations: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame,
    agreements: pd.DataFrame, agreement_parties: pd.DataFrame, engagements: pd.DataFrame,
    engagement_participants: pd.DataFrame, rejects: pd.DataFrame,
) -> dg.AssetCheckResult:
    errors = schemas.cross_table_errors(dict(
        organisations=organisations, articles=articles, mentions=mentions,
        agreements=agreements, agreement_parties=agreement_parties, engagements=engagements,
        engagement_participants=engagement_participants, rejects=rejects))
    return dg.AssetCheckResult(passed=not errors, metadata={
        "failures": len(errors),
        "details": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors[:50]) or "none")})


@dg.asset_check(asset="articles", additional_ins={"rejects": dg.AssetIn("rejects")},
                blocking=True,
                description="Fail closed: a run that read no article publishes nothing.")
def articles_not_empty(articles: pd.DataFrame, rejects: pd.DataFrame) -> dg.AssetCheckResult:
    ok = len(articles) > 0
    return dg.AssetCheckResult(passed=ok, metadata={
        "articles": len(articles), "rejects": len(rejects),
        "why": "ok" if ok else "no article could be read from the raw folder (it is empty, "
                               "the path is wrong, or every file was rejected: see rejects); "
                               "refusing to publish an empty release over the last good one"})


@dg.asset_check(asset="organisations", additional_ins=_OTHERS, blocking=True,
                description="Fail closed: no table may lose more than PIPELINE_MAX_ROW_LOSS_SHARE "
                            "of the rows it had in the latest release.")
def no_mass_row_loss(
    settings: PipelineSettings, organisations: pd.DataFrame, articles: pd.DataFrame,
    mentions: pd.DataFrame, agreements: pd.DataFrame, agreement_parties: pd.DataFrame,
    engagements: pd.DataFrame, engagement_participants: pd.DataFrame, rejects: pd.DataFrame,
) -> dg.AssetCheckResult:
    previous = read_latest(settings.output_dir)
    current = dict(
        organisations=organisations, articles=articles, mentions=mentions,
        agreements=agreements, agreement_parties=agreement_parties, engagements=engagements,
        engagement_participants=engagement_participants)
    losses = {}
    for table, prev in (previous or {}).items():
        if table == "rejects" or table not in current or len(prev) == 0:
            continue
        lost = 1 - len(current[table]) / len(prev)
        if lost > settings.max_row_loss_share:
            losses[table] = f"{len(prev)} -> {len(current[table])} rows ({lost:.0%} lost)"
    return dg.AssetCheckResult(passed=not losses, metadata={
        "limit": settings.max_row_loss_share,
        "details": dg.MetadataValue.md(
            "\n".join(f"- {t}: {m}" for t, m in losses.items()) or "no table shrank past the limit"),
        "why": "ok" if not losses else (
            "this release would drop more rows than allowed compared with the latest release; "
            "if raw files were removed on purpose, raise PIPELINE_MAX_ROW_LOSS_SHARE for this run"),
    })


all_checks = [*contract_checks, references_resolve, articles_not_empty, no_mass_row_loss]
