"""Shared fixtures: a temporary raw folder and output folder, and a way to run the
real job through Dagster against them."""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    return raw, out


def copy_articles(raw: Path, *names: str, sub: str = "pipeline") -> None:
    for n in names:
        shutil.copy2(ARTICLES / sub / n, raw / n)


@pytest.fixture(scope="session")
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def run_job(raw: Path, out: Path, instance, **settings) -> dg.ExecuteInProcessResult:
    """Run the `techbridges` job in process over these folders; never raises on failure."""
    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings

    defs = build_definitions(PipelineSettings(raw_dir=str(raw), output_dir=str(out), **settings))
    job = defs.resolve_job_def("techbridges")
    return job.execute_in_process(instance=instance, raise_on_error=False)


def asset_metadata(res: dg.ExecuteInProcessResult, asset: str) -> dict:
    """The metadata values of `asset`'s materialization in the run `res`."""
    for ev in res.get_asset_materialization_events():
        mat = ev.event_specific_data.materialization
        if mat.asset_key == dg.AssetKey(asset):
            return {k: v.value for k, v in mat.metadata.items()}
    raise AssertionError(f"no materialization of `{asset}` in this run")
