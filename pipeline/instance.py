"""Create (once) and check the project's Dagster instance: `make instance`.

`DAGSTER_HOME` (default `.dagster/`) gets the template `dagster.yaml` and its SQLite
storage schema. Two `make run` (or `make ui` and `make daemon`) started together on a
fresh checkout used to race here: both copied the template and both ran the storage
migration, and the loser failed, or left two alembic heads that broke every later run.
Now creation happens under an exclusive file lock (`DAGSTER_HOME/.instance.lock`):
the second process waits, says so, and finds the instance ready. The template is
copied atomically, and a marker file says the schema was created; an instance that
cannot be opened is reported with what to do, instead of failing later deep in a run.

Runs are serialised too (`hold_run_lock`, the job's `run_lock` resource): a run keeps
its assets' intermediate values in `DAGSTER_HOME/storage/<asset>` (the filesystem IO
manager of the in-process executor), one file per asset shared by every run of the
instance. Two `make run` started together overwrote each other's files there, and one
failed loading a half-written input (1 in 5 trials of scripts/concurrent_runs_trial.py;
worse, a run could have read the other run's tables). Now a run holds an exclusive
lock on `DAGSTER_HOME/.run.lock` from its first step to its end; a second run waits,
says so, and then runs on its own. (The daemon's run queue also allows one run at a
time; the lock covers `make run` beside it.)

Usage: python -m pipeline.instance [DAGSTER_HOME] [TEMPLATE]
"""
from __future__ import annotations

import contextlib
import fcntl
import io
import os
import sys
import tempfile
import time
from pathlib import Path

MARKER = ".techbridges-instance-ready"
LOCK = ".instance.lock"


def _lock(path: Path, waiting: str, went_on: str, log=None):
    """Open `path` and hold an exclusive lock on it, saying so (stderr, and `log` when
    given) when another process holds it first. Returns the open file: closing it
    releases the lock."""
    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)
        if log is not None:
            log.info(msg)

    f = open(path, "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say(waiting)
        t0 = time.monotonic()
        fcntl.flock(f, fcntl.LOCK_EX)
        say(went_on.format(waited=f"{time.monotonic() - t0:.0f}"))
    return f


def _locked(home: Path):
    return _lock(home / LOCK, f"waiting: another process is creating the Dagster instance in {home}",
                 "instance ready after waiting {waited} s")


RUN_LOCK = ".run.lock"


def hold_run_lock(init_context):
    """Resource body: hold `DAGSTER_HOME/.run.lock` for the whole run (an in-process run
    sets its resources up once, before the first step, and tears them down at its end).
    An instance with no folder (an ephemeral one) keeps nothing on disk: no lock."""
    root = getattr(init_context.instance, "root_directory", None) if init_context.instance else None
    if not root or not Path(root).is_dir():
        yield None
        return
    f = _lock(Path(root) / RUN_LOCK,
              f"waiting: another run is using the Dagster instance in {root} (runs keep their "
              "intermediate values there); this run goes on when it ends",
              "the other run ended; this run went on after waiting {waited} s", init_context.log)
    try:
        yield None
    finally:
        f.close()


def ensure_instance(home: Path, template: Path) -> None:
    """Create the instance in `home` from `template` if needed, then check it opens.
    Raises SystemExit with a message when it cannot."""
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home.resolve())
    lock = _locked(home)
    try:
        cfg = home / "dagster.yaml"
        if not cfg.exists():
            fd, tmp = tempfile.mkstemp(dir=home, prefix=".dagster.yaml.")
            with os.fdopen(fd, "wb") as f:
                f.write(template.read_bytes())
            os.replace(tmp, cfg)
        import warnings

        warnings.filterwarnings("ignore")
        from dagster import DagsterInstance

        try:
            with DagsterInstance.get() as instance:
                if not (home / MARKER).exists():
                    with contextlib.redirect_stdout(io.StringIO()):  # "Updating event log storage..."
                        instance.upgrade()  # creates the storage schema (`dagster instance migrate`)
                    (home / MARKER).write_text("storage schema created\n")
                instance.get_runs(limit=1)  # the storage answers
        except Exception as exc:  # noqa: BLE001 - any failure here means the instance is unusable
            raise SystemExit(
                f"the Dagster instance in {home} cannot be used ({type(exc).__name__}: {exc}).\n"
                f"Move it aside and run again, which creates a fresh one (run history is lost, the "
                f"published data is not): mv '{home}' '{home}.broken'") from None
    finally:
        lock.close()


def main(argv: list[str]) -> None:
    home = Path(argv[1] if len(argv) > 1 else os.environ.get("DAGSTER_HOME") or ".dagster")
    template = Path(argv[2] if len(argv) > 2 else Path(__file__).resolve().parent.parent / "dagster.yaml")
    ensure_instance(home, template)


if __name__ == "__main__":
    main(sys.argv)
