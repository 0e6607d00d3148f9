"""The extraction worker forked at the start of ingest loads spaCy while ingest reads
the raw folder (pipeline/defs/extract.py `prestart_extraction`): a run with articles
to extract adopts it, a run with nothing to extract stops it, and the extractions are
the same as without it. The runs that must prestart go in a fresh process (one that
loaded the model already does not prestart)."""
from __future__ import annotations

import json
import multiprocessing as mp
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from pipeline.defs import extract as extract_defs
from pipeline.settings import PipelineSettings

ARTICLE = """Harbour Tech Park signs accord with Andes Software Cluster

3 March, 2025

Harbour Tech Park (Ghana) and the Andes Software Cluster of Peru signed a memorandum of
understanding in Accra on Tuesday to exchange start-ups and run a joint training programme.
"""
TESTS = Path(__file__).resolve().parent


def _workers_alive() -> list:
    return [p for p in mp.active_children() if p.name == "techbridges-extract"]


def _fresh(code: str, tmp_path: Path, env: dict | None = None) -> dict:
    """Run `code` in a fresh interpreter (tests/ importable); its last stdout line is JSON."""
    import os

    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(TESTS), **(env or {})})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


RUNS = """
    import json, multiprocessing as mp, sys
    from pathlib import Path
    import dagster as dg
    from conftest import asset_metadata, run_job
    from pipeline.defs import extract as extract_defs

    tmp = Path.cwd()
    out, cache = tmp / sys.argv[1], str(tmp / ("cache-" + sys.argv[1]))
    alive = lambda: [p.name for p in mp.active_children() if p.name == "techbridges-extract"]
    figures = []
    with dg.instance_for_test() as instance:
        for _ in range(2):   # new article, then nothing new
            res = run_job(tmp / "raw", out, instance, cache_dir=cache)
            md = asset_metadata(res, "extractions")
            figures.append([res.success, md["extracted"], md["prestarted_worker_used"], alive(),
                            sorted(extract_defs._prestarted)])
    print(json.dumps(figures))
"""


@pytest.mark.slow
def test_a_run_adopts_the_prestarted_worker_and_extracts_the_same(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "accord.txt").write_text(ARTICLE, encoding="utf-8")
    code = "import sys; sys.argv = ['x', '{}']\n" + textwrap.dedent(RUNS)
    with_pre = _fresh(code.format("out-a"), tmp_path)
    # the run that extracts adopts the worker (and the pool stops it); the run with
    # nothing to extract stops the one its ingest started, unused
    assert with_pre == [[True, 1, True, [], []], [True, 0, False, [], []]], with_pre
    without = _fresh(code.format("out-b"), tmp_path, {extract_defs.PRESTART_ENV: "0"})
    assert without == [[True, 1, False, [], []], [True, 0, False, [], []]], without
    for table in ("organisations", "mentions", "agreements", "agreement_parties"):
        a = pd.read_parquet(tmp_path / "out-a" / "latest" / f"{table}.parquet")
        b = pd.read_parquet(tmp_path / "out-b" / "latest" / f"{table}.parquet")
        pd.testing.assert_frame_equal(a.drop(columns=[c for c in a.columns if "release" in c]),
                                      b.drop(columns=[c for c in b.columns if "release" in c]), obj=table)
    assert len(pd.read_parquet(tmp_path / "out-a" / "latest" / "agreements.parquet")) >= 1


def test_not_prestarted_for_other_executors_or_when_switched_off(tmp_path, monkeypatch):
    base = dict(raw_dir=str(tmp_path), output_dir=str(tmp_path / "out"))
    assert extract_defs.prestart_extraction(PipelineSettings(**base, executor="multiprocess")) is False
    monkeypatch.setenv(extract_defs.PRESTART_ENV, "0")
    assert extract_defs.prestart_extraction(PipelineSettings(**base)) is False
    assert not extract_defs._prestarted and not _workers_alive()


def test_take_gives_a_ready_worker_stop_ends_it_and_a_warm_process_does_not_prestart(tmp_path):
    got = _fresh("""
        import json
        from pathlib import Path
        from pipeline.defs import extract as ex
        from pipeline.settings import PipelineSettings

        settings = PipelineSettings(raw_dir=str(Path.cwd()), output_dir=str(Path.cwd() / "out"))
        first = ex.prestart_extraction(settings)
        if not first:
            print(json.dumps("cannot")); raise SystemExit
        second = ex.prestart_extraction(settings)          # one at a time
        w = ex.take_prestarted()
        ready = w is not None and w.proc.is_alive()
        again = ex.take_prestarted()                         # taken
        w.stop()
        stopped = not w.proc.is_alive()
        third = ex.prestart_extraction(settings)
        s1, s2 = ex.stop_prestarted(), ex.stop_prestarted()
        from pipeline.extract.nlp import load_nlp
        load_nlp()                                           # this process loads the model itself
        warm = ex.prestart_extraction(settings)
        print(json.dumps([second, ready, again is None, stopped, third, s1, s2, warm]))
    """, tmp_path)
    if got == "cannot":
        pytest.skip("no fork, one core or too little memory here")
    assert got == [False, True, True, True, True, True, False, False], got


def test_a_run_of_ingest_alone_prestarts_nothing(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "accord.txt").write_text(ARTICLE, encoding="utf-8")
    got = _fresh("""
        import json, multiprocessing as mp
        from pathlib import Path
        import dagster as dg
        from pipeline.definitions import build_definitions
        from pipeline.defs import extract as ex
        from pipeline.settings import PipelineSettings

        tmp = Path.cwd()
        job = build_definitions(PipelineSettings(raw_dir=str(tmp / "raw"), output_dir=str(tmp / "out"),
                                                 cache_dir=str(tmp / "cache"))).resolve_job_def("techbridges")
        with dg.instance_for_test() as instance:
            res = job.execute_in_process(instance=instance, raise_on_error=False, asset_selection=[
                dg.AssetKey("cleaned_articles"), dg.AssetKey("ingest_rejects")])
            n = len(res.asset_value("cleaned_articles"))
        alive = [p.name for p in mp.active_children() if p.name == "techbridges-extract"]
        print(json.dumps([res.success, n, sorted(ex._prestarted), alive]))
    """, tmp_path)
    assert got == [True, 1, [], []], got
