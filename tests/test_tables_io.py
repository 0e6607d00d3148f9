"""The step IO manager's file formats keep what the steps pass each other: lists, dates,
missing values, the index (pipeline/tables_io.py)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.tables_io import frame_bytes, frame_from_bytes


def test_a_table_comes_back_as_it_was_stored() -> None:
    df = pd.DataFrame({
        "org_id": ["org_a", "org_b", "org_c"],
        "aliases": [["A", "Alpha"], [], None],
        "first_seen": [dt.date(2024, 5, 1), None, dt.date(2025, 1, 2)],
        "article_count": [3, 1, 2],
        "city": ["Tallinn", None, "Lagos"],
    }, index=[0, 2, 5])  # after drop_duplicates: gaps in the index
    back = frame_from_bytes(frame_bytes(df))
    pd.testing.assert_frame_equal(back, df)
    assert back["aliases"].iloc[0] == ["A", "Alpha"] and isinstance(back["aliases"].iloc[1], list)


def test_an_empty_table_keeps_its_columns() -> None:
    df = pd.DataFrame(columns=["agreement_id", "org_id", "role"])
    back = frame_from_bytes(frame_bytes(df))
    assert list(back.columns) == ["agreement_id", "org_id", "role"] and back.empty


def test_extractions_come_back_as_they_were_stored() -> None:
    """The per-article extractions pass between steps as JSON lines, read line by line;
    text with Unicode line separators (U+2028, U+0085) stays inside its line."""

    from pipeline.models import (ArticleExtraction, LocalAgreement, LocalOrg, Member,
                                 OrgMention)
    from pipeline.tables_io import _extractions_from_jsonl, _jsonl_bytes

    xs = {
        "b1": ArticleExtraction("b1", "v", [LocalOrg("Tartu Park", ["TP"], "technology_park", "EE")],
                                [OrgMention(0, "TP", 3, 5, "acr")],
                                [LocalAgreement("contract", "signed", [Member(0, "party")],
                                                "signed\u2028here \u0085 and “there”",
                                                signed_date=dt.date(2024, 3, 1))]),
        "a0": ArticleExtraction("a0", "v"),
    }
    back = _extractions_from_jsonl(_jsonl_bytes(xs))
    assert list(back) == ["b1", "a0"]
    assert {k: x.to_json() for k, x in back.items()} == {k: x.to_json() for k, x in xs.items()}
    # The step file's faster serialiser writes exactly what the cache's to_json writes.
    from pipeline.tables_io import extraction_json
    assert all(extraction_json(x) == x.to_json() for x in xs.values())
    # A line of another layout (an older step file) still reads.
    other = b'{"extraction": ' + xs["b1"].to_json().encode() + b', "article_id": "b1"}\n'
    assert _extractions_from_jsonl(other)["b1"].to_json() == xs["b1"].to_json()


def test_a_file_loaded_again_is_parsed_once_and_each_load_is_its_own_copy() -> None:
    """A table read by several steps of one run is parsed once per content; changing
    one load's frame (a cell, a list cell) leaves the next load as the file says."""
    from pipeline import tables_io

    df = pd.DataFrame({"org_id": ["org_a", "org_b"], "aliases": [["A"], None],
                       "article_count": [3, 1]})
    data = frame_bytes(df)
    parsed = tables_io.memo_stats["parsed"]
    first = tables_io.frame_from_bytes_memo(data)
    second = tables_io.frame_from_bytes_memo(data)
    assert tables_io.memo_stats["parsed"] == parsed + 1 and tables_io.memo_stats["reused"] >= 1
    pd.testing.assert_frame_equal(first, df)
    pd.testing.assert_frame_equal(second, df)
    first.loc[0, "org_id"] = "changed"
    first["aliases"].iloc[0].append("B")
    first.loc[1, "article_count"] = 99
    pd.testing.assert_frame_equal(tables_io.frame_from_bytes_memo(data), df)
    # Other bytes are another entry.
    other = tables_io.frame_from_bytes_memo(frame_bytes(df.iloc[:1]))
    assert len(other) == 1


def test_paused_gc_restores_the_collector_whatever_happens() -> None:
    import gc

    import pytest

    from pipeline.tables_io import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused_gc():
            raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()   # left as it was found
    finally:
        gc.enable()
