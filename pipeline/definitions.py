"""The `pipeline` code location: assets by stage, blocking checks, job, schedule, sensor."""
from __future__ import annotations

import warnings

import dagster as dg

warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from pipeline.defs.automation import daily_schedule, raw_folder_sensor, techbridges_job  # noqa: E402
from pipeline.defs.checks import all_checks  # noqa: E402
from pipeline.defs.extract import extract  # noqa: E402
from pipeline.defs.id_checks import id_checks  # noqa: E402
from pipeline.defs.ingest import ingest  # noqa: E402
from pipeline.defs.outcome import tag_failed_runs  # noqa: E402
from pipeline.defs.publish import release  # noqa: E402
from pipeline.defs.resolve import resolve  # noqa: E402
from pipeline.instance import hold_run_lock  # noqa: E402
from pipeline.settings import PipelineSettings  # noqa: E402


def build_definitions(settings: PipelineSettings | None = None,
                      loggers: dict[str, dg.LoggerDefinition] | None = None) -> dg.Definitions:
    """All definitions; tests pass their own settings (temporary raw and output folders).
    ``loggers`` replaces the default console logger (`make run` passes its concise one,
    pipeline/runlog.py)."""
    return dg.Definitions(
        assets=[ingest, extract, resolve, release],
        asset_checks=[*all_checks, *id_checks],
        jobs=[techbridges_job],
        schedules=[daily_schedule],
        sensors=[raw_folder_sensor, tag_failed_runs],
        # run_lock: one run at a time per instance, as runs share DAGSTER_HOME/storage (pipeline/instance.py)
        resources={"settings": settings or PipelineSettings.from_env(), "run_lock": dg.resource(hold_run_lock)},
        # One process for the whole run: a process per step costs ~3 s of imports each.
        executor=dg.in_process_executor,
        loggers=loggers,
    )


defs = build_definitions()
