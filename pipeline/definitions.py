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
from pipeline.executors import executor_for, prune_step_folders  # noqa: E402
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
    # A process per step (multiprocess, celery): step files per run, no run lock
    # (pipeline/executors.py explains why).
    one_process = settings.executor == "in_process"
    io_manager = StepTablesIOManager(base_path=settings.steps_dir, per_run=not one_process)
    return dg.Definitions(
        assets=[ingest, extract, resolve, release],
        asset_checks=[*all_checks, *id_checks],
        jobs=[techbridges_job],
        schedules=[daily_schedule],
        sensors=[make_raw_folder_sensor(settings.sensor_interval_s), tag_failed_runs],
        # Tables between steps as Parquet (JSON lines, JSON) files instead of pickles;
        # run_lock: in process, one run at a time per instance, as runs share
        # DAGSTER_HOME/storage (pipeline/instance.py); with a process per step, the
        # pruning of the per-run step folders instead.
        resources={"settings": settings, "io_manager": io_manager,
                   "run_lock": dg.resource(hold_run_lock) if one_process else _step_folder_pruning(io_manager)},
        # By default one process for the whole run: a process per step costs ~3 s of
        # imports each. PIPELINE_EXECUTOR picks another (pipeline/executors.py).
        executor=executor_for(settings),
        loggers=loggers,
    )


def _step_folder_pruning(io_manager: StepTablesIOManager) -> dg.ResourceDefinition:
    """`run_lock` under a multi-process executor: set up by the ingest step, it removes
    the step folders of earlier runs that succeeded."""
    def prune(init_context: dg.InitResourceContext) -> None:
        instance = init_context.instance
        if instance is not None and init_context.run_id:
            removed = prune_step_folders(instance, io_manager.root(instance), init_context.run_id)
            if removed and init_context.log is not None:
                init_context.log.info(f"removed the step files of {len(removed)} earlier successful runs")
    return dg.resource(prune)


defs = build_definitions()
