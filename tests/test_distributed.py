"""The job on a real distributed engine: Celery workers with a Redis broker, and Dagster's
multiprocess executor, with raw files, extraction cache, step files and output on S3
(moto's server on 127.0.0.1); both releases must equal, table for table, the release of
an in-process run over the same articles. This is the recipe of the README's section
"More than one machine", run here on one machine: every process gets its settings from
the environment, the run and the workers share a Dagster instance (SQLite here,
Postgres across machines) and the broker.

Needs `redis-server` (Debian's package; .ci/run installs it): skipped without it,
except under CI (`CI` set), where it fails. Time on 2 idle cores: about 3.5 min for both runs, of which the multiprocess run (a
fresh process per step, ~25 steps) takes most; `make test` (CI) runs both.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from conftest import ARTICLES, run_job

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from compare_releases import compare  # noqa: E402

# Slow on shared cores (see above): more than the suite's 900 s default limit.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]

BIN = Path(sys.executable).parent
BUCKET = "dist"
CORPUS = [("pipeline", "lagos-visit.txt"), ("pipeline", "tallinn-mou.txt"), ("pipeline", "tallinn-mou-copy.txt"),
          ("events", "delegation_minister.txt"), ("events", "agreed_to_sign.txt")]
WORKERS = ("w1", "w2")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, ready, timeout: float, procs=(), logs=()) -> None:
    t0 = time.monotonic()
    while not ready():
        for p in procs:
            if p.poll() is not None:
                shown = "\n".join(Path(f).read_text()[-2000:] for f in logs)
                raise RuntimeError(f"{what}: process {p.args[0]} exited with {p.returncode}\n{shown}")
        if time.monotonic() - t0 > timeout:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    """End a process we started, with everything it started (its own session)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed (Debian: apt-get install redis-server; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    d = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", str(d)], stdout=open(d / "log", "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        import redis

        def answers() -> bool:
            try:
                return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping())
            except redis.exceptions.ConnectionError:
                return False

        wait_for("redis-server", answers, 30, [proc])
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield "http://127.0.0.1:{}".format(server.get_host_and_port()[1])
    finally:
        server.stop()


@pytest.fixture(scope="module")
def env(tmp_path_factory, s3_endpoint, redis_url) -> dict[str, str]:
    """The environment of the run and of the workers: dummy S3 credentials, the
    endpoint, the broker, a Dagster instance of its own, the pipeline settings."""
    home = tmp_path_factory.mktemp("dagster_home")
    # Explicit storage folder: the test process opens this instance too.
    # No compute-log capture: it starts two more processes per step.
    (home / "dagster.yaml").write_text(
        f"telemetry:\n  enabled: false\nstorage:\n  sqlite:\n    base_dir: {home}\n"
        "compute_logs:\n  module: dagster._core.storage.noop_compute_log_manager\n  class: NoOpComputeLogManager\n")
    no_aws = tmp_path_factory.mktemp("no_aws")
    e = {k: v for k, v in os.environ.items() if not k.startswith(("PIPELINE_", "AWS_", "DAGSTER_"))}
    e.update({
        "DAGSTER_HOME": str(home),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # dagster-celery starts `celery`
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(no_aws / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(no_aws / "credentials"),
        "PIPELINE_S3_ENDPOINT_URL": s3_endpoint,
        "PIPELINE_RAW_DIR": f"s3://{BUCKET}/raw",
        "PIPELINE_STEPS_DIR": f"s3://{BUCKET}/steps",
        "PIPELINE_CELERY_BROKER": redis_url, "PIPELINE_CELERY_BACKEND": redis_url,
        # The workers need the run's settings: they load the definitions themselves.
        **settings_of("celery"),
    })
    # Created once before the workers start, as `make instance` does: processes that
    # open a fresh instance together race to create its tables.
    subprocess.run([sys.executable, "-m", "pipeline.instance", str(home)], cwd=ROOT, env=e, check=True)
    return e


@pytest.fixture(scope="module")
def s3(env, s3_endpoint):
    import s3fs

    fs = s3fs.S3FileSystem(key="testing", secret="testing", client_kwargs={"endpoint_url": s3_endpoint},
                           skip_instance_cache=True)
    fs.mkdir(BUCKET)
    for sub, name in CORPUS:
        fs.put(str(ARTICLES / sub / name), f"{BUCKET}/raw/{name}")
    return fs


@pytest.fixture(scope="module")
def workers(env, tmp_path_factory):
    """Two Celery workers, one task at a time each, started the README's way."""
    logs = tmp_path_factory.mktemp("workers")
    procs = []
    try:
        for name in WORKERS:
            procs.append(subprocess.Popen(
                [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app", "-y",
                 str(ROOT / "celery.yaml"), "-q", "dagster", "-n", name, "--", "--pool", "solo"],
                cwd=ROOT, env=env, stdout=open(logs / f"{name}.log", "w"), stderr=subprocess.STDOUT,
                start_new_session=True))
        wait_for("celery workers", lambda: all(
            "ready." in (logs / f"{n}.log").read_text() for n in WORKERS), 180, procs,
            [logs / f"{n}.log" for n in WORKERS])
        yield logs
    finally:
        for p in procs:
            stop(p)


def settings_of(name: str) -> dict[str, str]:
    """The run named `name` uses executor `name`, its own output and its own cache."""
    return {"PIPELINE_EXECUTOR": name, "PIPELINE_OUTPUT_DIR": f"s3://{BUCKET}/{name}/out",
            "PIPELINE_CACHE_DIR": f"s3://{BUCKET}/{name}/cache"}


def execute(env: dict[str, str], name: str) -> str:
    """Run the job the README's way (`dagster job execute`) with the settings of `name`;
    returns the run id."""
    executor = name
    run_env = dict(env, **settings_of(name))
    tag = json.dumps({"test/name": name})
    proc = subprocess.run([str(BIN / "dagster"), "job", "execute", "-m", "pipeline.definitions", "-j", "techbridges",
                           "--tags", tag], cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=1500)
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={"test/name": name}))
        status = runs[0].status if runs else None
        assert proc.returncode == 0 and status == dg.DagsterRunStatus.SUCCESS, \
            f"{executor} run: {status}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        # Its first step recorded the settings that every later step checked.
        assert json.loads(runs[0].tags["techbridges/settings"])["executor"] == executor
        return runs[0].run_id


def step_hosts(env: dict[str, str], run_id: str) -> dict[str, str]:
    """Step key -> the Celery worker that executed it (dagster-celery's engine event)."""
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        out = {}
        for rec in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
            ev = rec.dagster_event
            md = ev.event_specific_data.metadata if ev and ev.event_specific_data else {}
            if "Celery worker" in md:
                out[ev.step_key] = md["Celery worker"].value
        return out


def steps_of(env: dict[str, str], run_id: str) -> set[str]:
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        return {r.dagster_event.step_key for r in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_SUCCESS)}


def objects(s3, prefix: str) -> list[str]:
    s3.invalidate_cache()  # s3fs caches listings
    return [k for k in s3.find(f"{BUCKET}/{prefix}") if not k.endswith("/")]


def download_latest(s3, name: str, to: Path) -> Path:
    to.mkdir()
    for key in objects(s3, f"{name}/out/latest"):
        if key.endswith(".parquet"):
            s3.get(key, str(to / Path(key).name))
    return to


def in_process_latest(tmp_path: Path, instance) -> Path:
    """The same articles, in process, on local folders: the release to equal."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for sub, name in CORPUS:
        shutil.copy2(ARTICLES / sub / name, raw / name)
    assert run_job(raw, out, instance).success
    return out / "latest"


def assert_same_release(s3, name: str, tmp_path: Path, instance) -> None:
    want = in_process_latest(tmp_path, instance)
    got = download_latest(s3, name, tmp_path / name)
    same, lines = compare(want, got)
    assert same, f"{name} release differs from the in-process one:\n" + "\n".join(lines)
    rows = {line.split()[0]: int(line.split()[2]) for line in lines}
    assert rows["articles.parquet"] == len(CORPUS) and rows["organisations.parquet"] > 0


def test_celery_publishes_the_in_process_release(env, s3, workers, tmp_path, instance):
    t0 = time.monotonic()
    celery_run = execute(env, "celery")
    # Every step ran as a Celery task on one of the two workers, and both took some.
    hosts = step_hosts(env, celery_run)
    steps = steps_of(env, celery_run)
    assert {"ingest", "resolve", "release"} <= steps
    assert set(hosts) == steps, f"steps not run by a Celery worker: {sorted(steps - set(hosts))}"
    assert {h.split("@")[0] for h in hosts.values()} == set(WORKERS), hosts
    assert objects(s3, f"steps/{celery_run}")  # step files on S3, in the run's folder
    assert objects(s3, "celery/cache")
    assert_same_release(s3, "celery", tmp_path, instance)
    print(f"celery run {time.monotonic() - t0:.0f} s")


# A fresh process per step (~25 steps): about 2.5 minutes of the 2 CI cores.
def test_multiprocess_publishes_the_in_process_release(env, s3, tmp_path, instance):
    t0 = time.monotonic()
    before = {k.split("/")[2] for k in objects(s3, "steps/")}
    multi_run = execute(env, "multiprocess")
    assert not step_hosts(env, multi_run)
    assert objects(s3, f"steps/{multi_run}")
    # Its first step removed the step files of earlier runs that succeeded.
    assert not any(objects(s3, f"steps/{r}") for r in before - {multi_run})
    assert_same_release(s3, "multiprocess", tmp_path, instance)
    print(f"multiprocess run {time.monotonic() - t0:.0f} s")
