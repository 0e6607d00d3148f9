"""The ingest cache (pipeline/ingest/cache.py): an unchanged raw file is neither read nor
cleaned again, a changed one always is, a damaged manifest or a code/limits change is a
miss, and what ingest returns is the same with and without the cache."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.cache import batch_of, content_key
from pipeline.ingest import cache as ingest_cache
from pipeline.ingest.cache import IngestCache, ingest_version
from pipeline.ingest.raw_folder import _cached_parser, raw_folder
from pipeline.ingest.sources import Limits, ingest_bytes
from pipeline.storage import storage_at

ARTICLE = """Riverside Hub signs with Nordlys Cluster

3 March, 2025

Home | About | News

Riverside Hub (Kenya) and the Nordlys Software Cluster signed a memorandum of
understanding in Nairobi on Monday to run a joint start-up exchange.

Share: Facebook | Twitter
"""


def write_raw(raw: Path, n: int = 3) -> None:
    raw.mkdir(exist_ok=True)
    for i in range(n):
        (raw / f"a{i}.txt").write_text(ARTICLE.replace("Monday", f"day {i}"), encoding="utf-8")
    (raw / "bad.bin").write_bytes(b"\x00\x01")          # rejected by its name, before any cache
    (raw / "lines.jsonl").write_text('{"text": "Kigali Hub met the Tartu Cluster."}\nnot json\n',
                                     encoding="utf-8")
    old = 1_600_000_000_000_000_000                     # well before the run: stamps are kept
    for p in raw.iterdir():
        os.utime(p, ns=(old, old))


def read(raw: Path, cache_root: Path | str, limits: Limits = Limits()):
    cache = IngestCache(str(cache_root), ingest_version(limits))
    articles, rejects = raw_folder(storage_at(str(raw))).read(limits, cache)
    cache.save()
    return sorted(articles, key=lambda a: a.source_path), sorted(rejects, key=lambda r: r.source_path), cache


def test_unchanged_files_come_from_the_cache_and_equal_a_fresh_ingest(tmp_path):
    raw = tmp_path / "raw"
    write_raw(raw)
    a1, r1, c1 = read(raw, tmp_path / "cache")
    assert c1.summary()["read_and_cleaned"] == 4 and c1.by_stamp == 0
    a2, r2, c2 = read(raw, tmp_path / "cache")
    assert (c2.by_stamp, c2.by_content, c2.ingested) == (4, 0, 0)
    assert (a2, r2) == (a1, r1)
    # Without any cache: the same articles and rejects.
    fresh = raw_folder(storage_at(str(raw))).read(Limits())
    assert (sorted(fresh[0], key=lambda a: a.source_path), sorted(fresh[1], key=lambda r: r.source_path)) == (a1, r1)

    # Touched (same bytes): read and hashed, but not cleaned again.
    os.utime(raw / "a0.txt", ns=(1_600_000_001_000_000_000,) * 2)
    a3, _, c3 = read(raw, tmp_path / "cache")
    assert (c3.by_stamp, c3.by_content, c3.ingested) == (3, 1, 0)
    assert a3 == a1


def test_changed_content_with_the_old_size_and_mtime_is_a_miss(tmp_path):
    raw = tmp_path / "raw"
    write_raw(raw)
    read(raw, tmp_path / "cache")
    p = raw / "a1.txt"
    st = p.stat()
    p.write_text(p.read_text(encoding="utf-8").replace("Nairobi", "Mombasa"[:7]), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))     # size and mtime as before
    assert p.stat().st_size == st.st_size and p.stat().st_mtime_ns == st.st_mtime_ns
    articles, _, c = read(raw, tmp_path / "cache")
    assert c.ingested == 1 and c.by_stamp == 3
    assert "Mombasa" in next(a for a in articles if a.source_path == "a1.txt").body


def test_a_damaged_manifest_is_a_miss_never_an_error(tmp_path):
    raw = tmp_path / "raw"
    write_raw(raw)
    first, _, c = read(raw, tmp_path / "cache")
    manifest = tmp_path / "cache" / c.version / IngestCache.NAME
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0][:40]                                   # a truncated line
    lines[1] = lines[1].replace('"articles": [{', '"articles": [{"bogus": 1, ')  # does not rebuild
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again, _, c2 = read(raw, tmp_path / "cache")
    assert c2.invalid == 2 and c2.ingested == 2 and c2.by_stamp == 2
    assert again == first
    manifest.write_bytes(b"\xff\xfe[[[[")                      # garbage: every file is read again
    _, _, c3 = read(raw, tmp_path / "cache")
    assert c3.ingested == 4


def test_a_code_or_limits_change_misses_every_entry(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write_raw(raw)
    _, _, c = read(raw, tmp_path / "cache")
    assert ingest_version(Limits()) == c.version
    assert ingest_version(Limits(max_article_chars=1000)) != c.version
    _, _, other = read(raw, tmp_path / "cache", Limits(max_article_chars=1000))
    assert other.ingested == 4
    monkeypatch.setattr(ingest_cache, "_code_version", lambda: "edited ingest code")
    assert ingest_version(Limits()) != c.version


def test_batches_are_stable_when_an_article_is_added():
    keys = [content_key(ARTICLE.replace("Monday", f"day {i}"), "t", None) for i in range(200)]
    before = {k: batch_of(k) for k in keys}
    assert len(set(before.values())) > 1                       # the work is spread
    new = content_key(ARTICLE + "one more", "t", None)
    after = {k: batch_of(k) for k in keys + [new]}
    assert all(after[k] == before[k] for k in keys)
    assert after[new] in set(before.values()) | {batch_of(new)}


@pytest.mark.parametrize("rel", ["a.txt", "x/b.md"])
def test_cached_parser_result_is_ingest_bytes(tmp_path, rel):
    data = ARTICLE.encode()
    first = IngestCache(str(tmp_path / "c"), "v")
    assert _cached_parser(first, None)(rel, data, Limits()) == ingest_bytes(rel, data, Limits())
    first.save()
    second = IngestCache(str(tmp_path / "c"), "v")                # the next run
    assert _cached_parser(second, None)(rel, data, Limits()) == ingest_bytes(rel, data, Limits())
    assert (first.ingested, second.by_content, second.ingested) == (1, 1, 0)


def _manifest(cache_root: Path) -> Path:
    (path,) = cache_root.glob("*/manifest.jsonl")
    return path


def test_body_keys_are_kept_and_used_on_the_next_run(tmp_path):
    """Each entry keeps its articles' body_key_digest; a hit hands on the kept digest
    (not a new scan of the body), and an entry without digests gets them."""
    import json

    from pipeline.ingest.sources import body_key_digest

    raw = tmp_path / "raw"
    write_raw(raw)
    a1, _, _ = read(raw, tmp_path / "cache")
    path = _manifest(tmp_path / "cache")
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_rel = {e["rel"]: e for e in entries}
    assert by_rel["a0.txt"]["body_keys"] == [body_key_digest(a.body) for a in a1 if a.source_path == "a0.txt"]
    # A stored digest is what the next run uses: mark one entry's with a recognisable value,
    # and drop another entry's digests altogether.
    by_rel["a0.txt"]["body_keys"] = ["from-the-manifest"]
    del by_rel["a1.txt"]["body_keys"]
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")
    a2, _, c2 = read(raw, tmp_path / "cache")
    assert c2.by_stamp == 4 and c2.ingested == 0
    body0 = next(a.body for a in a2 if a.source_path == "a0.txt")
    body1 = next(a.body for a in a2 if a.source_path == "a1.txt")
    assert c2.body_key(body0) == "from-the-manifest"
    assert c2.body_key(body1) == body_key_digest(body1)
    again = {json.loads(line)["rel"]: json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()}
    assert again["a1.txt"]["body_keys"] == [body_key_digest(body1)]  # written back with its digests
    assert c2.body_key("a body no entry holds") == body_key_digest("a body no entry holds")


def test_unchanged_entries_are_written_back_as_read(tmp_path):
    """Saving after a change rewrites the manifest, but an entry reused as it was keeps its
    line byte for byte (it is not encoded again)."""
    raw = tmp_path / "raw"
    write_raw(raw)
    (raw / "sep.txt").write_text(ARTICLE.replace("Monday", "Monday\u2028and Tuesday"), encoding="utf-8")
    old = 1_600_000_000_000_000_000
    os.utime(raw / "sep.txt", ns=(old, old))
    read(raw, tmp_path / "cache")
    path = _manifest(tmp_path / "cache")
    lines = path.read_text(encoding="utf-8").split("\n")
    (raw / "new.txt").write_text(ARTICLE.replace("Monday", "Friday"), encoding="utf-8")
    _, _, c2 = read(raw, tmp_path / "cache")
    assert (c2.by_stamp, c2.ingested, c2.invalid) == (5, 1, 0)
    after = path.read_text(encoding="utf-8").split("\n")
    assert set(lines) < set(after) and len(after) == len(lines) + 1


def test_duplicates_by_cached_keys_equal_duplicates_by_words():
    """mark_duplicates groups bodies by body_key_digest: the same groups as by the words."""
    import dataclasses
    import datetime as dt

    from pipeline.ingest.sources import _body_key, mark_duplicates
    from pipeline.models import Article

    def art(aid: str, body: str, day: int | None) -> Article:
        return Article(article_id=aid, sha256=aid * 4, source_path=f"{aid}.txt", title=None,
                       published_date=dt.date(2025, 1, day) if day else None, publisher=None, url=None,
                       language="en", body=body, word_count=len(body.split()))

    arts = [art("b", "Kigali Hub met the Tartu Cluster.", 3), art("a", "KIGALI hub -- met the tartu cluster", 5),
            art("c", "Another text entirely.", None), art("d", "Kigali Hub met the Tartu Cluster", None)]
    by_digest = mark_duplicates(arts)
    assert by_digest == mark_duplicates(arts, body_key=_body_key)
    assert {a.article_id: a.duplicate_of for a in by_digest[0]} == {"a": "b", "b": None, "c": None, "d": "b"}
    assert by_digest[0][2] is arts[2]  # already right: not copied
    assert arts[1].duplicate_of is None and dataclasses.replace(arts[1]) == arts[1]  # inputs untouched


def test_a_manifest_line_that_is_not_utf8_is_a_miss_for_that_file_only(tmp_path):
    raw = tmp_path / "raw"
    write_raw(raw)
    a1, r1, _ = read(raw, tmp_path / "cache")
    path = _manifest(tmp_path / "cache")
    lines = path.read_bytes().split(b"\n")
    i = next(i for i, line in enumerate(lines) if b'"a2.txt"' in line)
    lines[i] = lines[i].replace(b"Riverside", b"River\xffside")
    path.write_bytes(b"\n".join(lines))
    a2, r2, c2 = read(raw, tmp_path / "cache")
    assert (c2.by_stamp, c2.ingested, c2.invalid) == (3, 1, 1)
    assert (a2, r2) == (a1, r1)
    _, _, c3 = read(raw, tmp_path / "cache")  # written back whole
    assert (c3.by_stamp, c3.ingested, c3.invalid) == (4, 0, 0)
