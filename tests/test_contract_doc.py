"""docs/DATA_CONTRACT.md (the contract shipped in the repository) agrees with schemas/:
the same tables, and in each the same columns with the same types and nullability."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline import schemas

DOC = Path(__file__).resolve().parent.parent / "docs" / "DATA_CONTRACT.md"


def documented_tables() -> dict[str, list[tuple[str, str, bool]]]:
    """{table: [(column, type, nullable)]} from the doc's `### table` sections."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            out[current] = []
        elif line.startswith("## "):
            current = None
        elif current and line.startswith("| ") and not line.startswith(("| column", "| ---")):
            name, typ = [c.strip() for c in line.strip("|").split("|")[:2]]
            out[current].append((name, typ.rstrip("?"), typ.endswith("?")))
    return out


def test_every_contract_table_is_documented_with_its_columns():
    doc = documented_tables()
    assert list(doc) == [t for t in doc if t in schemas.TABLES]  # no stray sections
    assert set(doc) == set(schemas.TABLES)
    for t in schemas.TABLES:
        want = [(c.name, c.type, c.nullable) for c in schemas.load_spec(t).columns]
        assert doc[t] == want, t


def test_doc_names_the_release_files_and_licences():
    text = DOC.read_text(encoding="utf-8")
    for name in ("statistics.json", "index.html", "datapackage.json", "SHA256SUMS", "CC-BY-4.0",
                 "MIT"):
        assert name in text
    assert not re.search(r"\.\./shared", text)
