"""Where a run's steps execute (`PIPELINE_EXECUTOR`), and what keeps two runs apart.

* ``in_process`` (default; `make run` always): the whole run in one process. The
  `run_lock` resource holds `DAGSTER_HOME/.run.lock` from the first step to the end
  (pipeline/instance.py), so runs sharing the step files take turns.
* ``multiprocess``: a process per step on this machine (Dagster's
  `multiprocess_executor`, as many at once as there are cores).
* ``celery``: each step is a Celery task run by a worker, on this machine or others
  (dagster-celery, the `celery` extra); broker and result backend come from
  `PIPELINE_CELERY_BROKER` and `PIPELINE_CELERY_BACKEND` (e.g. `redis://host:6379/0`),
  read by the run and by `dagster-celery worker start -y celery.yaml` alike.

With a process per step a lock cannot keep runs apart: resources are set up in each
step's own process, so `run_lock` would be held by the ingest step only and released
when it ends, while the run goes on. These executors therefore give each run its own
step folder (``StepTablesIOManager(per_run=True)``: `<steps>/<run id>/`) and `run_lock`
becomes the housekeeping of those folders: when a run starts, the folders of runs
that succeeded are removed (a failed run's stay, for re-executing it from the
failure). On more than one machine the step folder must be shared storage
(`PIPELINE_STEPS_DIR=s3://bucket/steps`), like raw, output and cache.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

import dagster as dg

from pipeline.settings import PipelineSettings, SettingsError
from pipeline.storage import Storage

BROKER, BACKEND = "PIPELINE_CELERY_BROKER", "PIPELINE_CELERY_BACKEND"


def executor_for(settings: PipelineSettings, environ: Mapping[str, str] | None = None) -> dg.ExecutorDefinition:
    """The executor `settings.executor` names; raises SettingsError when the Celery one
    lacks its broker settings or its package."""
    if settings.executor == "in_process":
        return dg.in_process_executor
    if settings.executor == "multiprocess":
        # Steps forked from a server that imported the code once: a spawned process per
        # step re-imports dagster, pandas and spaCy (~5 s each, on 20 steps).
        return dg.multiprocess_executor.configured(
            {"start_method": {"forkserver": {"preload_modules": ["pipeline.definitions"]}}}, name="multiprocess")
    env = os.environ if environ is None else environ
    missing = [v for v in (BROKER, BACKEND) if not env.get(v, "").strip()]
    if missing:
        raise SettingsError(f"PIPELINE_EXECUTOR=celery needs {' and '.join(missing)} "
                            "(the broker and result backend the workers use, e.g. redis://127.0.0.1:6379/0)")
    try:
        from dagster_celery import celery_executor
    except ImportError:
        raise SettingsError("PIPELINE_EXECUTOR=celery needs the 'celery' extra: "
                            "uv sync --extra celery (or pip install 'techbridges[celery]')") from None
    # Read from the environment when the run starts, never written into the job's config
    # (a broker URL may hold a password); the workers read the same two variables.
    return celery_executor.configured({"broker": {"env": BROKER}, "backend": {"env": BACKEND}}, name="celery")


def prune_step_folders(instance: dg.DagsterInstance, steps: Storage, current_run: str) -> list[str]:
    """Remove `<steps>/<run id>/` of every other run that succeeded; returns the ids.
    Files directly under `steps` (the in-process runs') and folders of unknown, failed
    or running runs are left alone."""
    run_ids = {rel.split("/", 1)[0] for rel in steps.list_files() if "/" in rel} - {current_run}
    removed = []
    for run_id in sorted(run_ids):
        run = instance.get_run_by_id(run_id)
        if run is not None and run.status == dg.DagsterRunStatus.SUCCESS:
            steps.remove(run_id, recursive=True)
            removed.append(run_id)
    return removed
