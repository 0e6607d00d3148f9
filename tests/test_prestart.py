"""The extraction worker forked at the start of ingest loads spaCy while ingest reads
the raw folder (pipeline/defs/extract.py `prestart_extraction`): a run with articles
to extract adopts it, a run with nothing to extract stops it, and the extractions are
the same as without it."""
from __future__ import annotations

import multiprocessing as mp

import pandas as pd
import pytest

from conftest import asset_metadata, run_job
from pipeline.defs import extract as extract_defs
from pipeline.settings import PipelineSettings

ARTICLE = """Harbour Tech Park signs accord with Andes Software Cluster

3 March, 2025

Harbour Tech Park (Ghana) and the Andes Software Cluster of Peru signed a memorandum of
understanding in Accra on Tuesday to exchange start-ups and run a joint training programme.
"""


def _workers_alive() -> list:
    return [p for p in mp.active_children() if p.name == "techbridges-extract"]


@pytest.mark.slow
def test_a_run_adopts_the_prestarted_worker_and_extracts_the_same(tmp_path, instance, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "accord.txt").write_text(ARTICLE, encoding="utf-8")

    with_pre = run_job(raw, tmp_path / "out-a", instance, cache_dir=str(tmp_path / "cache-a"))
    assert with_pre.success
    md = asset_metadata(with_pre, "extractions")
    assert md["extracted"] == 1 and md["prestarted_worker_used"] is True
    assert not _workers_alive()   # stopped with the pool

    # Nothing new: the worker forked by ingest is stopped by plan, unused.
    again = run_job(raw, tmp_path / "out-a", instance, cache_dir=str(tmp_path / "cache-a"))
    assert again.success
    md = asset_metadata(again, "extractions")
    assert md["extracted"] == 0 and md["prestarted_worker_used"] is False
    assert not _workers_alive() and not extract_defs._prestarted

    monkeypatch.setenv(extract_defs.PRESTART_ENV, "0")
    without = run_job(raw, tmp_path / "out-b", instance, cache_dir=str(tmp_path / "cache-b"))
    assert without.success
    md = asset_metadata(without, "extractions")
    assert md["extracted"] == 1 and md["prestarted_worker_used"] is False
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


def test_take_gives_a_ready_worker_and_stop_ends_it(tmp_path):
    settings = PipelineSettings(raw_dir=str(tmp_path), output_dir=str(tmp_path / "out"))
    if not extract_defs.prestart_extraction(settings):
        pytest.skip("no fork, one core or too little memory here")
    assert extract_defs.prestart_extraction(settings) is False   # one at a time
    w = extract_defs.take_prestarted()
    assert w is not None and w.proc.is_alive()
    assert extract_defs.take_prestarted() is None                # taken
    w.stop()
    assert not w.proc.is_alive()

    assert extract_defs.prestart_extraction(settings)
    assert extract_defs.stop_prestarted() is True
    assert extract_defs.stop_prestarted() is False
    assert not _workers_alive()


def test_a_run_of_ingest_alone_prestarts_nothing(tmp_path, instance):
    import dagster as dg

    from pipeline.definitions import build_definitions

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "accord.txt").write_text(ARTICLE, encoding="utf-8")
    job = build_definitions(PipelineSettings(raw_dir=str(raw), output_dir=str(tmp_path / "out"),
                                             cache_dir=str(tmp_path / "cache"))).resolve_job_def("techbridges")
    res = job.execute_in_process(instance=instance, raise_on_error=False, asset_selection=[
        dg.AssetKey("cleaned_articles"), dg.AssetKey("ingest_rejects")])
    assert res.success
    assert len(res.asset_value("cleaned_articles")) == 1
    assert not extract_defs._prestarted and not _workers_alive()
