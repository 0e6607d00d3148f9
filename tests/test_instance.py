"""`make instance` cannot race (issue 12, finding 5): processes creating the Dagster
instance together all succeed, the storage has one schema version, and an instance
that cannot be opened is reported with what to do."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "dagster.yaml"


def _start(home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.instance", str(home), str(TEMPLATE)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _alembic_versions(home: Path) -> dict[str, list]:
    out = {}
    for db in home.rglob("*.db"):
        con = sqlite3.connect(db)
        try:
            out[db.name] = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.OperationalError:
            pass
        finally:
            con.close()
    return out


@pytest.mark.slow
def test_instances_created_together_all_succeed(tmp_path):
    for trial in range(2):  # each process imports Dagster (~5 s): few trials, the lock does the work
        home = tmp_path / f"home{trial}"
        procs = [_start(home) for _ in range(2)]
        outputs = [p.communicate(timeout=180)[0] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        versions = _alembic_versions(home)
        assert versions and all(len(v) == 1 for v in versions.values()), versions
        assert (home / "dagster.yaml").read_bytes() == TEMPLATE.read_bytes()


@pytest.mark.slow
def test_broken_instance_is_reported_with_what_to_do(tmp_path):
    home = tmp_path / "home"
    p = _start(home)
    assert p.wait(timeout=180) == 0, p.stdout.read()
    dbs = list(home.rglob("runs.db")) or list(home.rglob("*.db"))
    assert dbs
    dbs[0].write_bytes(b"this is not a database" * 100)
    p = _start(home)
    out = p.communicate(timeout=180)[0]
    assert p.returncode != 0
    assert "cannot be used" in out and "mv " in out, out


@pytest.mark.slow
def test_a_second_run_on_the_instance_waits_and_says_so(tmp_path):
    """Runs of one instance share DAGSTER_HOME/storage (the assets' intermediate values):
    two `make run` together overwrote each other's files and one failed loading its
    input. A run now holds DAGSTER_HOME/.run.lock; while another holds it, a run waits,
    says so, and goes on when it is released. (scripts/concurrent_runs_trial.py runs
    two whole `make run` at once, 20 times.)"""
    import fcntl
    import os
    import time

    home = tmp_path / "home"
    p = _start(home)
    assert p.wait(timeout=180) == 0, p.stdout.read()
    env = dict(os.environ, DAGSTER_HOME=str(home), PIPELINE_RAW_DIR=str(ROOT / "raw"),
               PIPELINE_OUTPUT_DIR=str(tmp_path / "out"))
    with open(home / ".run.lock", "a+") as held:  # another run, as far as the lock can tell
        fcntl.flock(held, fcntl.LOCK_EX)
        run = subprocess.Popen([sys.executable, "-m", "pipeline.runlog"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = run.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("waiting: another run is using the Dagster instance"):
                break
        assert lines and lines[-1].startswith("waiting: another run"), "".join(lines)
        time.sleep(1)
        assert run.poll() is None  # still waiting, nothing run yet
        assert not (tmp_path / "out" / "latest").exists()
    out = "".join(lines) + run.communicate(timeout=300)[0]  # released: it goes on
    assert run.returncode == 0, out
    assert "this run went on after waiting" in out and "published release" in out, out
