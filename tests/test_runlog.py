"""`make run` as a user sees it: `python -m pipeline.runlog` in a fresh process, with
its own Dagster instance. Concise output (a line per stage, a summary with the release,
its path and rows per table), a one-line reason and exit status 1 on failure, no stack
trace, and the run tagged with its outcome."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import dagster as dg
import pytest

from conftest import copy_articles
from pipeline.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run_cli(raw: Path, out: Path, home: Path, **env: str) -> subprocess.CompletedProcess:
    home.mkdir(exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    full = {k: v for k, v in os.environ.items() if k != "PIPELINE_LOG_LEVEL"}
    full.update({"DAGSTER_HOME": str(home), "PIPELINE_RAW_DIR": str(raw),
                 "PIPELINE_OUTPUT_DIR": str(out), **env})
    return subprocess.run([sys.executable, "-m", "pipeline.runlog"], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=600)


@contextlib.contextmanager
def opened_instance(home: Path) -> Iterator[dg.DagsterInstance]:
    """The instance of `home`, with DAGSTER_HOME set while it is open (the template's
    storage reads it)."""
    saved = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.from_config(str(home)) as inst:
            yield inst
    finally:
        if saved is None:
            os.environ.pop("DAGSTER_HOME")
        else:
            os.environ["DAGSTER_HOME"] = saved


def outcome_tags(home: Path) -> list[str]:
    """The outcome tag of every run in the instance, oldest first."""
    with opened_instance(home) as inst:
        return [r.tags.get("techbridges/outcome", "") for r in reversed(inst.get_runs())]


def extraction_metadata(home: Path) -> list[dict]:
    """The metadata of every `extractions` materialization in the instance, oldest first."""
    with opened_instance(home) as inst:
        recs = inst.fetch_materializations(dg.AssetKey("extractions"), limit=100).records
        return [{k: v.value for k, v in r.asset_materialization.metadata.items()}
                for r in reversed(recs)]


def test_make_run_loads_spacy_during_its_imports(tmp_path):
    """`make run` forks the extraction worker before it imports Dagster, and the run's
    extraction adopts it; with PIPELINE_EXTRACT_PRESTART=0, none."""
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    copy_articles(raw, "tallinn-mou.txt")
    res = run_cli(raw, out, home)
    assert res.returncode == 0, res.stderr
    copy_articles(raw, "lagos-visit.txt")
    res = run_cli(raw, out, home, PIPELINE_EXTRACT_PRESTART="0")
    assert res.returncode == 0, res.stderr
    got = [(m["extracted"], m["prestarted_worker_used"], m["prestarted_worker_started"])
           for m in extraction_metadata(home)]
    assert got == [(1, True, "before the imports"), (1, False, "none")], got


def test_run_reports_stages_summary_and_tags(tmp_path):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    raw.mkdir()
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    res = run_cli(raw, out, home)
    text = res.stdout + res.stderr
    assert res.returncode == 0, text
    lines = text.strip().splitlines()
    assert len(lines) <= 30, text                       # fits on one screen
    assert "DEBUG" not in text and "Traceback" not in text and "Warning" not in text
    for stage in ("ingest", "extract", "resolve", "release"):
        line = [ln for ln in lines if ln.startswith(stage + " ")][-1]
        assert line.rstrip().endswith(" s"), line       # its closing line ends with its time
    release_id = os.readlink(out / "latest").rsplit("/", 1)[-1]
    assert f"published release {release_id}" in text
    assert str(out / "releases" / release_id) in text
    [org_line] = [ln for ln in lines if ln.strip().startswith("organisations ")]
    assert int(org_line.split()[1]) > 0

    again = run_cli(raw, out, home)
    assert again.returncode == 0
    assert f"unchanged: the content equals the latest release {release_id}" in again.stderr

    (raw / "lagos-visit.txt").unlink()
    copy_articles(raw, "tallinn-mou-copy.txt")
    third = run_cli(raw, out, home, PIPELINE_MAX_ROW_LOSS_SHARE="1")
    assert third.returncode == 0, third.stderr
    assert "change against " + release_id in third.stderr
    assert outcome_tags(home) == ["published", "unchanged", "published"]


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_console_lines_do_not_go_through_dagsters_log_capture(tmp_path, level):
    """While steps run, Dagster points stderr at the compute-log file and mirrors it back
    with `tail -F`, stopped at the end of the run, sometimes before the last lines came
    through. With a `tail` that forwards nothing, every stage line (INFO) or every step's
    success event (DEBUG) still reaches the terminal."""
    raw, out, home, bin_dir = (tmp_path / d for d in ("raw", "out", "home", "bin"))
    raw.mkdir()
    bin_dir.mkdir()
    tail = bin_dir / "tail"
    tail.write_text("#!/bin/sh\nexec sleep 600\n")
    tail.chmod(0o755)
    copy_articles(raw, "tallinn-mou.txt")
    res = run_cli(raw, out, home, PATH=f"{bin_dir}:{os.environ['PATH']}", PIPELINE_LOG_LEVEL=level)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    if level == "INFO":
        for stage in ("ingest", "extract", "resolve", "release"):
            assert [ln for ln in lines if ln.startswith(stage + " ") and ln.endswith(" s")], res.stderr
    else:
        for step in ("ingest", "extract.collect", "resolve", "release"):
            assert [ln for ln in lines if f" - {step} - STEP_SUCCESS - " in ln], res.stderr
        assert [ln for ln in lines if " - RUN_SUCCESS - " in ln], res.stderr
    [checks] = [ln for ln in lines if "blocking checks passed" in ln]
    assert int(checks.split()[0]) > 0, checks


@pytest.mark.parametrize("case", ["empty", "missing"])
def test_failure_is_one_plain_line_and_exit_1(tmp_path, case):
    raw, out, home = tmp_path / "raw", tmp_path / "out", tmp_path / "home"
    if case == "empty":
        raw.mkdir()
    res = run_cli(raw, out, home)
    text = res.stdout + res.stderr
    assert res.returncode == 1, text
    assert "Traceback" not in text and "DagsterAssetCheckFailedError" not in text, text
    [reason] = [ln for ln in text.splitlines() if ln.startswith("run failed: ")]
    assert str(raw) in reason and "PIPELINE_RAW_DIR" in reason, reason
    assert ("holds no article files" if case == "empty" else "does not exist") in reason
    assert len(text.splitlines()) <= 12, text
    assert not (out / "latest").exists()
    assert outcome_tags(home) == ["failed"]


def test_instance_template_disables_the_newsletter_popup(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    shutil.copy(ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as inst:
        assert inst.nux_enabled is False


class Lines:
    """Collects what Progress logs (stands in for Dagster's context.log)."""

    def __init__(self):
        self.lines: list[str] = []

    def info(self, msg, extra=None):
        self.lines.append(msg)


def test_progress_lines_rate_and_eta():
    now = [0.0]
    log = Lines()
    p = Progress(log, 100, clock=lambda: now[0], every_s=5)
    assert log.lines == ["100 articles to process"]
    for _ in range(39):
        now[0] += 0.125
        p.tick()
    assert len(log.lines) == 1                       # nothing before 5 s
    now[0] += 0.125
    p.tick()                                         # 40 done after 5 s: 8/s, 60 left
    assert log.lines[1] == "40/100 articles (40%), 8.0/s, about 8 s left"
    for _ in range(60):
        now[0] += 0.125
        p.tick()
    assert len(log.lines) == 3                       # at 10 s; none for the last one
    assert log.lines[2].startswith("80/100 articles")


def test_the_reused_line_names_the_caches_and_the_gate() -> None:
    from pipeline.runlog import reuse_line

    line = reuse_line({
        "cleaned_articles": {"from_cache_by_stamp": 8, "from_cache_by_content": 1, "read_and_cleaned": 1},
        "extractions": {"from_cache": 9, "articles": 10, "batches_run": 1, "batches_skipped": 7},
        "release": {"gate": "checks of this run"}})
    assert line is not None
    assert "9 of 10 raw files from the ingest cache" in line
    assert "9 of 10 extractions from the cache (1 of 8 extract batches run)" in line
    assert "blocking checks for the release gate" in line
    assert "release gate" not in (reuse_line({"release": {"gate": "full"}}) or "")
    assert reuse_line({}) is None
    line = reuse_line(
        {"extractions": {"from_cache": 9, "articles": 10, "cache_entries_checked_before": 8}},
        {"mentions_matches_contract": {"rows": 100, "rows_validated": 10, "rows_known_valid": 90},
         "articles_matches_contract": {"rows": 10, "rows_validated": 10, "rows_known_valid": 0},
         "references_resolve": {"failures": 0}})
    assert line is not None and "8 of them checked in an earlier run and passed on unparsed" in line
    assert "90 of 110 table rows known valid from earlier runs (20 validated)" in line
