"""Incremental processing through Dagster: the extraction cache (sha256 of what
extraction reads + extractor version), what invalidates it, and deleted raw files."""
from __future__ import annotations

import hashlib

import dagster as dg
import pandas as pd
import pytest

from conftest import asset_metadata, copy_articles, run_job
from pipeline import schemas
from pipeline.cache import ExtractionCache, content_key
from pipeline.ingest.sources import Limits, ingest_bytes
from pipeline.models import ArticleExtraction

NEW_ARTICLE = """Tehnopol welcomes Harnby IT Cluster

14 June, 2024

A delegation of the Harnby IT Cluster (Romania) visited Tehnopol in Tallinn, Estonia, on
Friday. The visitors met start-ups of the science park and discussed a joint accelerator.
"""


def extract_metadata(res: dg.ExecuteInProcessResult) -> dict[str, int]:
    """`extracted` / `from_cache` / `articles` of the run's `extractions` materialization."""
    md = asset_metadata(res, "extractions")
    return {k: md[k] for k in ("articles", "extracted", "from_cache")}


def checked_before(res: dg.ExecuteInProcessResult) -> int:
    """Cache entries handed on unparsed: their bytes passed every check in a run before."""
    return asset_metadata(res, "extractions")["cache_entries_checked_before"]


@pytest.mark.slow
def test_only_new_and_changed_articles_are_extracted(folders, instance):
    raw, out = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt", "tallinn-mou-copy.txt")
    first = run_job(raw, out, instance)
    assert first.success
    assert extract_metadata(first) == {"articles": 3, "extracted": 3, "from_cache": 0}
    assert checked_before(first) == 0

    # Unchanged input: everything from the cache, and every entry (checked by the first
    # run) handed on without parsing it again.
    again = run_job(raw, out, instance)
    assert again.success
    assert extract_metadata(again) == {"articles": 3, "extracted": 0, "from_cache": 3}
    assert checked_before(again) == 3

    # One new file and one edited file: exactly those two are extracted.
    (raw / "cluj-visit.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    with open(raw / "lagos-visit.txt", "a", encoding="utf-8") as f:
        f.write("\nThe programme will start in September.\n")
    third = run_job(raw, out, instance)
    assert third.success
    assert extract_metadata(third) == {"articles": 4, "extracted": 2, "from_cache": 2}
    assert checked_before(third) == 2   # the two new entries were parsed and checked
    # The contract checks validated the rows that are new, not those that passed before.
    evals = {e.check_name: e.metadata for e in third.get_asset_check_evaluations()}
    md = {k: v.value for k, v in evals["mentions_matches_contract"].items()
          if k in ("rows", "rows_validated", "rows_known_valid")}
    assert 0 < md["rows_known_valid"] and md["rows_validated"] > 0, md
    assert md["rows_known_valid"] + md["rows_validated"] == md["rows"]
    orgs = pd.read_parquet(out / "latest" / "organisations.parquet")
    assert any("Harnby" in n for n in orgs["name"])

    # The re-run's release equals, table for table, a from-scratch run of the same raw
    # files into an empty output folder (same extraction cache: resolve, the checks and
    # publish start from nothing). `changes` and `id_redirects` are the history between
    # releases, which a first release does not have.
    scratch = out.parent / "scratch"
    fresh = run_job(raw, scratch, instance, cache_dir=str(out / ".cache" / "extractions"))
    assert fresh.success
    assert extract_metadata(fresh) == {"articles": 4, "extracted": 0, "from_cache": 4}
    for table in set(schemas.TABLES) - {"changes", "id_redirects"}:
        a = pd.read_parquet(out / "latest" / f"{table}.parquet")
        b = pd.read_parquet(scratch / "latest" / f"{table}.parquet")
        pd.testing.assert_frame_equal(a, b, obj=table)
        assert (out / "latest" / f"{table}.csv").read_bytes() == \
            (scratch / "latest" / f"{table}.csv").read_bytes(), table

    # The blocking checks of the run validated the tables, so the release gate did not
    # again; the release alone (no checks in its run) is validated by the gate itself.
    assert asset_metadata(fresh, "release")["gate"] == "checks of this run"
    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings
    job = build_definitions(PipelineSettings(raw_dir=str(raw), output_dir=str(scratch))
                            ).resolve_job_def("techbridges")
    alone = job.execute_in_process(instance=instance, asset_selection=[dg.AssetKey("release")],
                                   raise_on_error=False)
    assert alone.success
    assert asset_metadata(alone, "release")["gate"] == "full"
    assert asset_metadata(alone, "release")["outcome"] == "unchanged"


def test_a_different_extractor_version_misses_exactly_its_entries(tmp_path):
    data = NEW_ARTICLE.encode()
    [article], _ = ingest_bytes("cluj-visit.txt", data, Limits())
    key = content_key(article.body, article.title, article.published_date)
    assert key == content_key(article.body, article.title, article.published_date)
    # The key covers what extraction reads: body, title and date.
    assert key != content_key(article.body + " ", article.title, article.published_date)
    assert key != content_key(article.body, "Other title", article.published_date)
    assert key != content_key(article.body, article.title, None)

    old = ExtractionCache(tmp_path / "cache", "v1")
    x = ArticleExtraction(article_id=article.article_id, extractor_version="v1",
                          organisations=[], mentions=[], agreements=[], engagements=[])
    old.put(key, x)
    assert old.get(key, "another-id").article_id == "another-id"  # same text, another file
    assert ExtractionCache(tmp_path / "cache", "v2").get(key, article.article_id) is None
    assert ExtractionCache(tmp_path / "cache", "v1").get(key, article.article_id) is not None
    # A damaged entry is a miss, never an error.
    next((tmp_path / "cache" / "v1").rglob("*.json")).write_text("{not json")
    assert old.get(key, article.article_id) is None


@pytest.mark.slow
def test_deleting_a_raw_file_removes_its_facts(folders, instance):
    raw, out = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    assert run_job(raw, out, instance).success
    gone_id = hashlib.sha256((raw / "tallinn-mou.txt").read_bytes()).hexdigest()[:16]
    latest = out / "latest"
    assert gone_id in set(pd.read_parquet(latest / "articles.parquet")["article_id"])
    assert any("Tehnopol" in n for n in pd.read_parquet(latest / "organisations.parquet")["name"])

    (raw / "tallinn-mou.txt").unlink()
    # The agreement table loses all its rows: allowed here, refused by default.
    res = run_job(raw, out, instance, max_row_loss_share=1.0)
    assert res.success
    assert extract_metadata(res) == {"articles": 1, "extracted": 0, "from_cache": 1}

    tables = {t: pd.read_parquet(latest / f"{t}.parquet") for t in (
        "articles", "organisations", "mentions", "agreements", "engagements")}
    assert gone_id not in set(tables["articles"]["article_id"])
    assert gone_id not in set(tables["mentions"]["article_id"])
    for t in ("organisations", "agreements", "engagements"):
        for ids in tables[t]["source_article_ids"]:
            assert gone_id not in list(ids), t
    assert not any("Tehnopol" in n for n in tables["organisations"]["name"])
    assert len(tables["agreements"]) == 0
    assert "tallinn-mou.txt" not in set(tables["articles"]["source_path"])


def test_an_entry_checked_before_is_passed_on_only_while_its_bytes_are_the_same(tmp_path):
    """The list of checked entries (sha256 of their bytes) lets `collect` skip parsing an
    entry only when these very bytes passed for this very key; an entry rewritten or
    moved under another key is checked in full again."""
    from pipeline.cache import CheckedEntry, entry_digest, extraction_counts
    from pipeline.tables_io import _extractions_from_jsonl, _jsonl_bytes

    [article], _ = ingest_bytes("cluj-visit.txt", NEW_ARTICLE.encode(), Limits())
    key = content_key(article.body, article.title, article.published_date)
    cache = ExtractionCache(tmp_path / "cache", "v1")
    x = ArticleExtraction(article_id="first-file", extractor_version="v1")
    cache.put(key, x)
    data = cache.read_entry(key)
    checked = cache.check_entry(data, key, article.article_id, article.body)
    assert checked is not None
    assert cache.checked_entry(data, key, {}) is None              # never checked: parse it
    cache.save_verified({entry_digest(data): extraction_counts(checked)})
    verified = ExtractionCache(tmp_path / "cache", "v1").load_verified()
    entry = cache.checked_entry(data, key, verified)
    assert isinstance(entry, CheckedEntry) and entry.counts == (0, 0, 0)
    # Handed on as text, it reads back as the parsed entry (with this article's id).
    back = _extractions_from_jsonl(_jsonl_bytes({article.article_id: entry}))
    assert back == _extractions_from_jsonl(_jsonl_bytes({article.article_id: checked}))
    assert back[article.article_id].article_id == article.article_id
    # Other bytes (one changed character), or the same bytes under another key: no.
    assert cache.checked_entry(data.replace(b"v1", b"v0"), key, verified) is None
    other = content_key(article.body + " ", article.title, article.published_date)
    assert cache.checked_entry(data, other, verified) is None
    assert cache.check_entry(data, other, article.article_id, article.body) is None
    # An unreadable list is an empty one.
    (tmp_path / "cache" / "v1" / ExtractionCache.VERIFIED).write_bytes(b"\xff\xfe garbage")
    assert ExtractionCache(tmp_path / "cache", "v1").load_verified() == {}


def test_model_version_read_without_loading_equals_the_loaded_models():
    """The extractor version reads the model's name and version from its package's
    meta.json (no spaCy import, no model load on a run with nothing to extract): the
    same string as the loaded model says."""
    from pipeline.extract import model_version
    from pipeline.extract import nlp

    assert model_version() == nlp.model_version()
