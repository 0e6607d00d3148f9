"""The `pipeline` code location: assets by stage, blocking checks, job, schedule, sensor."""
from __future__ import annotations

import warnings

import dagster as dg

warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from pipeline.defs.automation import daily_schedule, make_raw_folder_sensor, techbridges_job  # noqa: E402
from pipeline.defs.checks import all_checks  # noqa: E402
from pipeline.defs.extract import extract  # noqa: E402
from pipeline.defs.id_checks import id_checks  # noqa: E402
from pipeline.defs.ingest import ingest  # noqa: E402
from pipeline.defs.outcome import tag_failed_runs  # noqa: E402
from pipeline.defs.publish import release  # noqa: E402
from pipeline.defs.resolve import resolve  # noqa: E402
from pipeline.instance import hold_run_lock  # noqa: E402
from pipeline.settings import PipelineSettings  # noqa: E402
from pipeline.tables_io import StepTablesIOManager  # noqa: E402


def build_definitions(settings: PipelineSettings | None = None,
                      loggers: dict[str, dg.LoggerDefinition] | None = None) -> dg.Definitions:
    """All definitions; tests pass their own settings (temporary raw and output folders).
    ``loggers`` replaces the default console logger (`make run` passes its concise one,
    pipeline/runlog.py). Without settings they are read from the environment, here, when
    the definitions load: a bad value stops the load with what to fix."""
    settings = settings or PipelineSettings.from_env()
    return dg.Definitions(
        assets=[ingest, extract, resolve, release],
        asset_checks=[*all_checks, *id_checks],
        jobs=[techbridges_job],
        schedules=[daily_schedule],
        sensors=[make_raw_folder_sensor(settings.sensor_interval_s), tag_failed_runs],
        # Tables between steps as Parquet (JSON lines, JSON) files instead of pickles;
        # run_lock: one run at a time per instance, as runs share DAGSTER_HOME/storage
        # (pipeline/instance.py).
        resources={"settings": settings, "io_manager": StepTablesIOManager(),
                   "run_lock": dg.resource(hold_run_lock)},
        # One process for the whole run: a process per step costs ~3 s of imports each.
        executor=dg.in_process_executor,
        loggers=loggers,
    )


defs = build_definitions()
