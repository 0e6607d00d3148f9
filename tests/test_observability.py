"""What the UI shows (read back from the instance's event log after a real run) and how
failures surface: the error names the stage and the file or folder; `latest` stays."""
from __future__ import annotations

import datetime as dt
import os

import dagster as dg
import pytest

from conftest import copy_articles, run_job


def release_files(latest) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(latest.iterdir())}

TABLES = ("articles", "organisations", "mentions", "agreements", "agreement_parties",
          "engagements", "engagement_participants", "rejects")


def failure_texts(res: dg.ExecuteInProcessResult) -> str:
    texts = []
    for ev in res.get_step_failure_events():
        data = ev.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            texts.append(f"[{ev.step_key}] {data.user_failure_data.description}")
        if data.error:
            texts.append(f"[{ev.step_key}] {data.error.message}")
    return "\n".join(texts)


@pytest.mark.slow
def test_asset_metadata_for_the_ui(folders, instance):
    from pipeline.definitions import defs

    specs = {s.key.to_user_string(): s for s in defs.resolve_all_asset_specs()}
    assert all(s.description for s in specs.values())
    policy = specs["release"].freshness_policy
    assert policy is not None and policy.fail_window.to_timedelta() == dt.timedelta(hours=36)

    raw, out = folders
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    res = run_job(raw, out, instance)
    assert res.success
    run_id = res.run_id

    def materialization(key: str) -> dict:
        [rec] = [r for r in instance.fetch_materializations(dg.AssetKey(key), limit=100).records
                 if r.run_id == run_id]
        return rec.asset_materialization.metadata

    for t in TABLES:
        md = materialization(t)
        assert isinstance(md["dagster/row_count"].value, int), t
        schema = md["dagster/column_schema"].value
        assert isinstance(schema, dg.TableSchema) and schema.columns, t
    org_md = materialization("organisations")
    assert org_md["dagster/row_count"].value > 0 and "preview" in org_md
    assert {c.name for c in org_md["dagster/column_schema"].value.columns} >= {"org_id", "name"}

    rel = materialization("release")
    release_id = os.readlink(out / "latest").rsplit("/", 1)[-1]
    assert rel["release_id"].value == release_id
    assert rel["outcome"].value == "published"
    assert rel["row_counts"].value["organisations"] == org_md["dagster/row_count"].value

    # Asset-check results are stored per run: the check history the UI shows.
    for key in (dg.AssetCheckKey(dg.AssetKey("articles"), "articles_not_empty"),
                dg.AssetCheckKey(dg.AssetKey("organisations"), "organisations_matches_contract")):
        history = instance.event_log_storage.get_asset_check_execution_history(key, limit=100)
        [mine] = [h for h in history if h.run_id == run_id]
        assert mine.status.value == "SUCCEEDED"
        assert mine.evaluation.passed

    # What the steps passed each other is on disk, readable without Dagster, and each
    # materialisation links to its file: Parquet for tables, JSON lines for extractions.
    import json

    import pandas as pd

    published = pd.read_parquet(out / "latest" / "organisations.parquet")
    step_orgs = pd.read_parquet(org_md["path"].value)
    assert len(step_orgs) == org_md["dagster/row_count"].value == len(published)
    assert set(step_orgs["org_id"]) == set(published["org_id"])
    assert pd.api.types.is_integer_dtype(step_orgs["article_count"])  # typed, not pickled objects
    cleaned = pd.read_parquet(materialization("cleaned_articles")["path"].value)
    assert len(cleaned) == 2 and cleaned["body"].str.len().min() > 0
    lines = open(materialization("extractions")["path"].value, encoding="utf-8").read().splitlines()
    assert sorted(json.loads(x)["article_id"] for x in lines) == sorted(cleaned["article_id"])
    assert json.load(open(materialization("id_ledger")["path"].value))["format"]


@pytest.mark.slow
def test_publish_failure_names_stage_and_path_and_keeps_latest(folders, instance):
    raw, out = folders
    copy_articles(raw, "lagos-visit.txt")
    assert run_job(raw, out, instance).success
    before_link = os.readlink(out / "latest")
    before = release_files(out / "latest")

    copy_articles(raw, "tallinn-mou.txt")  # new content, so a new release would be written
    lock = out / ".publish.lock"
    lock.unlink()
    lock.mkdir()  # the publisher cannot open its lock: an I/O failure in the publish stage
    res = run_job(raw, out, instance)
    assert not res.success
    text = failure_texts(res)
    assert "[release]" in text and "stage publish" in text and str(lock) in text, text
    assert os.readlink(out / "latest") == before_link
    assert release_files(out / "latest") == before


@pytest.mark.slow
def test_missing_raw_folder_names_the_folder(tmp_path, instance):
    res = run_job(tmp_path / "no-such-raw", tmp_path / "out", instance)
    assert not res.success
    text = failure_texts(res)
    assert "[ingest]" in text and str(tmp_path / "no-such-raw") in text
    assert "PIPELINE_RAW_DIR" in text
    assert not (tmp_path / "out" / "latest").exists()
