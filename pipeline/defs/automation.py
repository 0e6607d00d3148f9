"""Unattended runs: a daily schedule and a sensor that notices raw-folder changes."""

import hashlib
import json

import dagster as dg

from pipeline.ingest.raw_folder import raw_folder
from pipeline.settings import PipelineSettings

techbridges_job = dg.define_asset_job(
    "techbridges", selection=dg.AssetSelection.all(),
    description="Ingest the raw folder, extract, resolve, validate and publish a release.")

daily_schedule = dg.ScheduleDefinition(
    name="daily_release", job=techbridges_job, cron_schedule="0 3 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Rebuild once a day even when no file changed (catches edits the sensor missed).")


def raw_folder_changes(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    folder = raw_folder(settings.raw_storage())
    missing = folder.missing()
    if missing:
        return dg.SkipReason(missing)
    state = folder.state()  # a listing error fails the tick, visibly
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


def make_raw_folder_sensor(interval_s: int) -> dg.SensorDefinition:
    """The sensor, evaluated every `interval_s` seconds (settings.sensor_interval_s)."""
    return dg.sensor(job=techbridges_job, name="raw_folder_sensor", minimum_interval_seconds=interval_s,
                     default_status=dg.DefaultSensorStatus.RUNNING,
                     description="Starts one run for a batch of new, changed or deleted raw files.",
                     )(raw_folder_changes)


raw_folder_sensor = make_raw_folder_sensor(PipelineSettings.model_fields["sensor_interval_s"].default)
