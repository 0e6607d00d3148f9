"""Acceptance: the real dagster-webserver and dagster-daemon over a temporary DAGSTER_HOME
(the project's dagster.yaml), on 127.0.0.1. Through the GraphQL API: the code location
loads with the schedule and sensor on; a raw file added to the folder makes the sensor
start a run, which publishes a new release. Every process started here is stopped by pid
(its process group), also when the test fails."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conftest import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STARTUP_S = 120
RUN_TIMEOUT_S = 240

# Started from a background shell, SIGINT may be ignored, and Dagster then ignores
# SIGTERM too (dagster.md gotcha 8): reset SIGINT to its default before exec.
TRAMPOLINE = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); " \
             "os.execv(sys.argv[1], sys.argv[1:])"

WORKSPACE_QUERY = """
{ workspaceOrError { __typename
    ... on Workspace { locationEntries { name loadStatus
      locationOrLoadError { __typename
        ... on RepositoryLocation { repositories { name
            jobs { name }
            schedules { name cronSchedule scheduleState { status } }
            sensors { name sensorState { status } } } }
        ... on PythonError { message } } } }
    ... on PythonError { message } } }
"""

RUNS_QUERY = """
query Runs($filter: RunsFilter) { runsOrError(filter: $filter) { __typename
    ... on Runs { results { runId status tags { key value } } } } }
"""

SENSOR_TICKS_QUERY = """
query Ticks($selector: SensorSelector!) { sensorOrError(sensorSelector: $selector) { __typename
    ... on Sensor { sensorState { ticks(limit: 10) { status skipReason runIds } } } } }
"""

RELEASE_QUERY = """
{ assetOrError(assetKey: {path: ["release"]}) { __typename
    ... on Asset { assetMaterializations(limit: 1) { runId
        metadataEntries { label ... on TextMetadataEntry { text } } } } } }
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """TERM the process group led by `proc` (it was started in its own session), wait,
    then KILL whatever of the group is left (code servers, run workers)."""
    pgid = proc.pid
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(pgid, 0)  # anyone left in the group?
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            continue
        break
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


@pytest.fixture
def dagster_stack(tmp_path):
    """(url, raw, out, logs); starts webserver + daemon and always stops them."""
    home, raw, out, cache = (tmp_path / n for n in ("home", "raw", "out", "cache"))
    for d in (home, raw):
        d.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "PIPELINE_RAW_DIR": str(raw),
           "PIPELINE_OUTPUT_DIR": str(out), "PIPELINE_CACHE_DIR": str(cache),
           "PIPELINE_SENSOR_INTERVAL_S": "5", "PYTHONUNBUFFERED": "1"}
    # As `make instance` does: create the SQLite schema once, before two processes
    # start at the same time (both creating it races on alembic's version table).
    subprocess.run([str(BIN / "dagster"), "instance", "migrate"], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=120)
    commands = {
        "webserver": [str(BIN / "dagster-webserver"), "-w", "workspace.yaml",
                      "-h", "127.0.0.1", "-p", str(port)],
        "daemon": [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"],
    }
    procs: dict[str, subprocess.Popen] = {}
    logs = {name: tmp_path / f"{name}.log" for name in commands}
    try:
        for name, cmd in commands.items():
            with open(logs[name], "wb") as log:
                procs[name] = subprocess.Popen(
                    [sys.executable, "-c", TRAMPOLINE, *cmd], cwd=ROOT, env=env,
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True)
        yield f"http://127.0.0.1:{port}", raw, out, logs, procs
    finally:
        for proc in procs.values():
            stop_group(proc)
        for proc in procs.values():
            with pytest.raises(ProcessLookupError):
                os.killpg(proc.pid, 0)  # nothing of ours is left


def graphql(url: str, query: str, variables: dict | None = None) -> dict:
    r = requests.post(f"{url}/graphql", json={"query": query, "variables": variables or {}},
                      timeout=30)
    r.raise_for_status()
    body = r.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def tail(logs: dict[str, Path]) -> str:
    return "\n".join(f"--- {n}:\n{p.read_text(errors='replace')[-3000:]}" for n, p in logs.items())


def wait_for(what: str, check, timeout: float, logs, procs, every: float = 1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            assert proc.poll() is None, f"{name} exited ({proc.returncode})\n{tail(logs)}"
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}\n{tail(logs)}")


def test_instance_template(tmp_path, monkeypatch):
    """The project's dagster.yaml: SQLite under DAGSTER_HOME, telemetry off, one
    `techbridges` run at a time, tick retention."""
    import dagster as dg
    from dagster._core.scheduler.instigation import InstigatorType, TickStatus

    shutil.copy(ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with dg.DagsterInstance.from_config(str(tmp_path)) as inst:
        assert not inst.telemetry_enabled
        queue = inst.get_concurrency_config().run_queue_config
        assert type(inst.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert queue.max_concurrent_runs == 1
        assert {"key": "dagster/job_name", "value": "techbridges", "limit": 1} in \
            queue.tag_concurrency_limits
        assert inst.get_tick_retention_settings(InstigatorType.SENSOR)[TickStatus.SKIPPED] == 3
        assert inst.get_tick_retention_settings(InstigatorType.SCHEDULE)[TickStatus.SUCCESS] == 30
        inst.get_runs()  # creates the SQLite storage
    assert (tmp_path / "history" / "runs.db").is_file()
    assert "/.dagster/" in (ROOT / ".gitignore").read_text().split()


@pytest.mark.slow
def test_webserver_and_daemon_publish_a_release_from_the_sensor(dagster_stack):
    url, raw, out, logs, procs = dagster_stack

    def server_up():
        try:
            return requests.get(f"{url}/server_info", timeout=5).ok
        except requests.RequestException:
            return False

    wait_for("the webserver", server_up, STARTUP_S, logs, procs)

    def location_loaded():
        ws = graphql(url, WORKSPACE_QUERY)["workspaceOrError"]
        assert ws["__typename"] == "Workspace", ws
        [entry] = ws["locationEntries"]
        if entry["loadStatus"] != "LOADED":
            return None
        loc = entry["locationOrLoadError"]
        assert loc["__typename"] == "RepositoryLocation", loc
        return entry

    entry = wait_for("the code location", location_loaded, STARTUP_S, logs, procs)
    assert entry["name"] == "pipeline"
    [repo] = entry["locationOrLoadError"]["repositories"]
    assert "techbridges" in {j["name"] for j in repo["jobs"]}
    schedules = {s["name"]: s for s in repo["schedules"]}
    sensors = {s["name"]: s for s in repo["sensors"]}
    assert schedules["daily_release"]["scheduleState"]["status"] == "RUNNING"
    assert schedules["daily_release"]["cronSchedule"] == "0 3 * * *"
    assert sensors["raw_folder_sensor"]["sensorState"]["status"] == "RUNNING"

    selector = {"repositoryLocationName": "pipeline", "repositoryName": repo["name"],
                "sensorName": "raw_folder_sensor"}

    def ticks():
        data = graphql(url, SENSOR_TICKS_QUERY, {"selector": selector})["sensorOrError"]
        return data["sensorState"]["ticks"] if data["__typename"] == "Sensor" else []

    # The daemon ticks the sensor over the empty folder: a skip with a reason, no run.
    skipped = wait_for("a skipped sensor tick", lambda: [t for t in ticks() if t["status"] == "SKIPPED"],
                       STARTUP_S, logs, procs)
    assert "empty" in skipped[0]["skipReason"]

    shutil.copy2(ARTICLES / "pipeline" / "lagos-visit.txt", raw / "lagos-visit.txt")
    sensor_runs = {"tags": [{"key": "dagster/sensor_name", "value": "raw_folder_sensor"}]}

    def finished_run():
        runs = graphql(url, RUNS_QUERY, {"filter": sensor_runs})["runsOrError"]["results"]
        assert len(runs) <= 1, runs  # one run for the batch
        if runs and runs[0]["status"] in ("SUCCESS", "FAILURE", "CANCELED"):
            return runs[0]
        return None

    run = wait_for("the sensor's run", finished_run, RUN_TIMEOUT_S, logs, procs, every=2)
    assert run["status"] == "SUCCESS", f"{run}\n{tail(logs)}"
    assert {t["key"]: t["value"] for t in run["tags"]}["techbridges/added"] == "1"

    latest = out / "latest"
    assert latest.is_symlink() and (latest / "organisations.parquet").is_file()
    release = graphql(url, RELEASE_QUERY)["assetOrError"]["assetMaterializations"][0]
    meta = {m["label"]: m.get("text") for m in release["metadataEntries"]}
    assert release["runId"] == run["runId"]
    assert meta["release_id"] == os.readlink(latest).rsplit("/", 1)[-1]
