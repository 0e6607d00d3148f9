"""Determinism through the real job: the same articles give the same tables, whatever
the order the files were created in and whatever their modification times, with or
without the extraction cache; and a re-run on the same folder is "unchanged".

`source_path` is part of the articles table, so both raw folders hold the same files
under the same relative paths; only creation order and mtimes differ.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ARTICLES, run_job
from pipeline.publish import build
from pipeline import schemas

pytestmark = pytest.mark.slow

# relative path in the raw folder -> source file under tests/articles/
FILES = {
    "lagos-visit.txt": "pipeline/lagos-visit.txt",
    "tallinn/tallinn-mou.txt": "pipeline/tallinn-mou.txt",
    "tallinn/tallinn-mou-copy.txt": "pipeline/tallinn-mou-copy.txt",  # same text: duplicate_of
    "2024/10/nordic-workshop.txt": "robustness/nordic-workshop.txt",
    "2024/10/nordic-workshop-again.txt": "robustness/nordic-workshop.txt",  # same bytes: reject
}
REJECTED = {"notes.docx": b"PK\x03\x04 not an article"}


def fill(raw: Path, order: list[str], mtime_of) -> None:
    for rel in order:
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = REJECTED.get(rel)
        if data is None:
            data = (ARTICLES / FILES[rel]).read_bytes()
        path.write_bytes(data)
        t = mtime_of(rel)
        os.utime(path, (t, t))


def release_outcome(res) -> str:
    (mat,) = res.asset_materializations_for_node("release")
    return mat.metadata["outcome"].value


def test_same_input_same_tables_in_any_file_order(tmp_path, instance):
    names = sorted([*FILES, *REJECTED])
    raw_a, raw_b = tmp_path / "a" / "raw", tmp_path / "b" / "raw"
    # A: created in path order, old mtimes rising with the order.
    fill(raw_a, names, lambda rel: 1_000_000_000 + names.index(rel))
    # B: created in reverse order (directories too), mtimes falling, years apart.
    fill(raw_b, names[::-1], lambda rel: 1_700_000_000 - 86_400 * names.index(rel))
    assert sorted(os.listdir(raw_a)) == sorted(os.listdir(raw_b))

    out_a, out_b = tmp_path / "a" / "out", tmp_path / "b" / "out"
    # Each run has its own (empty) extraction cache: both extract from scratch.
    res_a = run_job(raw_a, out_a, instance)
    res_b = run_job(raw_b, out_b, instance)
    assert res_a.success and res_b.success
    rel_a, rel_b = (out / "latest" for out in (out_a, out_b))
    dp_a = json.loads((rel_a / "datapackage.json").read_text(encoding="utf-8"))
    dp_b = json.loads((rel_b / "datapackage.json").read_text(encoding="utf-8"))
    assert dp_a["_content_fingerprint"] == dp_b["_content_fingerprint"]
    assert dp_a["_release_id"][-8:] == dp_b["_release_id"][-8:]
    assert dp_a["_row_counts"] == dp_b["_row_counts"]
    # Not vacuous: every kind of id is there to compare.
    counts = dp_a["_row_counts"]
    assert counts["articles"] == 4 and counts["rejects"] == 2
    assert counts["organisations"] >= 4 and counts["agreements"] >= 1 and counts["engagements"] >= 1

    for t in schemas.TABLES:
        # CSV: byte for byte.
        assert (rel_a / f"{t}.csv").read_bytes() == (rel_b / f"{t}.csv").read_bytes(), t
        # Parquet: the same typed table.
        ta, tb = pq.read_table(rel_a / f"{t}.parquet"), pq.read_table(rel_b / f"{t}.parquet")
        assert ta.equals(tb), t
        # Parquet bytes: a function of the content and the release id only (the id,
        # which holds the run time, is in the file metadata). Rebuilding A's table
        # with B's release id gives B's file byte for byte.
        frame_a = schemas.coerce(t, ta.to_pandas())
        assert build.parquet_bytes(t, frame_a, dp_b["_release_id"]) == \
            (rel_b / f"{t}.parquet").read_bytes(), t
        if dp_a["_release_id"] == dp_b["_release_id"]:  # same second: whole files equal
            assert (rel_a / f"{t}.parquet").read_bytes() == (rel_b / f"{t}.parquet").read_bytes()

    # Re-run on B after touching every file (new mtimes, same bytes), now from the
    # extraction cache: same content, so nothing new is published.
    before = os.readlink(out_b / "latest")
    now = time.time()
    for p in raw_b.rglob("*"):
        if p.is_file():
            os.utime(p, (now, now))
    res_again = run_job(raw_b, out_b, instance)
    assert res_again.success and release_outcome(res_again) == "unchanged"
    assert os.readlink(out_b / "latest") == before
    assert [p.name for p in (out_b / "releases").iterdir() if p.is_dir()] == [Path(before).name]

