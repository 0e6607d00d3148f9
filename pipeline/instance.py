"""Create (once) and check the project's Dagster instance: `make instance`.

`DAGSTER_HOME` (default `.dagster/`) gets the template `dagster.yaml` and its SQLite
storage schema. Two `make run` (or `make ui` and `make daemon`) started together on a
fresh checkout used to race here: both copied the template and both ran the storage
migration, and the loser failed, or left two alembic heads that broke every later run.
Now creation happens under an exclusive file lock (`DAGSTER_HOME/.instance.lock`):
the second process waits, says so, and finds the instance ready. The template is
copied atomically, and a marker file says the schema was created; an instance that
cannot be opened is reported with what to do, instead of failing later deep in a run.

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


def _locked(home: Path):
    f = open(home / LOCK, "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting: another process is creating the Dagster instance in {home}", file=sys.stderr, flush=True)
        t0 = time.monotonic()
        fcntl.flock(f, fcntl.LOCK_EX)
        print(f"instance ready after waiting {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    return f


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
