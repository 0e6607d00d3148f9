"""Crash safety of publishing, with real SIGKILLs.

A child Python process publishes a release (``write_release``, or the whole Dagster
job) into an output folder that already holds a good release. Before it starts, the
child wraps a few *standard-library* functions that publishing uses (``open``,
``os.rename``, ``os.replace``, ``os.unlink``) so that, at one chosen
point, the process sends itself SIGKILL: no exception handler, ``finally`` or atexit
runs, exactly like a power cut of the process (not of the machine: page cache survives).
Our own code is not patched.

After each kill, in this process:
- ``latest`` still resolves to a complete release (the previous one, or -- when the
  kill came after the atomic switch -- the new one, complete); every file in it
  matches SHA256SUMS and datapackage.json, and readers get the expected tables;
- nothing half-written sits under a release name (every non-hidden folder in
  ``releases/`` verifies), ``latest`` never points at a ``.tmp-*`` folder, index.json
  is valid JSON whose entries all verify;
- the publish lock is free again (the kernel drops a dead process's flock);
- the next normal run of the job (in process) publishes (or reports "unchanged" and
  repairs index.json) and removes every leftover by itself.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_articles, run_job
from pipeline import schemas
from pipeline.publish.build import TMP_PREFIX, verify_release
from pipeline.publish.local import LOCK_NAME
from pipeline.publish.release import read_latest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
RELEASE_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")

CHILD = r'''
"""Publish into OUT, and SIGKILL ourselves at POINT (a wrapped stdlib call)."""
import builtins, os, signal, sys
from pathlib import Path

point, mode, out, src, raw, cache, marker = sys.argv[1:8]

_open, _rename, _replace, _unlink = builtins.open, os.rename, os.replace, os.unlink


def die(where):
    fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, where.encode())
    os.fsync(fd)
    os.close(fd)
    os.kill(os.getpid(), signal.SIGKILL)


def in_tmp_release(path):
    return Path(path).parent.name.startswith(".tmp-")


class HalfWriter:
    """A file that writes half of what it is given, then the process dies."""

    def __init__(self, f, name):
        self.f, self.name = f, name

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()

    def write(self, data):
        self.f.write(data[: len(data) // 2])
        self.f.flush()
        os.fsync(self.f.fileno())
        die(f"mid_table_write:{self.name}:{len(data) // 2}/{len(data)}")

    def __getattr__(self, name):
        return getattr(self.f, name)


table_files = []


def tripped_open(file, mode="r", *args, **kwargs):
    if mode == "xb" and isinstance(file, (str, os.PathLike)) and in_tmp_release(file):
        name = Path(file).name
        if point == "mid_table_write" and name.endswith((".parquet", ".csv")):
            table_files.append(name)
            if len(table_files) == 3:
                return HalfWriter(_open(file, mode, *args, **kwargs), name)
    return _open(file, mode, *args, **kwargs)


def tripped_rename(src_, dst, *args, **kwargs):
    if Path(src_).name.startswith(".tmp-") and Path(dst).parent.name == "releases":
        if point == "before_folder_rename":
            die(point)
        _rename(src_, dst, *args, **kwargs)
        if point == "after_folder_rename":
            die(point)
        return None
    return _rename(src_, dst, *args, **kwargs)


def tripped_replace(src_, dst, *args, **kwargs):
    name = Path(dst).name
    if name == "latest" and point == "before_latest_switch":
        die(point)
    if name == "index.json" and point == "mid_index_write":
        die(point)
    _replace(src_, dst, *args, **kwargs)
    if name == "latest" and point == "after_latest_switch":
        die(point)


def tripped_unlink(path, *args, **kwargs):
    _unlink(path, *args, **kwargs)
    if point == "during_cleanup":
        die(f"{point}:{path}")


builtins.open = tripped_open
os.rename, os.replace, os.unlink = tripped_rename, tripped_replace, tripped_unlink

if mode == "publish":
    from pipeline.publish.release import read_latest, write_release
    write_release(read_latest(src), out, run_meta={"run": "crash-child"})
else:
    import dagster as dg
    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings
    settings = PipelineSettings(raw_dir=raw, output_dir=out, cache_dir=cache)
    job = build_definitions(settings).resolve_job_def("techbridges")
    job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=True)
print("the tripwire never fired", file=sys.stderr)
sys.exit(3)
'''


# ------------------------------------------------------------------------ helpers


def frames_equal(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> bool:
    if set(a) != set(b):
        return False
    for t in a:
        if t in schemas.FINGERPRINT_EXCLUDES:
            continue  # `changes` is relative to the previous release, not content
        try:
            pd.testing.assert_frame_equal(a[t].reset_index(drop=True), b[t].reset_index(drop=True))
        except AssertionError:
            return False
    return True


def lock_is_free(out: Path) -> bool:
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def leftovers(out: Path) -> list[str]:
    found = [p.name for p in out.glob("latest.tmp-*")]
    found += [p.name for p in (out / "releases").glob(".tmp-*")]
    return sorted(found)


def assert_consistent(out: Path) -> str:
    """Every invariant a reader relies on; returns the id `latest` points at."""
    latest = out / "latest"
    assert latest.is_symlink(), "latest must stay a symlink"
    target = os.readlink(latest)
    release_id = Path(target).name
    assert target == f"releases/{release_id}" and RELEASE_ID.match(release_id), target
    assert not release_id.startswith(TMP_PREFIX)
    assert verify_release(latest) == []
    assert set(read_latest(out)) == set(schemas.TABLES)
    # Nothing half-written is ever presented under a release name.
    for d in (out / "releases").iterdir():
        if d.is_dir() and not d.name.startswith("."):
            assert verify_release(d) == [], d.name
    index = json.loads((out / "releases" / "index.json").read_text(encoding="utf-8"))
    ids = [r["id"] for r in index["releases"]]
    assert index["last_successful"] in ids
    for r in index["releases"]:
        assert verify_release(out / r["path"]) == [], r["id"]
    assert lock_is_free(out), "a killed publisher must not leave the lock held"
    return release_id


# ------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def base(tmp_path_factory, instance):
    """An output folder with one good release (2 articles), and the tables the next
    release (3 articles) holds, published to a scratch folder by the real job."""
    root = tmp_path_factory.mktemp("crash")
    cache = root / "cache"
    raw1, raw2 = root / "raw1", root / "raw2"
    raw1.mkdir()
    raw2.mkdir()
    copy_articles(raw1, "lagos-visit.txt", "tallinn-mou.txt")
    copy_articles(raw2, "lagos-visit.txt", "tallinn-mou.txt")
    copy_articles(raw2, "nordic-workshop.txt", sub="robustness")
    out1, scratch = root / "out1", root / "scratch"
    assert run_job(raw1, out1, instance, cache_dir=str(cache)).success
    assert run_job(raw2, scratch, instance, cache_dir=str(cache)).success
    child = root / "crash_child.py"
    child.write_text(CHILD, encoding="utf-8")
    return {
        "root": root, "cache": cache, "raw2": raw2, "out1": out1, "scratch": scratch,
        "child": child, "r1": os.path.basename(os.readlink(out1 / "latest")),
        "t1": read_latest(out1), "t2": read_latest(scratch),
    }


def kill_child(base, out: Path, point: str, mode: str = "publish") -> str:
    """Run the child until it SIGKILLs itself at `point`; returns where it died."""
    marker = out.parent / f"died-{point}-{mode}.txt"
    marker.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONWARNINGS="ignore")
    proc = subprocess.run(
        [sys.executable, str(base["child"]), point, mode, str(out), str(base["scratch"]),
         str(base["raw2"]), str(base["cache"]), str(marker)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, (
        f"child exited {proc.returncode} instead of being killed at {point}:\n{proc.stderr[-3000:]}")
    return marker.read_text()


def fresh_out(base, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(base["out1"], out, symlinks=True)
    assert os.readlink(out / "latest") == f"releases/{base['r1']}"
    return out


def recover(base, out: Path, instance) -> None:
    """The next normal run publishes the new content and leaves nothing behind."""
    res = run_job(base["raw2"], out, instance, cache_dir=str(base["cache"]))
    assert res.success
    rid = assert_consistent(out)
    assert rid != base["r1"]
    assert frames_equal(read_latest(out), base["t2"])
    assert leftovers(out) == []
    index = json.loads((out / "releases" / "index.json").read_text(encoding="utf-8"))
    assert index["last_successful"] == rid
    assert {base["r1"], rid} <= {r["id"] for r in index["releases"]}


# ------------------------------------------------------------------------ the crash points

# point -> does `latest` already hold the new content right after the kill?
POINTS = {
    "mid_table_write": False,        # 3rd table file half written, then killed
    "before_folder_rename": False,   # complete temp folder, not yet renamed
    "after_folder_rename": False,    # releases/<id>/ complete, latest not switched
    "before_latest_switch": False,   # latest.tmp-* link made, not yet renamed over latest
    "after_latest_switch": True,     # latest switched, index.json not yet updated
    "mid_index_write": True,         # index temp file written, not renamed into place
}


@pytest.mark.parametrize("point", list(POINTS))
def test_sigkill_while_publishing_keeps_latest_readable(point, base, tmp_path, instance):
    out = fresh_out(base, tmp_path)
    where = kill_child(base, out, point)
    assert where.startswith(point)

    rid = assert_consistent(out)
    new_content = POINTS[point]
    assert (rid != base["r1"]) is new_content
    assert frames_equal(read_latest(out), base["t2"] if new_content else base["t1"])

    # The state the kill left is the one this point is about (so the test is not vacuous).
    tmp_dirs = [p for p in (out / "releases").glob(".tmp-*") if p.is_dir()]
    release_dirs = sorted(p.name for p in (out / "releases").iterdir()
                          if p.is_dir() and not p.name.startswith("."))
    index = json.loads((out / "releases" / "index.json").read_text(encoding="utf-8"))
    if point in ("mid_table_write", "before_folder_rename"):
        assert len(tmp_dirs) == 1 and release_dirs == [base["r1"]]
        assert (tmp_dirs[0] / "SHA256SUMS").exists() is (point == "before_folder_rename")
        if point == "mid_table_write":
            name = where.split(":")[1]
            assert (tmp_dirs[0] / name).stat().st_size > 0  # a really half-written file
        if point == "before_folder_rename":
            assert verify_release(tmp_dirs[0]) == []       # complete, yet not published
    else:
        assert tmp_dirs == [] and len(release_dirs) == 2
    if point == "before_latest_switch":
        links = list(out.glob("latest.tmp-*"))
        assert len(links) == 1 and os.readlink(links[0]) != os.readlink(out / "latest")
    if point == "mid_index_write":
        assert list((out / "releases").glob(".tmp-index.json-*"))
    # index.json only ever names releases that were switched to latest at some point.
    assert index["last_successful"] == base["r1"]

    recover(base, out, instance)
    if new_content:
        # Same content as latest: the next run publishes nothing new, repairs the index.
        assert os.path.basename(os.readlink(out / "latest")) == rid


def test_sigkill_during_cleanup_of_a_previous_crash(base, tmp_path, instance):
    """A run killed while removing what an earlier killed run left is also recovered."""
    out = fresh_out(base, tmp_path)
    kill_child(base, out, "mid_table_write")
    (leftover,) = (out / "releases").glob(".tmp-*")
    n_files = len(list(leftover.iterdir()))
    assert n_files >= 3
    where = kill_child(base, out, "during_cleanup")
    assert where.startswith("during_cleanup")
    assert leftover.exists() and len(list(leftover.iterdir())) < n_files  # half removed
    assert assert_consistent(out) == base["r1"]
    assert frames_equal(read_latest(out), base["t1"])
    recover(base, out, instance)


def test_sigkill_of_the_whole_job_before_the_folder_rename(base, tmp_path, instance):
    """The real job (ingest .. publish) in a child process, killed at the rename."""
    out = fresh_out(base, tmp_path)
    where = kill_child(base, out, "before_folder_rename", mode="job")
    assert where == "before_folder_rename"
    assert assert_consistent(out) == base["r1"]
    assert frames_equal(read_latest(out), base["t1"])
    (tmp_dir,) = (out / "releases").glob(".tmp-*")
    assert verify_release(tmp_dir) == []
    recover(base, out, instance)

