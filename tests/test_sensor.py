"""The raw-folder sensor, evaluated with build_sensor_context on a test instance: one run
request per batch of new, changed or deleted files; a skip with a reason otherwise."""
from __future__ import annotations

import json
import os

import dagster as dg
import pytest

from conftest import copy_articles
from pipeline.defs.automation import raw_folder_sensor
from pipeline.settings import PipelineSettings


@pytest.fixture(scope="module")
def sensor_instance():
    with dg.instance_for_test() as inst:
        yield inst


def tick(instance, raw, cursor):
    """Evaluate the sensor once; returns (result, cursor after the tick)."""
    ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources={
        "settings": PipelineSettings(raw_dir=str(raw), output_dir=str(raw.parent / "out"))})
    result = raw_folder_sensor(ctx)
    return result, ctx.cursor


def assert_run(result, added=0, changed=0, removed=0) -> dg.RunRequest:
    assert isinstance(result, dg.RunRequest), result
    assert result.tags["techbridges/added"] == str(added)
    assert result.tags["techbridges/changed"] == str(changed)
    assert result.tags["techbridges/removed"] == str(removed)
    assert result.run_key
    return result


def assert_skip(result, *words: str) -> None:
    assert isinstance(result, dg.SkipReason), result
    assert result.skip_message
    for w in words:
        assert w in result.skip_message


@pytest.mark.slow
def test_sensor_batches_changes_into_one_run_request(folders, sensor_instance):
    raw, _ = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")

    first, cursor = tick(sensor_instance, raw, None)
    req = assert_run(first, added=2)
    assert set(json.loads(cursor)["files"]) == {"lagos-visit.txt", "tallinn-mou.txt"}

    second, cursor2 = tick(sensor_instance, raw, cursor)
    assert_skip(second, "no change", "2 raw files")
    assert cursor2 == cursor

    # Two new files at once: one request for the batch.
    copy_articles(raw, "tallinn-mou-copy.txt")
    (raw / "sub").mkdir()
    (raw / "sub" / "note.md").write_text("# A note\n\nSome text.\n")
    batch, cursor = tick(sensor_instance, raw, cursor)
    assert_run(batch, added=2)
    assert batch.run_key != req.run_key
    assert_skip(tick(sensor_instance, raw, cursor)[0], "no change")

    # A changed file (same size, new content and mtime).
    p = raw / "lagos-visit.txt"
    st = p.stat()
    p.write_bytes(p.read_bytes().replace(b"Tuesday", b"Mondayy"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    changed, cursor = tick(sensor_instance, raw, cursor)
    assert_run(changed, changed=1)

    # A deleted file.
    (raw / "tallinn-mou-copy.txt").unlink()
    removed, cursor = tick(sensor_instance, raw, cursor)
    assert_run(removed, removed=1)
    assert_skip(tick(sensor_instance, raw, cursor)[0], "no change", "3 raw files")


@pytest.mark.slow
def test_sensor_skips_with_a_reason_for_a_missing_or_empty_folder(tmp_path, sensor_instance):
    missing = tmp_path / "nope"
    result, _ = tick(sensor_instance, missing, None)
    assert_skip(result, "does not exist")

    empty = tmp_path / "raw"
    empty.mkdir()
    result, cursor = tick(sensor_instance, empty, None)
    assert_skip(result, "empty")

    # Files arriving later start a run; emptying the folder again is a change too
    # (the run then fails closed and keeps `latest`).
    copy_articles(empty, "lagos-visit.txt")
    result, cursor = tick(sensor_instance, empty, cursor)
    assert_run(result, added=1)
    (empty / "lagos-visit.txt").unlink()
    result, cursor = tick(sensor_instance, empty, cursor)
    assert_run(result, removed=1)
    assert_skip(tick(sensor_instance, empty, cursor)[0], "no change")


def test_schedule_and_sensor_are_on_by_default():
    from pipeline.definitions import defs

    assert defs.resolve_sensor_def("raw_folder_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    schedule = defs.resolve_schedule_def("daily_release")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.cron_schedule == "0 3 * * *"
    assert schedule.job_name == "techbridges"
