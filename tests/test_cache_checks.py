"""Cache entries are checked before use (issue 12, finding 6): an entry written for
other content, by another extractor, whose mentions do not quote the article, or that
cannot be parsed (100,000 nested brackets) is a miss, extracted again and reported."""
from __future__ import annotations

import pytest

from pipeline.cache import ExtractionCache, content_key
from pipeline.models import ArticleExtraction, LocalOrg, OrgMention
from conftest import asset_metadata

BODY_A = "Tech Park signed a memorandum with IT Park Armenia."
BODY_B = "Astana Hub hosted a delegation from the Latvian IT Cluster."


def _extraction(body: str, name: str, version: str = "v1") -> ArticleExtraction:
    start = body.index(name)
    return ArticleExtraction(article_id="x", extractor_version=version, organisations=[LocalOrg(name=name)],
                             mentions=[OrgMention(0, name, start, start + len(name))])


def test_good_entry_is_used(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    key = content_key(BODY_A, None, None)
    cache.put(key, _extraction(BODY_A, "IT Park Armenia"))
    hit = cache.get(key, "a1", BODY_A)
    assert hit is not None and hit.article_id == "a1" and not cache.invalid


def test_swapped_entries_are_misses(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    ka, kb = content_key(BODY_A, None, None), content_key(BODY_B, None, None)
    cache.put(ka, _extraction(BODY_A, "IT Park Armenia"))
    cache.put(kb, _extraction(BODY_B, "Latvian IT Cluster"))
    pa, pb = cache._path(ka), cache._path(kb)
    da, db = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(db)
    pb.write_bytes(da)
    assert cache.get(ka, "a", BODY_A) is None
    assert cache.get(kb, "b", BODY_B) is None
    assert [why for _, why in cache.invalid] == ["written for other content"] * 2
    # even with the key line copied, mentions that do not quote the body are refused
    pa.write_bytes(ka.encode() + b"\n" + db.split(b"\n", 1)[1])
    assert cache.get(ka, "a", BODY_A) is None
    assert cache.invalid[-1][1] == "its mentions do not match the article text"


def test_deeply_nested_entry_is_a_miss_not_a_crash(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    key = content_key(BODY_A, None, None)
    cache.put(key, _extraction(BODY_A, "Tech Park"))
    cache._path(key).write_text(key + "\n" + "[" * 100_000, encoding="utf-8")
    assert cache.get(key, "a", BODY_A) is None
    assert cache.invalid[0][1] == "nested too deeply to read"
    cache._path(key).write_text("[" * 100_000, encoding="utf-8")
    assert cache.get(key, "a", BODY_A) is None


def test_entry_of_another_extractor_version_is_a_miss(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    key = content_key(BODY_A, None, None)
    cache.put(key, _extraction(BODY_A, "Tech Park", version="v0"))
    assert cache.get(key, "a", BODY_A) is None
    assert "extractor v0" in cache.invalid[0][1]


def _extract_metadata(result) -> dict:
    return asset_metadata(result, "extractions")


@pytest.mark.slow
def test_bad_entries_are_extracted_again_by_the_run(folders, instance):
    """Through the job: two entries swapped between articles and one of 100,000 "[" (it
    failed every later run with RecursionError) are re-extracted and counted; the
    release is the same as from a clean cache (outcome `unchanged`)."""
    import pandas as pd
    from conftest import copy_articles, run_job

    raw, out = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    (raw / "third.txt").write_text("Park news\n\nAstana Hub hosted a delegation of the Latvian IT Cluster in "
                                   "Astana on 5 June 2024 to discuss joint start-up programmes.\n", encoding="utf-8")
    first = run_job(raw, out, instance)
    assert first.success
    before = {t: pd.read_parquet(out / "latest" / f"{t}.parquet") for t in ("mentions", "organisations")}
    entries = sorted((out / ".cache" / "extractions").rglob("*.json"))
    assert len(entries) == 3
    a, b, c = entries
    da, db = a.read_bytes(), b.read_bytes()
    a.write_bytes(db)
    b.write_bytes(da)
    c.write_text(c.read_text(encoding="utf-8").split("\n", 1)[0] + "\n" + "[" * 100_000, encoding="utf-8")

    again = run_job(raw, out, instance)
    assert again.success
    md = _extract_metadata(again)
    assert (md["extracted"], md["from_cache"], md["cache_entries_invalid"]) == (3, 0, 3)
    for t, df in before.items():
        assert pd.read_parquet(out / "latest" / f"{t}.parquet").equals(df)
