"""Two `make run` started together on a fresh checkout, N times (issue 12, finding 5).

Each trial copies the project's files (tracked and untracked-but-not-ignored, as
`git ls-files` lists them) into a fresh folder, so there is no `.dagster/` instance
and no `data/` output yet, starts two `make run` at the same moment, and waits for
both. A trial passes when:

- both exit 0 (one may say it waited for the other: "waiting: ...");
- each printed the run summary (published or unchanged) and `data/latest` is a
  release;
- the instance stays usable: its SQLite storage has exactly one alembic version per
  database, and a third `make run` afterwards succeeds (unchanged input: "unchanged").

The virtual environment is shared between trials (the brief allows it; building one
per trial is ~20 s of uv): it lives in WORK/venv and every checkout links `.venv` to it
(uv re-points the editable install at the checkout, always the same path, so the sync
is a no-op after the first trial). `.tools/` (uv) is linked to this project's.

Usage: .venv/bin/python scripts/concurrent_runs_trial.py [--trials 20] [--work DIR]
       [--no-third-run] [--keep]
Prints one line per trial and a closing figure ("20/20 trials passed"); exits 1 if any
trial failed. About 1-2 minutes per trial on 2 cores.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT_S = 600


def _files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                         capture_output=True).stdout.decode()
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def fresh_checkout(dest: Path, venv: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel in _files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    os.symlink(venv, dest / ".venv")
    os.symlink(ROOT / ".tools", dest / ".tools")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIPELINE_", "DAGSTER_", "UV_", "VIRTUAL_ENV"))}
    env["PYTHONHASHSEED"] = env.get("PYTHONHASHSEED", "0")
    return env


def _make_run(checkout: Path, log: Path) -> subprocess.Popen:
    f = open(log, "w")
    return subprocess.Popen(["make", "--no-print-directory", "run"], cwd=checkout, env=_env(), stdout=f,
                            stderr=subprocess.STDOUT, start_new_session=True)


def _wait(procs: list[subprocess.Popen]) -> list[int | None]:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    codes: list[int | None] = []
    for p in procs:
        try:
            codes.append(p.wait(timeout=max(1.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, 9)
            p.wait()
            codes.append(None)  # hung
    return codes


def alembic_versions(home: Path) -> dict[str, list[str]]:
    out = {}
    for db in sorted(home.rglob("*.db")):
        con = sqlite3.connect(db)
        try:
            out[str(db.relative_to(home))] = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.OperationalError:
            pass
        finally:
            con.close()
    return out


def trial(n: int, work: Path, venv: Path, third_run: bool) -> tuple[bool, str]:
    checkout = work / "checkout"
    fresh_checkout(checkout, venv)
    logs = [work / f"trial{n:02d}-a.log", work / f"trial{n:02d}-b.log"]
    t0 = time.monotonic()
    procs = [_make_run(checkout, log) for log in logs]
    codes = _wait(procs)
    elapsed = time.monotonic() - t0
    texts = [log.read_text(errors="replace") for log in logs]
    problems = []
    if codes != [0, 0]:
        problems.append(f"exit codes {codes}")
    waited = sum("waiting:" in t for t in texts)
    summaries = ["published release " in t or "unchanged: the content equals" in t for t in texts]
    if not all(summaries):
        problems.append("no run summary in " + ", ".join(str(l.name) for l, s in zip(logs, summaries) if not s))
    latest = checkout / "data" / "latest"
    if not (latest.exists() and (latest / "articles.parquet").exists()):
        problems.append("no data/latest release")
    versions = alembic_versions(checkout / ".dagster")
    if not versions or any(len(v) != 1 for v in versions.values()):
        problems.append(f"alembic versions {versions}")
    third = ""
    if third_run and not problems:
        log = work / f"trial{n:02d}-c.log"
        code = _wait([_make_run(checkout, log)])[0]
        text = log.read_text(errors="replace")
        if code != 0:
            problems.append(f"third make run exit code {code}")
        third = f", third run exit {code}" + (" unchanged" if "unchanged" in text else "")
    line = (f"trial {n:2d}: exits {codes}, {elapsed:5.1f} s, {waited} said it waited{third}"
            + (f"  FAILED: {'; '.join(problems)}" if problems else "  ok"))
    return not problems, line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--work", type=Path, default=Path("/tmp/techbridges-concurrent-runs"))
    ap.add_argument("--no-third-run", action="store_true", help="skip the third make run per trial")
    ap.add_argument("--keep", action="store_true", help="keep the last checkout and the logs")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    venv = work / "venv"
    venv.mkdir(exist_ok=True)  # empty on the first trial: the first make run installs into it
    passed = 0
    t0 = time.monotonic()
    for n in range(1, args.trials + 1):
        ok, line = trial(n, work, venv, not args.no_third_run)
        passed += ok
        print(line, flush=True)
    print(f"{passed}/{args.trials} trials passed ({time.monotonic() - t0:.0f} s); logs in {work}", flush=True)
    if not args.keep:
        shutil.rmtree(work / "checkout", ignore_errors=True)
    return 0 if passed == args.trials else 1


if __name__ == "__main__":
    sys.exit(main())
