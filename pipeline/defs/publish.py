"""Stage 4, publish: the validated tables -> an immutable release, then `latest`."""

import datetime as dt

import dagster as dg
import pandas as pd

from pipeline import schemas
from pipeline.resolve.changes import release_files
from pipeline.extract import extractor_version
from pipeline.defs.outcome import (observe_published_tables, previous_release, raw_folder_name,
                                   release_links, tag_outcome)
from pipeline.publish.release import ReleaseValidationError, write_release
from pipeline.settings import PipelineSettings
from pipeline.tables_io import paused_gc


# The checks whose work the release gate would repeat (write_release's `checked`).
GATE_CHECKS = frozenset({dg.AssetCheckKey(dg.AssetKey(t), f"{t}_matches_contract")
                         for t in schemas.TABLES}
                        | {dg.AssetCheckKey(dg.AssetKey("organisations"), "references_resolve")})


def checked_in_this_run(context: dg.AssetExecutionContext) -> bool:
    """True when this run evaluated every check in GATE_CHECKS and each passed, on the
    tables this step loads (the same stored outputs of this run). Not so when the release
    runs without its checks (an asset subset, a re-execution of only this step): the
    gate then validates everything itself."""
    passed: set[dg.AssetCheckKey] = set()
    failed: set[dg.AssetCheckKey] = set()
    for rec in context.instance.all_logs(context.run_id,
                                         of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        ev = rec.dagster_event.event_specific_data if rec.dagster_event else None
        key = getattr(ev, "asset_check_key", None)
        if key is not None:
            (passed if getattr(ev, "passed", False) else failed).add(key)
    return GATE_CHECKS <= passed and not GATE_CHECKS & failed


@dg.asset(
    group_name="publish",
    ins={**{t: dg.AssetIn(t) for t in schemas.TABLES}, "id_ledger": dg.AssetIn("id_ledger")},
    kinds={"parquet", "csv"},
    # The daily schedule republishes (or confirms "unchanged") every day; 36 h without a
    # successful materialization means the schedule, the daemon or the runs are broken.
    freshness_policy=dg.FreshnessPolicy.time_window(fail_window=dt.timedelta(hours=36)),
    description="A versioned release: Parquet + CSV of every table, datapackage.json, README "
                "data dictionary, SHA256SUMS; `latest` switches atomically after every blocking "
                "check passed. Unchanged content publishes nothing new.",
)
def release(context: dg.AssetExecutionContext, settings: PipelineSettings,
            **tables: pd.DataFrame) -> dg.MaterializeResult:
    # id_ledger.json and CHANGES.md go into the release folder (pipeline/changes.py).
    extra_files = release_files(tables.pop("id_ledger"), tables)
    previous = previous_release(settings.output_dir)
    checked = checked_in_this_run(context)
    try:
        with paused_gc():  # every table serialised at once (pipeline/tables_io.py)
            result = write_release(tables, settings.output_dir, run_meta={
                "dagster_run_id": context.run_id,
                "extractor_version": extractor_version(),
                "raw_folder": raw_folder_name(settings.raw_dir),  # a name, never a machine path
            }, max_row_loss_share=settings.max_row_loss_share, extra_files=extra_files,
                checked=checked)
    except ReleaseValidationError as exc:
        tag_outcome(context, "failed")
        shown = "\n".join(f"- {e}" for e in exc.errors[:20])
        raise dg.Failure(
            description=(f"stage publish: the release gate refused the tables "
                         f"({len(exc.errors)} errors); nothing was written to "
                         f"{settings.output_dir} and `latest` is unchanged. First errors:\n{shown}"),
            metadata={"errors": len(exc.errors), "output_dir": settings.output_dir},
        ) from exc
    except OSError as exc:
        tag_outcome(context, "failed")
        where = getattr(exc, "filename", None) or settings.output_dir
        raise dg.Failure(
            description=(f"stage publish: writing the release failed at {where} "
                         f"({type(exc).__name__}: {exc}); `latest` still points at the "
                         "previous release"),
            metadata={"output_dir": settings.output_dir},
        ) from exc
    context.log.info(f"release {result.release_id}: {result.reason}")
    tag_outcome(context, result.reason, result.release_id, result.row_counts)
    observe_published_tables(context, result)  # each table asset links to its published files
    return dg.MaterializeResult(metadata={
        "release_id": result.release_id,
        "published": result.published,
        "outcome": result.reason,
        "path": dg.MetadataValue.path(str(result.path)),
        "row_counts": dg.MetadataValue.json(result.row_counts),
        # "checks of this run": the gate did not validate the tables a second time.
        "gate": "checks of this run" if checked else "full",
        **release_links(settings.output_dir, result, previous),
    })
