"""Unattended runs: a daily schedule and a sensor that notices raw-folder changes."""

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from pipeline import storage
from pipeline.ingest.sources import scan_raw_folder
from pipeline.settings import PipelineSettings

# How often the daemon evaluates the sensor (seconds); tests shorten it.
SENSOR_INTERVAL_S = int(os.environ.get("PIPELINE_SENSOR_INTERVAL_S") or 30)

techbridges_job = dg.define_asset_job(
    "techbridges", selection=dg.AssetSelection.all(),
    description="Ingest the raw folder, extract, resolve, validate and publish a release.")

daily_schedule = dg.ScheduleDefinition(
    name="daily_release", job=techbridges_job, cron_schedule="0 3 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild once a day even when no file changed (catches edits the sensor missed).")


def remote_folder_state(raw_url: str) -> dict[str, list]:
    """{relative path: [size, ETag or mtime]} of every object under a raw-folder URL."""
    return {rel: [f.size, f.version] for rel, f in storage.list_files(raw_url).items()}


def folder_state(raw_dir: Path) -> dict[str, list[int]]:
    """{relative path: [size, mtime_ns]} of every file in the raw folder."""
    state = {}
    for rel in scan_raw_folder(raw_dir):
        try:
            st = os.stat(raw_dir / rel)
        except OSError:
            continue
        state[rel] = [st.st_size, st.st_mtime_ns]
    return state


@dg.sensor(job=techbridges_job, minimum_interval_seconds=SENSOR_INTERVAL_S,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Starts one run for a batch of new, changed or deleted raw files.")
def raw_folder_sensor(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    if storage.is_url(settings.raw_dir):
        state = remote_folder_state(settings.raw_dir)  # a listing error fails the tick, visibly
    else:
        raw_dir = storage.local_path(settings.raw_dir)
        if not raw_dir.is_dir():
            return dg.SkipReason(f"raw folder {raw_dir.resolve()} does not exist")
        state = folder_state(raw_dir)
    digest = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]
    previous = json.loads(context.cursor) if context.cursor else {}
    if previous.get("digest") == digest:
        return dg.SkipReason(f"no change in {len(state)} raw files since the last run request")
    old = previous.get("files", {})
    if not state and not old:
        # Nothing there and nothing before: no run (it would only fail closed).
        context.update_cursor(json.dumps({"digest": digest, "files": state}))
        return dg.SkipReason(f"the raw folder {settings.raw_dir} is empty; waiting for files")
    added = sorted(set(state) - set(old))
    removed = sorted(set(old) - set(state))
    changed = sorted(k for k in set(state) & set(old) if state[k] != old[k])
    context.update_cursor(json.dumps({"digest": digest, "files": state}))
    return dg.RunRequest(run_key=f"raw-{digest}", tags={
        "techbridges/added": str(len(added)), "techbridges/changed": str(len(changed)),
        "techbridges/removed": str(len(removed))})
