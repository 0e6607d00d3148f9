"""release_files (pipeline/resolve/changes.py): CHANGES.md reads the tables it lists as
coerced tables, and of the other entity tables only their row counts."""
from __future__ import annotations

import pandas as pd

from pipeline import schemas
from pipeline.resolve.changes import changes_markdown, release_files


def _tables() -> dict[str, pd.DataFrame]:
    tables = {t: schemas.empty_frame(t) for t in schemas.TABLES}
    tables["changes"] = pd.DataFrame({
        "table_name": ["articles", "articles", "organisations"], "id": ["a2", "a1", "o1"],
        "change": ["added", "added", "changed"], "changed_columns": [[], [], ["name"]],
        "previous_values": [None, None, '{"name": "Old"}'], "new_values": ["{}", "{}", '{"name": "New"}']})
    tables["organisations"] = pd.DataFrame({"org_id": ["o1"], "name": ["New"]})
    # Not canonical (unsorted, a stray index, no other columns): CHANGES.md only counts them.
    tables["articles"] = pd.DataFrame({"article_id": ["a2", "a1"]}, index=[7, 3])
    tables["mentions"] = pd.DataFrame({"mention_id": ["m2", "m1", "m3"]}, index=[5, 1, 2])
    return tables


def test_changes_md_equals_the_one_from_every_table_coerced() -> None:
    tables = _tables()
    doc = {"previous_release_id": "20250101T000000Z-abcdef01",
           "previous_row_counts": {"articles": 1, "organisations": 1}}
    got = release_files(doc, tables)["CHANGES.md"]("R1").decode("utf-8")
    canon = {t: schemas.coerce(t, df) for t, df in tables.items()}
    assert got == changes_markdown(canon, doc["previous_release_id"], "R1", doc["previous_row_counts"])
    assert "| articles | 1 -> 2 | 2 | 0 | 0 | 0 |" in got
