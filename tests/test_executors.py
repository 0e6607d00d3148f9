"""Picking the executor by setting, and the per-run step folders of the multi-process
executors (the distributed runs themselves: tests/test_distributed.py)."""
from __future__ import annotations

import dagster as dg
import pytest

from pipeline.executors import executor_for, prune_step_folders
from pipeline.settings import PipelineSettings, SettingsError
from pipeline.storage import storage_at


def test_executor_by_setting():
    assert executor_for(PipelineSettings()) is dg.in_process_executor
    assert executor_for(PipelineSettings(executor="multiprocess")).name == "multiprocess"
    env = {"PIPELINE_CELERY_BROKER": "redis://127.0.0.1:1/0", "PIPELINE_CELERY_BACKEND": "redis://127.0.0.1:1/0"}
    assert executor_for(PipelineSettings(executor="celery"), env).name == "celery"
    with pytest.raises(SettingsError, match="PIPELINE_CELERY_BACKEND"):
        executor_for(PipelineSettings(executor="celery"), {"PIPELINE_CELERY_BROKER": "redis://x/0"})
    with pytest.raises(SettingsError, match="PIPELINE_EXECUTOR='k8s'"):
        PipelineSettings.from_env({"PIPELINE_EXECUTOR": "k8s"})
    assert PipelineSettings.from_env({"PIPELINE_EXECUTOR": " celery ",
                                      "PIPELINE_STEPS_DIR": "s3://b/steps"}).steps_dir == "s3://b/steps"


def test_prune_removes_only_the_step_folders_of_successful_runs(tmp_path, instance):
    @dg.asset
    def one() -> int:
        return 1

    @dg.asset
    def broken() -> int:
        raise ValueError("no")

    ok = dg.materialize([one], instance=instance).run_id
    failed = dg.materialize([broken], instance=instance, raise_on_error=False).run_id
    steps = storage_at(tmp_path)
    for run_id in (ok, failed, "current", "not-a-run"):
        steps.write_bytes(b"x", run_id, "organisations.parquet")
    steps.write_bytes(b"x", "organisations.parquet")  # an in-process run's file
    assert prune_step_folders(instance, steps, current_run="current") == [ok]
    assert set(steps.list_files()) == {f"{failed}/organisations.parquet", "current/organisations.parquet",
                                       "not-a-run/organisations.parquet", "organisations.parquet"}
