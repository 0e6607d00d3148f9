"""The table contracts: YAML source vs DATA_CONTRACT.md, no drift between the generated
artefacts (pandera, Arrow, Table Schema, README, Dagster), and the checks really reject
bad data."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from pipeline import schemas

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
TODAY = dt.date(2025, 6, 1)

# Transcribed by hand from DATA_CONTRACT.md ("?" = nullable), independent of schemas/.
CONTRACT = {
    "articles": "article_id:string sha256:string source_path:string title:string? "
                "published_date:date32? publisher:string? url:string? language:string "
                "word_count:int32 duplicate_of:string?",
    "organisations": "org_id:string name:string aliases:list<string> org_type:string "
                     "country:string? city:string? article_count:int32 first_seen:date32? "
                     "last_seen:date32? source_article_ids:list<string> confidence:float64?",
    "agreements": "agreement_id:string agreement_type:string status:string title:string? "
                  "signed_date:date32? location_city:string? location_country:string? "
                  "event_name:string? party_org_ids:list<string> "
                  "source_article_ids:list<string> evidence:string confidence:float64?",
    "agreement_parties": "agreement_id:string org_id:string role:string",
    "engagements": "engagement_id:string engagement_type:string status:string title:string? "
                   "start_date:date32? end_date:date32? location_city:string? "
                   "location_country:string? participant_org_ids:list<string> "
                   "source_article_ids:list<string> evidence:string confidence:float64?",
    "engagement_participants": "engagement_id:string org_id:string role:string",
    "cooperation_edges": "org_a:string org_b:string fact_type:string fact_id:string "
                         "relation:string status:string date:date32? "
                         "source_article_ids:list<string>",
    # Issue 9: provenance (which rule found a mention, the models' confidence).
    "mentions": "article_id:string org_id:string surface:string char_start:int32 char_end:int32 "
                "rule:string",
    "rejects": "source_path:string sha256:string? stage:string reason:string message:string",
    # Issue 10: merge evidence, merged ids and what changed since the previous release.
    "org_merges": "org_id:string name:string other_name:string rule:string reason:string "
                  "article_ids:list<string>",
    "id_redirects": "old_id:string new_id:string kind:string release_id:string reason:string",
    "changes": "table_name:string id:string change:string changed_columns:list<string>? "
               "previous_values:string? new_values:string?",
}
CONTRACT_ENUMS = {
    ("organisations", "org_type"): [
        "technology_park", "incubator_accelerator", "it_cluster", "association",
        "government_body", "intergovernmental_organisation", "company", "academic",
        "investor", "other"],
    ("agreements", "agreement_type"): [
        "memorandum_of_understanding", "cooperation_agreement", "grant_agreement",
        "letter_of_intent", "contract", "other"],
    ("agreements", "status"): ["signed", "planned"],
    ("agreement_parties", "role"): ["party", "funder", "witness"],
    ("engagements", "engagement_type"): [
        "visit", "meeting", "forum", "exhibition", "workshop", "programme", "other"],
    ("engagements", "status"): ["occurred", "planned"],
    ("engagement_participants", "role"): ["host", "visitor", "organiser", "participant", "funder"],
    ("rejects", "stage"): ["ingest", "extract", "validate"],
    ("mentions", "rule"): ["head", "ent", "list", "acr", "minister", "government", "registry", "company",
                           "anaphor", "span_model", "sweep", "acr_place"],
    ("cooperation_edges", "fact_type"): ["agreement", "engagement"],
    ("cooperation_edges", "relation"): [
        "memorandum_of_understanding", "cooperation_agreement", "grant_agreement",
        "letter_of_intent", "contract", "visit", "meeting", "forum", "exhibition", "workshop",
        "programme", "other"],
    ("cooperation_edges", "status"): ["signed", "planned", "occurred"],
    ("org_merges", "rule"): ["registry_id", "name_key", "name_loose_key", "name_key_one_country",
                             "name_key_distinctive", "same_anchor",
                             "judgement"],
    ("id_redirects", "kind"): ["organisation", "agreement", "engagement"],
    ("changes", "table_name"): ["articles", "organisations", "agreements", "engagements"],
    ("changes", "change"): ["added", "removed", "changed", "redirected"],
}
TABLES = list(CONTRACT)


def load_yaml(table: str) -> dict:
    return yaml.safe_load((SCHEMA_DIR / f"{table}.yaml").read_text(encoding="utf-8"))


def yaml_columns(table: str) -> list[dict]:
    return load_yaml(table)["columns"]


# ------------------------------------------------------------------------ YAML vs contract


def test_yaml_files_are_the_contract_tables():
    on_disk = sorted(p.stem for p in SCHEMA_DIR.glob("*.yaml") if p.stem != "package")
    assert on_disk == sorted(TABLES)
    assert list(schemas.TABLES) == TABLES
    pkg = yaml.safe_load((SCHEMA_DIR / "package.yaml").read_text())
    assert pkg["name"] == "techbridges" and pkg["version"] == "1.2.0"
    assert [lic["name"] for lic in pkg["licenses"]] == ["CC-BY-4.0"]
    assert (SCHEMA_DIR / "README.md").exists()


@pytest.mark.parametrize("table", TABLES)
def test_yaml_matches_data_contract(table):
    want = []
    for item in CONTRACT[table].split():
        name, typ = item.split(":")
        want.append((name, typ.rstrip("?"), typ.endswith("?")))
    got = [(c["name"], c["type"], c["nullable"]) for c in yaml_columns(table)]
    assert got == want
    for c in yaml_columns(table):
        assert c.get("enum") == CONTRACT_ENUMS.get((table, c["name"]))
        assert c["description"] and "\n" not in c["description"]


# ------------------------------------------------------------------------ no drift


def _pandera_enum(col) -> list | None:
    vals = [c.statistics["allowed_values"] for c in col.checks if c.name == "isin"]
    return list(vals[0]) if vals else None


def _pandera_patterns(col) -> list[str]:
    return [c.statistics["pattern"] for c in col.checks if c.statistics and "pattern" in c.statistics]


@pytest.mark.parametrize("table", TABLES)
def test_pandera_schema_matches_yaml(table):
    schema = schemas.pandera_schema(table, today=TODAY)
    cols = yaml_columns(table)
    assert list(schema.columns) == [c["name"] for c in cols]
    assert schema.strict is True and schema.ordered is True
    assert list(schema.unique) == load_yaml(table)["primary_key"]
    dtypes = {"string": "str", "date32": "date", "int32": "int32", "float64": "float64",
              "list<string>": "object"}
    for c in cols:
        col = schema.columns[c["name"]]
        assert str(col.dtype) == dtypes[c["type"]], c["name"]
        assert col.nullable == c["nullable"], c["name"]
        assert _pandera_enum(col) == c.get("enum"), c["name"]
        want = [p for p in (c.get("pattern"), c.get("item_pattern")) if p]
        assert _pandera_patterns(col) == want, c["name"]


@pytest.mark.parametrize("table", TABLES)
def test_arrow_schema_matches_yaml(table):
    schema = schemas.arrow_schema(table)
    cols = yaml_columns(table)
    assert schema.names == [c["name"] for c in cols]
    types = {"string": "string", "date32": "date32[day]", "int32": "int32", "float64": "double",
             "list<string>": "list<item: string not null>"}
    for c in cols:
        f = schema.field(c["name"])
        # enums are dictionary-encoded strings (pandas categories, Arrow/polars dictionaries)
        want = "dictionary<values=string, indices=int8, ordered=0>" if c.get("enum") \
            else types[c["type"]]
        assert str(f.type) == want, c["name"]
        assert f.nullable == c["nullable"]
        assert f.metadata == {b"description": c["description"].encode()}
    # Short descriptions only: no long text in the footer.
    assert all(len(f.metadata[b"description"]) <= 120 for f in schema)
    assert set(schema.metadata) == {b"techbridges.table", b"techbridges.schema_version"}


@pytest.mark.parametrize("table", TABLES)
def test_table_schema_matches_yaml(table):
    ts = schemas.table_schema(table)
    doc = load_yaml(table)
    cols = doc["columns"]
    assert [f["name"] for f in ts["fields"]] == [c["name"] for c in cols]
    assert ts["primaryKey"] == doc["primary_key"]
    assert ts["missingValues"] == [""]
    types = {"string": "string", "date32": "date", "int32": "integer", "float64": "number",
             "list<string>": "string"}
    for f, c in zip(ts["fields"], cols):
        cons = f.get("constraints", {})
        assert f["type"] == types[c["type"]]
        assert f["description"] == " ".join((c.get("long_description") or c["description"]).split())
        if c["type"] == "list<string>":
            assert cons.get("required", False) == (c.get("min_items", 0) > 0
                                                   and not c["nullable"])
        else:
            assert cons.get("required", False) == (not c["nullable"])
        assert cons.get("enum") == c.get("enum")
        if c.get("pattern"):
            assert cons["pattern"] == c["pattern"].strip("^$")
    fks = ts.get("foreignKeys", []) + ts.get("_listForeignKeys", [])
    assert sorted((tuple(f["fields"]), f["reference"]["resource"], tuple(f["reference"]["fields"]))
                  for f in fks) == \
        sorted((tuple(f["columns"]), f["references"]["table"], tuple(f["references"]["columns"]))
               for f in doc.get("foreign_keys") or [])
    list_cols = {c["name"] for c in cols if c["type"] == "list<string>"}
    for f in ts.get("foreignKeys", []):
        assert not set(f["fields"]) & list_cols


def _readme_rows(md: str, table: str) -> list[list[str]]:
    section = md.split(f"\n### {table}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith("| `")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", ln)[1:-1]] for ln in rows]


@pytest.mark.parametrize("table", TABLES)
def test_readme_matches_yaml(table):
    md = schemas.data_dictionary_markdown({"release_id": "20250601T120000Z-0123abcd"})
    rows = _readme_rows(md, table)
    cols = yaml_columns(table)
    assert [r[0] for r in rows] == [f"`{c['name']}`" for c in cols]
    for r, c in zip(rows, cols):
        assert r[1] == c["type"]
        assert r[2] == ("no" if c["nullable"] else "yes")
        assert r[3] == " ".join((c.get("long_description") or c["description"]).split())
        for v in c.get("enum") or []:
            assert f"`{v}`" in r[4]
    assert "20250601T120000Z-0123abcd" in md


def test_readme_explains_csv_and_loading():
    md = schemas.data_dictionary_markdown({})
    assert "formula" in md and "`'`" in md and "Parquet files keep the exact values" in md
    assert "pd.read_parquet" in md and "duckdb" in md.lower()
    assert "1990-01-01" in md


@pytest.mark.parametrize("table", TABLES)
def test_dagster_column_schema_matches_yaml(table):
    ts = schemas.dagster_column_schema(table)
    cols = yaml_columns(table)
    assert [(c.name, c.type, c.constraints.nullable) for c in ts.columns] == \
        [(c["name"], c["type"], c["nullable"]) for c in cols]
    assert [c.description for c in ts.columns] == [c["description"] for c in cols]


# ------------------------------------------------------------------------ behaviour

SHA = [hashlib.sha256(s.encode()).hexdigest() for s in ("one", "two")]
ART = [s[:16] for s in SHA]


def valid_tables() -> dict[str, pd.DataFrame]:
    """A minimal consistent dataset (canonical dtypes)."""
    i32 = lambda xs: np.array(xs, dtype="int32")  # noqa: E731
    d = dt.date
    return {
        "articles": pd.DataFrame({
            "article_id": ART, "sha256": SHA, "source_path": ["a.txt", "b.md"],
            "title": ["Hi-Tech Park Belarus hosts delegation", None],
            "published_date": [d(2024, 5, 1), None], "publisher": [None, "BelTA"],
            "url": [None, None], "language": ["en", "be"], "word_count": i32([120, 80]),
            "duplicate_of": [None, ART[0]]}),
        "organisations": pd.DataFrame({
            "org_id": ["org-a", "org-b"], "name": ["Hi-Tech Park Belarus", "Armenian IT Union"],
            "aliases": [["HTP", "Belarus HTP"], []], "org_type": ["technology_park", "association"],
            "country": ["BY", "AM"], "city": ["Minsk", None],
            "article_count": i32([2, 1]), "first_seen": [d(2024, 5, 1), None],
            "last_seen": [d(2024, 5, 1), None], "source_article_ids": [ART[:], [ART[1]]],
            "confidence": [0.9312, np.nan]}),
        "agreements": pd.DataFrame({
            "agreement_id": ["agr-1"], "agreement_type": ["cooperation_agreement"],
            "status": ["signed"], "title": [None], "signed_date": [d(2024, 4, 30)],
            "location_city": ["Minsk"], "location_country": ["BY"], "event_name": [None],
            "party_org_ids": [["org-a", "org-b"]], "source_article_ids": [[ART[0]]],
            "evidence": ["HTP and the Union signed a cooperation agreement."],
            "confidence": [0.75]}),
        "agreement_parties": pd.DataFrame({
            "agreement_id": ["agr-1", "agr-1"], "org_id": ["org-a", "org-b"],
            "role": ["party", "party"]}),
        "engagements": pd.DataFrame({
            "engagement_id": ["eng-1"], "engagement_type": ["visit"], "status": ["occurred"],
            "title": [None], "start_date": [d(2024, 4, 29)], "end_date": [d(2024, 4, 30)],
            "location_city": ["Minsk"], "location_country": ["BY"],
            "participant_org_ids": [["org-a", "org-b"]], "source_article_ids": [[ART[0]]],
            "evidence": ["A delegation of the Union visited HTP."], "confidence": [np.nan]}),
        "engagement_participants": pd.DataFrame({
            "engagement_id": ["eng-1", "eng-1"], "org_id": ["org-a", "org-b"],
            "role": ["host", "visitor"]}),
        "cooperation_edges": pd.DataFrame({
            "org_a": ["org-a", "org-a"], "org_b": ["org-b", "org-b"],
            "fact_type": ["agreement", "engagement"], "fact_id": ["agr-1", "eng-1"],
            "relation": ["cooperation_agreement", "visit"], "status": ["signed", "occurred"],
            "date": [d(2024, 4, 30), d(2024, 4, 29)],
            "source_article_ids": [[ART[0]], [ART[0]]]}),
        "mentions": pd.DataFrame({
            "article_id": [ART[0], ART[1]], "org_id": ["org-a", "org-b"],
            "surface": ["Hi-Tech Park", "Armenian IT Union"],
            "char_start": i32([0, 10]), "char_end": i32([12, 27]), "rule": ["head", "registry"]}),
        "rejects": pd.DataFrame({
            "source_path": ["x.pdf"], "sha256": [None], "stage": ["ingest"],
            "reason": ["unsupported_type"], "message": ["Convert it to text."]}),
        "org_merges": pd.DataFrame({
            "org_id": ["org-a"], "name": ["Belarus HTP"], "other_name": ["Hi-Tech Park Belarus"],
            "rule": ["name_key"], "reason": ["both are named \"hi tech park\", country BY"],
            "article_ids": [ART[:]]}),
        "id_redirects": pd.DataFrame({
            "old_id": ["org-c"], "new_id": ["org-a"], "kind": ["organisation"],
            "release_id": ["20250501T000000Z-0123abcd"], "reason": ["merged into org-a"]}),
        "changes": pd.DataFrame({
            "table_name": ["organisations"], "id": ["org-a"], "change": ["changed"],
            "changed_columns": [["aliases"]], "previous_values": ['{"aliases": ["HTP"]}'],
            "new_values": ['{"aliases": ["HTP", "Belarus HTP"]}']}),
    }


def errors_after(table: str, change) -> list[str]:
    df = valid_tables()[table]
    change(df)
    return schemas.validate_table(table, df, today=TODAY)


def test_valid_tables_pass():
    assert schemas.integrity_errors(valid_tables(), today=TODAY) == []


def test_rejects_value_outside_enum():
    errs = errors_after("agreement_parties", lambda df: df.__setitem__("role", ["party", "sponsor"]))
    assert len(errs) == 1 and errs[0].startswith("agreement_parties.role:") and "sponsor" in errs[0]


@pytest.mark.parametrize("table,column,value", [
    ("articles", "article_id", "ABCDEF0123456789"),        # uppercase hex
    ("articles", "sha256", "0" * 63),                       # too short
    ("articles", "language", "eng"),                        # not ISO 639-1
    ("organisations", "country", "by"),                     # lowercase ISO 3166
    ("organisations", "country", "BY\n"),                   # trailing newline
    ("mentions", "org_id", "org a"),                        # space in an id
])
def test_rejects_bad_pattern(table, column, value):
    errs = errors_after(table, lambda df: df.__setitem__(column, [value] + list(df[column][1:])))
    assert any(e.startswith(f"{table}.{column}:") for e in errs), errs


def test_rejects_duplicate_primary_key():
    errs = errors_after("organisations", lambda df: df.__setitem__("org_id", ["org-a", "org-a"]))
    assert any("org_id" in e and "unique" in e for e in errs), errs
    errs = errors_after("agreement_parties", lambda df: df.__setitem__("org_id", ["org-a", "org-a"]))
    assert any("unique" in e for e in errs), errs
    # The same agreement and organisation in another role is another key.
    df = valid_tables()["agreement_parties"]
    df["org_id"] = ["org-a", "org-a"]
    df["role"] = ["party", "funder"]
    assert schemas.validate_table("agreement_parties", df, today=TODAY) == []


@pytest.mark.parametrize("value,ok", [
    (dt.date(1989, 12, 31), False),
    (dt.date(1990, 1, 1), True),
    (dt.date(2026, 6, 1), True),          # one year after TODAY
    (dt.date(2026, 6, 2), False),
    (dt.datetime(2024, 1, 1, 10, 0), False),  # not a plain date
])
def test_date_range(value, ok):
    errs = errors_after("articles", lambda df: df.__setitem__(
        "published_date", pd.Series([value, None], dtype=object)))
    assert (errs == []) == ok, errs


def test_date_range_follows_today():
    late = dt.date(2026, 6, 2)
    df = valid_tables()["engagements"]
    df["end_date"] = [late]
    assert schemas.validate_table("engagements", df, today=TODAY)
    assert schemas.validate_table("engagements", df, today=dt.date(2025, 6, 2)) == []


@pytest.mark.parametrize("value", [["HTP;Belarus"], ["HTP", ""], "HTP", [1], ["HTP", "HTP"]])
def test_rejects_bad_list_items(value):
    def change(df):
        df["aliases"] = pd.Series([value, []], dtype=object)
    errs = errors_after("organisations", change)
    assert any(e.startswith("organisations.aliases:") for e in errs), errs


def test_rejects_nulls_empty_strings_and_type_mismatch():
    assert any(e.startswith("agreements.evidence:") for e in errors_after(
        "agreements", lambda df: df.__setitem__("evidence", [None])))
    assert any(e.startswith("organisations.name:") for e in errors_after(
        "organisations", lambda df: df.__setitem__("name", ["", "x"])))
    assert any(e.startswith("mentions.char_start:") for e in errors_after(
        "mentions", lambda df: df.__setitem__("char_start", np.array([0, 10], dtype="int64"))))
    assert any(e.startswith("agreements.source_article_ids:") for e in errors_after(
        "agreements", lambda df: df.__setitem__("source_article_ids", [[]])))


def test_rejects_extra_missing_and_reordered_columns():
    df = valid_tables()["rejects"]
    assert schemas.validate_table("rejects", df.assign(extra=1), today=TODAY) == \
        ["rejects: unexpected column(s): ['extra']"]
    assert any("missing column" in e and "message" in e for e in schemas.validate_table(
        "rejects", df.drop(columns=["message"]), today=TODAY))
    assert any("order" in e for e in schemas.validate_table(
        "rejects", df[list(df.columns)[::-1]], today=TODAY))


@pytest.mark.parametrize("table,column,value,rule", [
    ("mentions", "char_end", np.array([12, 5], dtype="int32"), "char_start < char_end"),
    ("articles", "article_id", [ART[1], ART[0]], "article_id is the start of sha256"),
    ("engagements", "end_date", [dt.date(2024, 4, 1)], "start_date <= end_date"),
    ("organisations", "article_count", np.array([3, 1], dtype="int32"), "article_count equals"),
])
def test_row_rules(table, column, value, rule):
    errs = errors_after(table, lambda df: df.__setitem__(column, value))
    assert len(errs) == 1 and "rule failed" in errs[0] and rule in errs[0], errs


def test_cross_table_dangling_org_in_bridge_table():
    t = valid_tables()
    t["agreement_parties"].loc[1, "org_id"] = "org-ghost"
    errs = schemas.cross_table_errors(t)
    assert len(errs) == 1 and "agreement_parties" in errs[0] and "org-ghost" in errs[0]


def test_cross_table_dangling_org_in_list_column():
    t = valid_tables()
    t["engagements"].at[0, "participant_org_ids"] = ["org-a", "org-ghost"]
    errs = schemas.cross_table_errors(t)
    assert len(errs) == 1 and "participant_org_ids" in errs[0] and "org-ghost" in errs[0]


def test_cross_table_dangling_articles_and_parents():
    t = valid_tables()
    t["organisations"].at[1, "source_article_ids"] = ["0123456789abcdef"]
    t["mentions"].loc[0, "article_id"] = "fedcba9876543210"
    t["engagement_participants"].loc[0, "engagement_id"] = "eng-404"
    t["articles"].loc[1, "duplicate_of"] = "1111111111111111"
    errs = "\n".join(schemas.cross_table_errors(t))
    for needle in ("0123456789abcdef", "fedcba9876543210", "eng-404", "1111111111111111"):
        assert needle in errs
    assert schemas.cross_table_errors(valid_tables()) == []


def test_integrity_errors_reports_missing_and_unknown_tables():
    t = valid_tables()
    del t["rejects"]
    t["statistics"] = pd.DataFrame()
    errs = schemas.integrity_errors(t, today=TODAY)
    assert any("rejects" in e and "missing" in e for e in errs)
    assert any("statistics" in e for e in errs)


def test_coerce_gives_canonical_frames():
    t = valid_tables()
    arts = t["articles"].iloc[::-1].copy()
    arts.index = ["x", "y"]
    arts["published_date"] = [pd.NaT, pd.Timestamp("2024-05-01")]
    arts["word_count"] = arts["word_count"].astype("int64")
    arts["title"] = [np.nan, "Hi-Tech Park Belarus hosts delegation"]
    out = schemas.coerce("articles", arts)
    assert list(out["article_id"]) == sorted(ART)
    assert list(out.index) == [0, 1]
    assert out["word_count"].dtype == "int32"
    by_id = out.set_index("article_id")
    assert by_id["published_date"].to_dict() == {ART[0]: dt.date(2024, 5, 1), ART[1]: None}
    assert by_id["title"].to_dict() == {ART[0]: "Hi-Tech Park Belarus hosts delegation",
                                        ART[1]: None}
    orgs = t["organisations"].copy()
    orgs["aliases"] = [np.array(["HTP", "Belarus HTP"]), np.array([], dtype=object)]
    orgs["first_seen"] = ["2024-05-01", None]
    out = schemas.coerce("organisations", orgs)
    assert out["aliases"].tolist() == [["HTP", "Belarus HTP"], []]
    assert type(out["aliases"][0][0]) is str
    assert out["first_seen"].tolist() == [dt.date(2024, 5, 1), None]
    assert schemas.validate_table("organisations", out, today=TODAY) == []
    with pytest.raises(ValueError, match="word_count"):
        schemas.coerce("articles", t["articles"].assign(word_count=[1, None]))


def test_empty_frames_are_valid():
    empty = {t: schemas.empty_frame(t) for t in TABLES}
    assert schemas.integrity_errors(empty, today=TODAY) == []
    assert [str(empty["mentions"][c].dtype) for c in empty["mentions"].columns] == \
        ["object", "object", "object", "int32", "int32", "object"]
    assert str(empty["organisations"]["confidence"].dtype) == "float64"


@pytest.mark.parametrize("value, ok", [(0.0, True), (1.0, True), (0.5, True), (np.nan, True),
                                       (1.0001, False), (-0.01, False), (np.inf, False)])
def test_confidence_lies_between_0_and_1(value, ok):
    errs = errors_after("agreements", lambda df: df.__setitem__("confidence", [value]))
    assert (errs == []) == ok, errs
    if not ok:
        assert any("agreements.confidence" in e for e in errs)


def test_coerce_confidence_and_mention_rule():
    orgs = valid_tables()["organisations"].iloc[::-1].assign(confidence=[None, 0.25])
    out = schemas.coerce("organisations", orgs)  # sorted by org_id: org-a, org-b
    assert out["confidence"].dtype == "float64"
    assert out["confidence"][0] == 0.25 and np.isnan(out["confidence"][1])
    assert schemas.validate_table("organisations", out, today=TODAY) == []
    with pytest.raises(ValueError, match="confidence"):
        schemas.coerce("organisations", orgs.assign(confidence=["high", None]))
    errs = errors_after("mentions", lambda df: df.__setitem__("rule", ["head", "guess"]))
    assert any("mentions.rule" in e and "isin" in e for e in errs), errs
    errs = errors_after("mentions", lambda df: df.__setitem__("rule", ["head", None]))
    assert any("mentions.rule" in e for e in errs), errs


def test_list_pattern_for_csv():
    pat = re.compile(schemas.list_pattern("^[0-9a-f]{16}$"))
    assert pat.fullmatch(ART[0]) and pat.fullmatch(f"{ART[0]};{ART[1]}")
    assert not pat.fullmatch(f"{ART[0]};") and not pat.fullmatch(f"{ART[0]},{ART[1]}")
