"""Blocking asset checks: a failed check stops the release asset from running, so
nothing is published and `latest` keeps pointing at the last good release."""

import datetime as dt
import inspect

import dagster as dg
import pandas as pd

from pipeline import schemas, storage
from pipeline.publish.release import latest_row_counts
from pipeline.settings import PipelineSettings
from pipeline.tables_io import paused_gc


class KnownValidRows:
    """Digests of the rows of one table that passed its contract check (with the date
    they were checked on), per validator version (pipeline/schemas.py
    `validator_version`): `<cache>/validated/<version>/<table>.txt`, beside the
    extraction cache (`PIPELINE_CACHE_DIR`, else `<output>/.cache`). The next run's check
    validates only the rows not listed (and every row sharing a key value with another,
    schemas.validate_new_rows). Replaced whole after each passing check (atomic: a rename
    or one PUT); a list that is missing, unreadable or from a later date is an empty one
    (every row validated). It holds no data, only digests: a row is skipped only when
    its exact typed values passed this same validator before."""

    def __init__(self, settings: PipelineSettings, table: str):
        root = (storage.storage_at(settings.cache_dir).join("validated") if settings.cache_dir
                else storage.storage_at(settings.output_dir).join(".cache", "validated"))
        self.store = storage.storage_at(root).child(schemas.validator_version())
        self.name = f"{table}.txt"

    def load(self, today: dt.date) -> set[str]:
        try:
            head, _, rest = self.store.read_bytes(self.name).decode("ascii").partition("\n")
            checked_on = dt.date.fromisoformat(head.removeprefix("checked "))
        except (OSError, ValueError):
            return set()
        return set(rest.split()) if checked_on <= today else set()

    def save(self, digests: list[str], today: dt.date) -> None:
        text = f"checked {today.isoformat()}\n" + "\n".join(sorted(set(digests))) + "\n"
        self.store.write_bytes(text.encode("ascii"), self.name)


def _contract_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_contract", blocking=True,
                    description=f"pandera: `{table}` has the contract's columns, types, enums, "
                                "patterns, unique keys and date range (schemas/); rows that "
                                "passed in an earlier run are not validated again (keys are).")
    def _check(context: dg.AssetCheckExecutionContext, settings: PipelineSettings,
               df: pd.DataFrame) -> dg.AssetCheckResult:
        today = dt.date.today()
        memo = KnownValidRows(settings, table)
        with paused_gc():  # pipeline/tables_io.py
            digests = schemas.row_digests(table, df)
            known = memo.load(today) if digests is not None else set()
            errors, validated = schemas.validate_new_rows(table, df, digests, known, today=today)
        if not errors and digests is not None and set(digests) != known:
            try:
                memo.save(digests, today)
            except OSError as exc:  # costs the next run a full validation, nothing else
                context.log.warning(f"could not record the valid rows of {table} ({exc})")
        return dg.AssetCheckResult(
            passed=not errors,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"failures": len(errors), "rows": len(df), "rows_validated": validated,
                      "rows_known_valid": len(df) - validated,
                      "details": dg.MetadataValue.md(
                          "\n".join(f"- {e}" for e in errors[:50]) or "none")},
        )
    return _check


contract_checks = [_contract_check(t) for t in schemas.TABLES]

_OTHERS = {t: dg.AssetIn(t) for t in schemas.TABLES if t != "organisations"}
# Tables the row-loss guard leaves alone: rejects, tables derived from others (the edge
# list shrinks only when facts do, which are guarded) and the contract's optional tables.
UNGUARDED = {"rejects", "cooperation_edges", *getattr(schemas, "OPTIONAL_TABLES", ())}


def _takes(*names: str, settings: bool = False):
    """Give ``fn(**tables)`` an explicit signature (Dagster matches inputs by parameter
    name): every contract table, plus the ``settings`` resource when asked."""
    def deco(fn):
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        params = [inspect.Parameter(n, kind, annotation=pd.DataFrame) for n in names]
        if settings:
            params.insert(0, inspect.Parameter("settings", kind, annotation=PipelineSettings))
        fn.__signature__ = inspect.Signature(params, return_annotation=dg.AssetCheckResult)
        return fn
    return deco


@dg.asset_check(asset="organisations", additional_ins=_OTHERS, blocking=True,
                description="Every org_id, article id and parent id referenced anywhere exists "
                            "(the contract's integrity rules).")
@_takes(*schemas.TABLES)
def references_resolve(**tables: pd.DataFrame) -> dg.AssetCheckResult:
    errors = schemas.cross_table_errors(tables)
    return dg.AssetCheckResult(passed=not errors, metadata={
        "failures": len(errors),
        "details": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors[:50]) or "none")})


@dg.asset_check(asset="articles", additional_ins={"rejects": dg.AssetIn("rejects")},
                blocking=True,
                description="Fail closed: a run that read no article publishes nothing.")
def articles_not_empty(settings: PipelineSettings, articles: pd.DataFrame,
                       rejects: pd.DataFrame) -> dg.AssetCheckResult:
    ok = len(articles) > 0
    if ok:
        why = "ok"
    elif len(rejects):
        why = (f"every one of the {len(rejects)} inputs in the raw folder {settings.raw_dir} was "
               f"rejected (first: {rejects['source_path'].iloc[0]}: {rejects['reason'].iloc[0]}); "
               "fix them (see the rejects asset) and run again; nothing was published")
    else:
        why = (f"the raw folder {settings.raw_dir} holds no article files: put .txt, .md, "
               ".html, .json or .jsonl articles there, or set PIPELINE_RAW_DIR to the folder "
               "that holds them; nothing was published")
    return dg.AssetCheckResult(passed=ok, metadata={
        "articles": len(articles), "rejects": len(rejects), "why": why})


@dg.asset_check(asset="organisations", additional_ins=_OTHERS, blocking=True,
                description="Fail closed: no table may lose more than PIPELINE_MAX_ROW_LOSS_SHARE "
                            "of the rows it had in the latest release.")
@_takes(*schemas.TABLES, settings=True)
def no_mass_row_loss(*, settings: PipelineSettings, **tables: pd.DataFrame) -> dg.AssetCheckResult:
    previous = latest_row_counts(settings.output_dir)   # the files' metadata, not their rows
    current = tables
    losses = {}
    for table, prev in previous.items():
        if table in UNGUARDED or table not in current or prev == 0:
            continue
        lost = 1 - len(current[table]) / prev
        if lost > settings.max_row_loss_share:
            losses[table] = f"{prev} -> {len(current[table])} rows ({lost:.0%} lost)"
    return dg.AssetCheckResult(passed=not losses, metadata={
        "limit": settings.max_row_loss_share,
        "details": dg.MetadataValue.md(
            "\n".join(f"- {t}: {m}" for t, m in losses.items()) or "no table shrank past the limit"),
        "why": "ok" if not losses else (
            "this release would drop more rows than allowed compared with the latest release; "
            "if raw files were removed on purpose, raise PIPELINE_MAX_ROW_LOSS_SHARE for this run"),
    })


all_checks = [*contract_checks, references_resolve, articles_not_empty, no_mass_row_loss]
