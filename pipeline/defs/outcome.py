"""What a run tells people afterwards: outcome tags on the run (published / unchanged /
failed, with the release id and counts), links from the release to its published files
and page, and a run-failure sensor that tags failed runs started by the daemon."""
from __future__ import annotations

from typing import Any

import dagster as dg

from pipeline.publish.site import read_index

OUTCOME_TAG = "techbridges/outcome"
RELEASE_TAG = "techbridges/release_id"
COUNTED = ("organisations", "agreements", "engagements", "cooperation_edges")


def tag_outcome(context: dg.AssetExecutionContext, outcome: str, release_id: str | None = None,
                row_counts: dict[str, int] | None = None) -> None:
    """Tag the current run with its outcome (and release id and main counts)."""
    tags = {OUTCOME_TAG: outcome}
    if release_id:
        tags[RELEASE_TAG] = release_id
    for t in COUNTED:
        if row_counts and t in row_counts:
            tags[f"techbridges/{t}"] = str(row_counts[t])
    context.instance.add_run_tags(context.run_id, tags)


def previous_release(output_dir: str) -> dict[str, Any] | None:
    """The index entry of the release ``latest`` holds now (before this run publishes)."""
    index = read_index(output_dir)
    last = index.get("last_successful")
    for r in index.get("releases", []):
        if isinstance(r, dict) and r.get("id") == last:
            return r
    return None


def release_links(output_dir: str, result: Any, previous: dict[str, Any] | None) -> dict:
    """Metadata of the release asset: its page, every published Parquet file, and the
    change of row counts against the release it replaced."""
    folder = str(result.path)
    md: dict[str, Any] = {}
    md["site"] = dg.MetadataValue.path(_file(folder, "index.html"))
    md["files"] = dg.MetadataValue.json({
        name: _file(folder, name) for name in sorted(result.file_hashes) if name.endswith(".parquet")})
    if previous and result.published:
        before = previous.get("row_counts") or {}
        md["previous_release"] = str(previous.get("id"))
        md["row_changes"] = dg.MetadataValue.json(
            {t: n - int(before.get(t, 0)) for t, n in result.row_counts.items()})
    return md


@dg.run_failure_sensor(name="tag_failed_runs", default_status=dg.DefaultSensorStatus.RUNNING,
                       description="Tags every failed run `techbridges/outcome=failed`, so the "
                                   "runs list tells published, unchanged and failed runs apart.")
def tag_failed_runs(context: dg.RunFailureSensorContext):
    context.instance.add_run_tags(context.dagster_run.run_id, {OUTCOME_TAG: "failed"})


def raw_folder_name(raw_dir: str) -> str:
    """What a release says about where its articles came from: the raw folder's last
    name (``raw``), never the machine path above it."""
    return str(raw_dir).rstrip("/").rsplit("/", 1)[-1] or "raw"


def _file(folder: str, name: str) -> str:
    return f"{folder.rstrip('/')}/{name}"


def observe_published_tables(context: dg.AssetExecutionContext, result: Any) -> None:
    """Record, on every table asset, where its published Parquet and CSV files are (an
    observation: the UI shows it on the table's page, next to the materialization,
    whose ``path`` is only Dagster's internal copy between steps)."""
    folder = str(result.path)
    for t, rows in result.row_counts.items():
        context.log_event(dg.AssetObservation(asset_key=t, metadata={
            "published_parquet": dg.MetadataValue.path(_file(folder, f"{t}.parquet")),
            "published_csv": dg.MetadataValue.path(_file(folder, f"{t}.csv")),
            "release_id": result.release_id,
            "outcome": result.reason,
        }))
