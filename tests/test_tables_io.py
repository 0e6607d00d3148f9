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
