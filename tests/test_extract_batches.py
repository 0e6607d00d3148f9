"""Extraction as many Dagster steps (pipeline/defs/extract.py): one step per batch with
uncached articles, none once everything is cached, one when one article is added; and
the release is the same whether the ingest and extraction caches were warm or cold."""
from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from bench.corpus import generate_corpus  # generated articles, no real text
from conftest import asset_metadata, run_job

pytestmark = pytest.mark.slow
TABLES = ("articles", "organisations", "mentions", "agreements", "agreement_parties",
          "engagements", "engagement_participants", "rejects", "cooperation_edges")


def batch_steps(res: dg.ExecuteInProcessResult) -> list[str]:
    return sorted(e.step_key for e in res.all_events
                  if e.event_type_value == "STEP_SUCCESS" and e.step_key.startswith("extract.extract_batch["))


def metadata(res: dg.ExecuteInProcessResult, asset: str) -> dict:
    return asset_metadata(res, asset)


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / "latest" / f"{t}.parquet") for t in TABLES}


def test_batches_run_only_for_uncached_work_and_caches_change_nothing(tmp_path, instance):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    generate_corpus(raw, 6, seed=3)
    # Older than the ingest cache's racy-mtime window, so the first run keeps their stamps
    # however fast it runs (a file modified in the last moments is compared by content).
    past = time.time() - 60
    for f in raw.iterdir():
        os.utime(f, (past, past))
    cold = run_job(raw, tmp_path / "out", instance, cache_dir=str(cache))
    assert cold.success
    first = batch_steps(cold)
    assert len(first) >= 2, first                        # the work was spread over steps
    md = metadata(cold, "extractions")
    assert (md["extracted"], md["from_cache"], md["batches_run"]) == (6, 0, len(first))

    # A fresh output folder with warm caches: nothing read, cleaned or extracted again,
    # and the same first release as from cold caches.
    warm = run_job(raw, tmp_path / "out-warm", instance, cache_dir=str(cache))
    assert warm.success and batch_steps(warm) == []
    assert metadata(warm, "cleaned_articles")["from_cache_by_stamp"] == 6
    assert (metadata(warm, "extractions")["extracted"], metadata(warm, "extractions")["from_cache"]) == (0, 6)
    a, b = tables(tmp_path / "out"), tables(tmp_path / "out-warm")
    for t in TABLES:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)

    # One new article: one batch step, the one its content key names.
    generate_corpus(raw, 1, seed=3, start=6)
    more = run_job(raw, tmp_path / "out", instance, cache_dir=str(cache))
    assert more.success
    assert len(batch_steps(more)) == 1
    assert (metadata(more, "extractions")["extracted"], metadata(more, "cleaned_articles")["read_and_cleaned"]) == (1, 1)
