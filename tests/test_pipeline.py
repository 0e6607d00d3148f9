"""The whole graph through Dagster on temporary folders: publish, reject, block, re-run."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_articles, run_job

TABLES = ("articles", "organisations", "mentions", "agreements", "agreement_parties",
          "engagements", "engagement_participants", "rejects")


def release_files(latest: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(latest.iterdir())}


def test_definitions_load():
    import dagster as dg
    from pipeline.definitions import defs

    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("techbridges")
    assert defs.resolve_schedule_def("daily_release")
    assert defs.resolve_sensor_def("raw_folder_sensor")


@pytest.mark.slow
def test_publishes_every_table_with_facts_and_rejects(folders, instance):
    raw, out = folders
    copy_articles(raw, "tallinn-mou.txt", "tallinn-mou-copy.txt", "lagos-visit.txt")
    (raw / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (raw / "empty.txt").write_text("  \n")
    res = run_job(raw, out, instance)
    assert res.success
    latest = out / "latest"
    for t in TABLES:
        assert (latest / f"{t}.parquet").is_file() and (latest / f"{t}.csv").is_file()
    for f in ("datapackage.json", "README.md", "SHA256SUMS"):
        assert (latest / f).is_file()

    arts = pd.read_parquet(latest / "articles.parquet")
    assert len(arts) == 3
    # The copy without page furniture is the same article: marked, not dropped.
    assert arts["duplicate_of"].notna().sum() == 1

    rejects = pd.read_parquet(latest / "rejects.parquet")
    assert set(rejects["source_path"]) == {"notes.docx", "empty.txt"}
    assert rejects.set_index("source_path").loc["notes.docx", "reason"] == "unsupported_type"

    orgs = pd.read_parquet(latest / "organisations.parquet")
    names = " | ".join(orgs["name"])
    assert "Tehnopol" in names and "Yaba Technology Hub" in names
    # One organisation however many articles mention it.
    tehnopol = orgs[orgs["name"].str.contains("Tehnopol")]
    assert len(tehnopol) == 1 and tehnopol.iloc[0]["article_count"] == 2
    assert tehnopol.iloc[0]["country"] == "EE"

    ags = pd.read_parquet(latest / "agreements.parquet")
    mou = ags[ags["agreement_type"] == "memorandum_of_understanding"]
    # Two articles, one agreement listing both sources.
    assert len(mou) == 1 and len(mou.iloc[0]["source_article_ids"]) == 2
    assert str(mou.iloc[0]["signed_date"]) == "2024-03-12"

    engs = pd.read_parquet(latest / "engagements.parquet")
    parts = pd.read_parquet(latest / "engagement_participants.parquet")
    visit = engs[engs["engagement_type"] == "visit"]
    assert len(visit) == 1
    roles = parts[parts["engagement_id"] == visit.iloc[0]["engagement_id"]].merge(orgs, on="org_id")
    assert set(roles.loc[roles["name"].str.contains("Yaba"), "role"]) == {"host"}
    assert set(roles.loc[roles["name"].str.contains("Nairobi"), "role"]) == {"visitor"}


@pytest.mark.slow
def test_rerun_on_unchanged_input_publishes_nothing_new(folders, instance):
    raw, out = folders
    copy_articles(raw, "lagos-visit.txt")
    assert run_job(raw, out, instance).success
    first = os.readlink(out / "latest")
    assert run_job(raw, out, instance).success
    assert os.readlink(out / "latest") == first
    assert len([p for p in (out / "releases").iterdir() if p.is_dir()]) == 1


@pytest.mark.slow
def test_failed_blocking_check_publishes_nothing_and_keeps_latest(folders, instance):
    raw, out = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    assert run_job(raw, out, instance).success
    before_link = os.readlink(out / "latest")
    before = release_files(out / "latest")

    for p in raw.iterdir():  # an empty raw folder must fail closed
        p.unlink()
    res = run_job(raw, out, instance)
    assert not res.success
    evals = {e.check_name: e.passed for e in res.get_asset_check_evaluations()}
    assert evals["articles_not_empty"] is False
    assert not any(e.asset_key.path == ["release"] for e in res.get_asset_materialization_events()
                   if hasattr(e, "asset_key"))
    assert os.readlink(out / "latest") == before_link
    assert release_files(out / "latest") == before


@pytest.mark.slow
def test_losing_most_rows_is_refused(folders, instance):
    raw, out = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    assert run_job(raw, out, instance).success
    before_link = os.readlink(out / "latest")
    (raw / "tallinn-mou.txt").unlink()
    res = run_job(raw, out, instance, max_row_loss_share=0.2)
    assert not res.success
    evals = {e.check_name: e.passed for e in res.get_asset_check_evaluations()}
    assert evals["no_mass_row_loss"] is False
    assert os.readlink(out / "latest") == before_link
