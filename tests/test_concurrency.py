"""Two runs of the real job at once, as two OS processes, on one output folder.

Each child process runs the `techbridges` job (ingest .. publish) with its own
ephemeral Dagster instance, so Dagster's run queue plays no part: only the publish
lock can keep them apart. To make the two publishes really overlap in time (instead of
hoping for it), each child wraps ``fcntl.flock`` -- the standard library, not our code
-- to log when it waits for, gets and releases the publish lock, and the first holder
keeps the lock until the other process is blocked on it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_articles, run_job
from pipeline.publish.build import verify_release

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent

CHILD = r'''
"""Run the job on RAW -> OUT; log the publish lock; optionally hold it or wait at it."""
import fcntl, os, sys, time

raw, out, cache, logdir, mode = sys.argv[1:6]
me = str(os.getpid())
_flock = fcntl.flock


def log(event):
    with open(os.path.join(logdir, me + ".log"), "a") as f:
        f.write(f"{time.time():.6f} {event}\n")


def wait_for(pred, seconds=120):
    deadline = time.time() + seconds
    while not pred() and time.time() < deadline:
        time.sleep(0.05)


def is_publish_lock(fd):
    try:
        return os.readlink(f"/proc/self/fd/{fd}").endswith("/.publish.lock")
    except OSError:
        return False


def flock(fd, op):
    if not is_publish_lock(fd):
        return _flock(fd, op)
    if op & fcntl.LOCK_EX:
        open(os.path.join(logdir, "waiting-" + me), "w").close()
        log("wait")
        if mode == "gate":  # the test says when this process may take the lock
            wait_for(lambda: os.path.exists(os.path.join(logdir, "go")))
        _flock(fd, op)
        log("acquired")
        if mode == "hold":  # keep the lock until the other process waits for it
            wait_for(lambda: any(n.startswith("waiting-") and n != "waiting-" + me
                                 for n in os.listdir(logdir)))
            time.sleep(0.5)
        return None
    if op & fcntl.LOCK_UN:
        log("release")
    return _flock(fd, op)


fcntl.flock = flock

import dagster as dg
from pipeline.definitions import build_definitions
from pipeline.settings import PipelineSettings

settings = PipelineSettings(raw_dir=raw, output_dir=out, cache_dir=cache)
job = build_definitions(settings).resolve_job_def("techbridges")
# Errors only on the console: the parent reads stderr at the end, and a child blocked on
# a full pipe would never reach the lock.
result = job.execute_in_process(
    instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
    run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
for ev in result.all_events:
    if ev.event_type_value == "STEP_FAILURE":
        print(ev.step_failure_data.error.to_string(), file=sys.stderr)
print("SUCCESS" if result.success else "FAILED")
sys.exit(0 if result.success else 1)
'''


def start(child: Path, raw: Path, out: Path, cache: Path, logdir: Path, mode: str):
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONWARNINGS="ignore")
    return subprocess.Popen([sys.executable, str(child), str(raw), str(out), str(cache),
                             str(logdir), mode], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def lock_log(logdir: Path) -> dict[str, dict[str, float]]:
    out = {}
    for p in logdir.glob("*.log"):
        events = {}
        for line in p.read_text().splitlines():
            t, ev = line.split()
            events.setdefault(ev, float(t))
        out[p.stem] = events
    return out


@pytest.fixture
def setup(tmp_path):
    raw_a, raw_b = tmp_path / "raw_a", tmp_path / "raw_b"
    raw_a.mkdir()
    raw_b.mkdir()
    copy_articles(raw_a, "lagos-visit.txt", "tallinn-mou.txt")
    copy_articles(raw_b, "lagos-visit.txt", "tallinn-mou.txt")
    copy_articles(raw_b, "nordic-workshop.txt", sub="robustness")
    logdir = tmp_path / "log"
    logdir.mkdir()
    child = tmp_path / "job_child.py"
    child.write_text(CHILD, encoding="utf-8")
    return tmp_path, raw_a, raw_b, logdir, child


def test_two_jobs_started_at_once_publish_in_turn(setup):
    tmp_path, raw_a, raw_b, logdir, child = setup
    out = tmp_path / "out"
    procs = [start(child, raw, out, tmp_path / f"cache_{raw.name}", logdir, "hold")
             for raw in (raw_a, raw_b)]
    for p in procs:
        stdout, stderr = p.communicate(timeout=400)
        assert p.returncode == 0, stderr[-4000:]
        assert stdout.strip().endswith("SUCCESS")

    # The lock really was contended, and the two publishing sections never overlapped.
    log = lock_log(logdir)
    assert len(log) == 2 and all({"wait", "acquired", "release"} <= set(e) for e in log.values())
    first, second = sorted(log.values(), key=lambda e: e["acquired"])
    assert second["wait"] < first["release"], "the second run never waited for the first"
    assert second["acquired"] >= first["release"]

    # Both releases are complete, listed, and latest is the one published last.
    releases = out / "releases"
    index = json.loads((releases / "index.json").read_text(encoding="utf-8"))
    ids = sorted(r["id"] for r in index["releases"])
    dirs = sorted(p.name for p in releases.iterdir() if p.is_dir())
    assert len(ids) == 2 and dirs == ids
    for rid in ids:
        assert verify_release(releases / rid) == []
    latest = os.path.basename(os.readlink(out / "latest"))
    assert latest == index["last_successful"]
    assert verify_release(out / "latest") == []
    raw_of = {rid: json.loads((releases / rid / "datapackage.json").read_text())["_run"]["raw_folder"]
              for rid in ids}
    assert sorted(raw_of.values()) == sorted([raw_a.name, raw_b.name])
    n_articles = {rid: len(pd.read_parquet(releases / rid / "articles.parquet")) for rid in ids}
    assert sorted(n_articles.values()) == [2, 3]
    # No temp folders, links or index files left behind.
    assert not list(releases.glob(".tmp-*")) and not list(out.glob("latest.tmp-*"))


def test_row_loss_guard_holds_when_another_run_publishes_in_between(setup, instance):
    """Run S (1 article) passes its blocking checks against an empty output, then
    waits at the publish lock; meanwhile run B publishes 3 articles. When S gets the
    lock, publishing it would drop 2 of 3 articles (more than the 50 % allowed): it
    must be refused, and latest must stay B's release."""
    tmp_path, raw_a, raw_b, logdir, child = setup
    raw_s = tmp_path / "raw_s"
    raw_s.mkdir()
    copy_articles(raw_s, "lagos-visit.txt")
    out, cache = tmp_path / "out", tmp_path / "cache"
    small = start(child, raw_s, out, cache, logdir, "gate")
    try:
        deadline = time.time() + 300
        while not list(logdir.glob("waiting-*")) and small.poll() is None \
                and time.time() < deadline:
            time.sleep(0.1)
        if not list(logdir.glob("waiting-*")):
            small.kill()
            pytest.fail("run S never reached the publish lock:\n" + small.communicate()[1][-3000:])
        assert run_job(raw_b, out, instance, cache_dir=str(cache)).success
        big = os.readlink(out / "latest")
    finally:
        (logdir / "go").touch()
    stdout, stderr = small.communicate(timeout=300)
    assert small.returncode != 0 and stdout.strip().endswith("FAILED"), (
        "a release losing 2 of 3 articles replaced latest because its row-loss check "
        "ran before another run published")
    assert "articles: 3 -> 1 rows" in stderr and "PIPELINE_MAX_ROW_LOSS_SHARE" in stderr
    assert os.readlink(out / "latest") == big
    assert len(pd.read_parquet(out / "latest" / "articles.parquet")) == 3
    releases = out / "releases"
    assert sorted(p.name for p in releases.iterdir() if p.is_dir()) == [os.path.basename(big)]
    assert not list(releases.glob(".tmp-*")) and not list(out.glob("latest.tmp-*"))
    assert verify_release(out / "latest") == []
