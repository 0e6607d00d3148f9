"""Dates and enums load with the right types in pandas, polars and DuckDB, and the
README's loading snippets run as written against a release made by the real job."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from conftest import copy_articles, run_job
from pipeline import schemas

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("typed")
    raw, out = tmp / "raw", tmp / "out"
    raw.mkdir()
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    with dg.instance_for_test() as instance:
        assert run_job(raw, out, instance).success
    return (out / "latest").resolve()


def readme_blocks(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Loading the data", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{lang}\n(.*?)```", section, flags=re.S)


@pytest.mark.slow
def test_pandas_categories_and_real_dates(folder):
    orgs = pd.read_parquet(folder / "organisations.parquet")
    assert isinstance(orgs["org_type"].dtype, pd.CategoricalDtype)
    assert list(orgs["org_type"].cat.categories) == list(
        schemas.load_spec("organisations").column("org_type").enum)
    agr = pd.read_parquet(folder / "agreements.parquet", dtype_backend="pyarrow")
    assert str(agr["signed_date"].dtype) == "date32[day][pyarrow]"
    assert list(agr["signed_date"].dt.year.dropna()) == [2024]
    eng = pd.read_parquet(folder / "engagements.parquet")
    assert isinstance(eng["engagement_type"].dtype, pd.CategoricalDtype)
    # the exact strings come back (what pyarrow's to_pylist gives a scorer)
    tbl = pq.read_table(folder / "agreements.parquet")
    assert tbl.column("status").to_pylist() == ["signed"]
    assert all(type(d) is dt.date for d in tbl.column("signed_date").to_pylist())


@pytest.mark.slow
def test_polars_dates_and_dictionaries(folder):
    agr = pl.read_parquet(folder / "agreements.parquet")
    assert agr.schema["signed_date"] == pl.Date
    assert agr.schema["agreement_type"] == pl.Categorical
    assert agr.schema["party_org_ids"] == pl.List(pl.String)
    orgs_csv = pl.read_csv(folder / "organisations.csv", try_parse_dates=True)
    assert orgs_csv.schema["first_seen"] == pl.Date


@pytest.mark.slow
def test_duckdb_dates(folder):
    con = duckdb.connect()
    path = folder / "agreements.parquet"
    typ, year, kind = con.execute(
        f"SELECT typeof(signed_date), year(signed_date), agreement_type FROM '{path}'").fetchone()
    assert (typ, year, kind) == ("DATE", 2024, "memorandum_of_understanding")


@pytest.mark.slow
def test_readme_snippets_run(folder, capsys):
    python, sql = readme_blocks("python"), readme_blocks("sql")
    assert len(python) >= 3 and sql
    for code in python:
        exec(compile(code.replace("data/latest/", f"{folder}/"), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "2024" in printed and "technology_park" in printed
    con = duckdb.connect()
    for stmt in sql[0].replace("data/latest/", f"{folder}/").split(";"):
        if stmt.strip():
            assert con.execute(stmt).fetchall()
