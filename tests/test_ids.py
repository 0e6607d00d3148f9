"""Issue 10: ids that survive new, removed and edited articles (the id ledger), merges
that publish one id plus a redirect, judgements people make, `changes` between releases,
and a fresh machine continuing the ids of an output folder. Every scenario runs the real
job through Dagster on articles written for these tests (tests/articles/ids/)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from conftest import ARTICLES, asset_metadata, run_job
from pipeline.resolve import ids
from pipeline import schemas
from pipeline.resolve.changes import diff_tables
from pipeline.resolve.judgements import JudgementError, parse_judgements

IDS = ARTICLES / "ids"
ENTITIES = {"organisations": "org_id", "agreements": "agreement_id", "engagements": "engagement_id"}


def put(raw: Path, *names: str) -> None:
    for n in names:
        shutil.copy2(IDS / n, raw / n)


def latest(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / "latest" / f"{table}.parquet")


def release_id(out: Path) -> str:
    return json.loads((out / "releases" / "index.json").read_text())["last_successful"]


def ok(res: dg.ExecuteInProcessResult) -> None:
    failed = [c for c in res.get_asset_check_evaluations()
              if not c.passed]
    assert res.success, ([e.message for e in res.all_events if e.is_failure],
                         [(f.check_name, f.metadata) for f in failed])


def ids_by_source(out: Path) -> dict[str, dict[str, frozenset]]:
    """table -> id -> its source articles, in the latest release."""
    return {t: {i: frozenset(s) for i, s in zip(df[c], df["source_article_ids"])}
            for t, c in ENTITIES.items() for df in [latest(out, t)]}


def name_ids(out: Path) -> dict[str, str]:
    orgs = latest(out, "organisations")
    return dict(zip(orgs["name"], orgs["org_id"]))


def check_results(res) -> dict[str, bool]:
    return {c.check_name: c.passed
            for c in res.get_asset_check_evaluations()}


def ledger_metadata(res) -> dict:
    return asset_metadata(res, "id_ledger")


# ------------------------------------------------------------------------ untouched ids


@pytest.mark.slow
def test_adding_removing_and_editing_articles_keeps_untouched_ids(folders, instance):
    raw, out = folders
    put(raw, "tartu-mou.txt", "kigali-visit.txt", "alatau-forum.txt", "steppe-mou.txt",
        "karaganda-workshop.txt")
    ok(run_job(raw, out, instance))
    first = ids_by_source(out)
    arts = latest(out, "articles")
    aid = dict(zip(arts["source_path"], arts["article_id"]))
    assert len(first["agreements"]) == 2 and len(first["engagements"]) == 3
    steppe = name_ids(out)["Steppe Robotics Hub"]

    # A second outlet's report of the Tartu agreement, a new name for Steppe Robotics Hub
    # whose key sorts first (the anchor hash would change), and an unrelated article.
    put(raw, "tartu-mou-second-outlet.txt", "astana-robotics.txt", "alatau-renamed.txt")
    # An edit: the Karaganda article gets another sentence (a new article id).
    edited = raw / "karaganda-workshop.txt"
    edited.write_text(edited.read_text() + "\nThe centre plans a second workshop in autumn.\n")
    ok(run_job(raw, out, instance))
    second = ids_by_source(out)
    touched = {aid["karaganda-workshop.txt"]}
    for table, rows in first.items():
        for i, src in rows.items():
            if not src & touched:
                assert i in second[table], f"{table}: {i} ({sorted(src)}) lost its id"
    # The agreement reported twice is still one row, with its first id and both sources.
    (agr,) = [i for i, s in first["agreements"].items() if aid["tartu-mou.txt"] in s]
    assert len(second["agreements"][agr]) == 2
    # Steppe Robotics Hub is now "Astana Robotics Hub" with the old name as an alias: the
    # smallest name key of its cluster changed (so did the anchor hash), its id did not.
    orgs = latest(out, "organisations")
    (row,) = [r for r in orgs.itertuples() if "Steppe Robotics Hub" in [r.name, *r.aliases]]
    assert row.name == "Astana Robotics Hub" and row.org_id == steppe
    # Removing the first-sorted source of the two-source agreement keeps its id.
    (raw / "tartu-mou.txt").unlink()
    ok(run_job(raw, out, instance, max_row_loss_share=1.0))
    third = ids_by_source(out)
    assert agr in third["agreements"]
    for table, rows in second.items():
        for i, src in rows.items():
            if aid["tartu-mou.txt"] not in src:
                assert i in third[table], f"{table}: {i} lost its id after a removal"


# ------------------------------------------------------------------------ merges and redirects


@pytest.mark.slow
def test_a_merge_publishes_one_id_and_a_redirect(folders, instance):
    raw, out = folders
    put(raw, "steppe-mou.txt", "karaganda-workshop.txt")
    ok(run_job(raw, out, instance))
    before = name_ids(out)
    steppe, karaganda = before["Steppe Robotics Hub"], before["Karaganda Robotics Centre"]
    assert steppe != karaganda
    first = release_id(out)

    # An article naming both as one ("Steppe Robotics Hub (Karaganda Robotics Centre)").
    put(raw, "steppe-lab.txt")
    ok(run_job(raw, out, instance))
    orgs = latest(out, "organisations")
    merged = orgs[orgs["name"].isin(["Steppe Robotics Hub", "Karaganda Robotics Centre"])]
    assert len(merged) == 1
    kept = merged["org_id"].iloc[0]
    gone = ({steppe, karaganda} - {kept}).pop()
    assert kept == min(steppe, karaganda)  # same age: the deterministic tie-break
    red = latest(out, "id_redirects")
    assert red.to_dict("records") == [{
        "old_id": gone, "new_id": kept, "kind": "organisation", "release_id": first,
        "reason": red["reason"].iloc[0]}]
    assert gone not in set(orgs["org_id"]) and gone not in set(latest(out, "mentions")["org_id"])
    ch = latest(out, "changes").set_index(["table_name", "id"])
    assert ch.loc[("organisations", gone), "change"] == "redirected"
    assert json.loads(ch.loc[("organisations", gone), "new_values"]) == {"redirected_to": kept}
    assert ch.loc[("organisations", kept), "change"] == "changed"
    # Why the two names are one organisation: the automatic merge and its reason.
    merges = latest(out, "org_merges")
    row = merges[(merges["name"] == "Karaganda Robotics Centre")
                 & (merges["other_name"] == "Steppe Robotics Hub")]
    assert len(row) == 1 and row["org_id"].iloc[0] == kept and row["rule"].iloc[0] == "name_key"
    assert "karaganda robotics cent" in row["reason"].iloc[0]
    # An analyst holding the old id finds the organisation through the redirect.
    wanted = pd.DataFrame({"org_id": [gone]})
    found = wanted.merge(red[["old_id", "new_id"]], how="left", left_on="org_id", right_on="old_id")
    found["org_id"] = found["new_id"].fillna(found["org_id"])
    assert list(found.merge(orgs, on="org_id")["org_id"]) == [kept]
    assert "## Merged ids (1)" in (out / "latest" / "CHANGES.md").read_text()
    run_readme_snippets(out / "latest", gone, kept)

    # The retired id is never assigned again, even when the cluster splits once more.
    (raw / "steppe-lab.txt").unlink()
    ok(run_job(raw, out, instance))
    after = set(latest(out, "organisations")["org_id"])
    assert kept in after and gone not in after
    assert latest(out, "id_redirects")["old_id"].tolist() == [gone]


def run_readme_snippets(folder: Path, gone: str, kept: str) -> None:
    """The README's examples that follow redirects, run as written on this release."""
    import contextlib
    import io
    import re

    import duckdb

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Ids, redirects, judgements and changes", 1)[1].split("\n## ", 1)[0]
    python = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    sql = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    assert len(python) == 2 and len(sql) == 1
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for code in python:
            exec(compile(code.replace("data/latest/", f"{folder}/"), "README.md", "exec"), {})
    shown = printed.getvalue()
    assert gone in shown and kept in shown and "source_article_ids" in shown
    con = duckdb.connect()
    results = [con.execute(stmt).fetchall()
               for stmt in sql[0].replace("data/latest/", f"{folder}/").split(";") if stmt.strip()]
    assert results[1] == [(gone, kept, "Steppe Robotics Hub")] or \
        results[1] == [(gone, kept, "Karaganda Robotics Centre")]
    assert ("organisations", "redirected", 1) in results[2]


def write_judgements(tmp_path: Path, monkeypatch, *rows: str) -> None:
    path = tmp_path / "judgements.csv"
    path.write_text("left,right,judgement,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setenv("PIPELINE_JUDGEMENTS_FILE", str(path))


def steppe_orgs(out: Path) -> pd.DataFrame:
    orgs = latest(out, "organisations")
    names = {"Steppe Robotics Hub", "Karaganda Robotics Centre"}
    return orgs[[bool(names & {n, *a}) for n, a in zip(orgs["name"], orgs["aliases"])]]


@pytest.mark.slow
def test_not_same_judgement_splits_a_cluster_the_resolver_would_merge(tmp_path, monkeypatch,
                                                                       instance):
    files = ("steppe-mou.txt", "karaganda-workshop.txt", "steppe-lab.txt")
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    put(raw, *files)
    write_judgements(tmp_path, monkeypatch)  # no judgement: the resolver merges them
    ok(run_job(raw, out, instance))
    assert len(steppe_orgs(out)) == 1

    write_judgements(tmp_path, monkeypatch,
                     "Steppe Robotics Hub,Karaganda Robotics Centre,not_same,two centres (test)")
    out2 = tmp_path / "out2"
    ok(run_job(raw, out2, instance))
    split = steppe_orgs(out2)
    assert sorted(split["name"]) == ["Karaganda Robotics Centre", "Steppe Robotics Hub"]
    merges = latest(out2, "org_merges")
    assert not ((merges["name"] == "Karaganda Robotics Centre")
                & (merges["other_name"] == "Steppe Robotics Hub")).any()


@pytest.mark.slow
def test_same_judgement_by_name_and_by_id(tmp_path, monkeypatch, instance):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    put(raw, "steppe-mou.txt", "karaganda-workshop.txt")
    write_judgements(tmp_path, monkeypatch)
    ok(run_job(raw, out, instance))
    two = name_ids(out)
    assert len(steppe_orgs(out)) == 2

    # By published ids: the next run merges them, keeps one id and redirects the other.
    write_judgements(tmp_path, monkeypatch, f"{two['Steppe Robotics Hub']},"
                     f"{two['Karaganda Robotics Centre']},same,one hub (test)")
    ok(run_job(raw, out, instance))
    (kept,) = steppe_orgs(out)["org_id"]
    assert kept == min(two.values())
    assert latest(out, "id_redirects")[["old_id", "new_id"]].values.tolist() == \
        [[max(two["Steppe Robotics Hub"], two["Karaganda Robotics Centre"]), kept]]
    merges = latest(out, "org_merges")
    assert merges[merges["org_id"] == kept]["rule"].tolist() == ["judgement"]
    assert "one hub (test)" in merges[merges["org_id"] == kept]["reason"].iloc[0]

    # By names, on a fresh output: one organisation from the first release on.
    out2 = tmp_path / "out2"
    write_judgements(tmp_path, monkeypatch,
                     "karaganda robotics centre,STEPPE ROBOTICS HUB,same,")
    ok(run_job(raw, out2, instance))
    assert len(steppe_orgs(out2)) == 1


# ------------------------------------------------------------------------ a fresh machine


@pytest.mark.slow
def test_fresh_machine_continues_the_ids_of_the_output(tmp_path):
    out = tmp_path / "out"
    raw_a, raw_b = tmp_path / "raw-a", tmp_path / "raw-b"
    raw_a.mkdir()
    raw_b.mkdir()
    names = ("steppe-mou.txt", "kigali-visit.txt", "tartu-mou.txt")
    put(raw_a, *names)
    with dg.instance_for_test() as machine_a:
        ok(run_job(raw_a, out, machine_a, cache_dir=str(tmp_path / "cache-a")))
    first = ids_by_source(out)
    rid = release_id(out)

    # Machine B: its own Dagster instance, cache and copy of the raw folder.
    put(raw_b, *names)
    with dg.instance_for_test() as machine_b:
        res = run_job(raw_b, out, machine_b, cache_dir=str(tmp_path / "cache-b"))
        ok(res)
        assert release_id(out) == rid  # the same content: nothing new published
        assert ids_by_source(out) == first
        assert ledger_metadata(res)["status"] == "ledger"
        # A new article that changes the cluster's anchor: ids still continue.
        put(raw_b, "astana-robotics.txt")
        ok(run_job(raw_b, out, machine_b, cache_dir=str(tmp_path / "cache-b")))
    second = ids_by_source(out)
    for table, rows in first.items():
        assert set(rows) <= set(second[table])


@pytest.mark.slow
def test_a_lost_ledger_falls_back_to_anchor_hashes_and_says_so(folders, instance):
    raw, out = folders
    put(raw, "steppe-mou.txt")
    ok(run_job(raw, out, instance))
    steppe = name_ids(out)["Steppe Robotics Hub"]
    (out / "latest" / ids.LEDGER_FILE).unlink()

    put(raw, "astana-robotics.txt")
    res = run_job(raw, out, instance)
    ok(res)  # published: the fallback warns, it does not block
    md = ledger_metadata(res)
    assert md["status"] == "lost" and "fall back to hashes" in md["message"]
    assert check_results(res)["ids_kept_for_untouched_entities"] is False
    # Hashing gives the cluster (now named after its smallest key) another id, and says so.
    assert name_ids(out)["Astana Robotics Hub"] != steppe
    doc = json.loads((out / "latest" / ids.LEDGER_FILE).read_text())
    assert doc["status"] == "lost"
    removed = latest(out, "changes")
    assert removed[removed["id"] == steppe]["change"].tolist() == ["removed"]


# ------------------------------------------------------------------------ changes


def _row_map(df: pd.DataFrame, key: str) -> dict:
    def norm(v):
        if hasattr(v, "tolist") and not isinstance(v, str):
            v = v.tolist()
        return tuple(v) if isinstance(v, list) else (None if pd.isna(v) else v) \
            if not isinstance(v, (list, tuple)) else v
    return {r[key]: {c: norm(v) for c, v in r.items()} for r in df.to_dict("records")}


@pytest.mark.slow
def test_changes_lists_exactly_the_rows_that_differ(folders, instance):
    raw, out = folders
    put(raw, "tartu-mou.txt", "kigali-visit.txt", "steppe-mou.txt", "karaganda-workshop.txt")
    ok(run_job(raw, out, instance))
    first_id = release_id(out)
    ch = latest(out, "changes")
    assert set(ch["change"]) == {"added"}
    assert len(ch) == sum(len(latest(out, t)) for t in ("articles", *ENTITIES))
    assert "it has no predecessor" in (out / "latest" / "CHANGES.md").read_text()
    index = json.loads((out / "releases" / "index.json").read_text())
    assert index["releases"][-1]["previous"] is None
    prev = {t: latest(out, t) for t in ("articles", *ENTITIES)}

    put(raw, "tartu-mou-second-outlet.txt", "steppe-lab.txt", "alatau-forum.txt")
    (raw / "kigali-visit.txt").unlink()
    ok(run_job(raw, out, instance, max_row_loss_share=1.0))
    now = {t: latest(out, t) for t in prev}
    redirected = set(latest(out, "id_redirects")["old_id"])
    want = {}
    for t, key in {"articles": "article_id", **ENTITIES}.items():
        old, new = _row_map(prev[t], key), _row_map(now[t], key)
        for i in set(old) | set(new):
            if i not in old:
                want[(t, i)] = ("added", None)
            elif i not in new:
                want[(t, i)] = ("redirected" if i in redirected else "removed", None)
            elif old[i] != new[i]:
                want[(t, i)] = ("changed", sorted(c for c in new[i] if old[i][c] != new[i][c]))
    got = {(r.table_name, r.id): (r.change, None if r.changed_columns is None
                                  else sorted(r.changed_columns))
           for r in latest(out, "changes").itertuples()}
    assert got == want
    assert {c for c, _ in got.values()} >= {"added", "removed", "changed", "redirected"}
    # The old and new values of a changed row are the Parquet values.
    ch = latest(out, "changes").set_index(["table_name", "id"])
    (agr,) = [i for (t, i), (c, _) in want.items() if t == "agreements" and c == "changed"]
    new_vals = json.loads(ch.loc[("agreements", agr), "new_values"])
    assert new_vals["source_article_ids"] == sorted(
        now["agreements"].set_index("agreement_id").loc[agr, "source_article_ids"])
    # CHANGES.md and the index name the predecessor and the count deltas.
    md = (out / "latest" / "CHANGES.md").read_text()
    new_engagements = sum(1 for (t, _), (c, _) in want.items() if t == "engagements" and c == "added")
    assert new_engagements >= 1  # the Alatau forum at least
    assert f"`{first_id}`" in md and f"## New engagements ({new_engagements})" in md and "Alatau IT Park" in md
    entry = json.loads((out / "releases" / "index.json").read_text())["releases"][-1]
    assert entry["previous"] == first_id
    assert entry["row_count_deltas"]["articles"] == len(now["articles"]) - len(prev["articles"])

    # Re-running on the same input publishes nothing new (changes is not content).
    res = run_job(raw, out, instance)
    ok(res)
    assert json.loads((out / "releases" / "index.json").read_text())["last_successful"] \
        == entry["id"]


def test_diff_tables_compares_canonical_values():
    prev = {"organisations": pd.DataFrame({
        "org_id": ["org_a", "org_b"], "name": ["A", "B"], "aliases": [["x"], []],
        "org_type": ["other", "other"], "country": ["KZ", None], "city": [None, None],
        "article_count": [1, 1], "first_seen": [None, None], "last_seen": [None, None],
        "source_article_ids": [["0" * 16], ["1" * 16]]})}
    cur = {"organisations": prev["organisations"].copy()}
    cur["organisations"].at[1, "aliases"] = ["y"]  # only org_b differs
    ch = diff_tables(prev, cur)
    assert ch[["table_name", "id", "change"]].values.tolist() == [["organisations", "org_b", "changed"]]
    assert ch["changed_columns"].iloc[0] == ["aliases"]
    assert json.loads(ch["previous_values"].iloc[0]) == {"aliases": []}
    assert schemas.validate_table("changes", schemas.coerce("changes", ch)) == []


# ------------------------------------------------------------------------ the ledger itself


def test_ledger_assignment_keeps_oldest_ids_and_never_reuses_retired_ones():
    led = ids.Ledger(previous_release_id="r1", status="ledger", generation=2)
    led.live["organisation"] = {
        "org_old": {"gen": 1, "members": ["a:x", "b:x"]},
        "org_new": {"gen": 2, "members": ["c:y"]},
        "org_gone": {"gen": 1, "members": ["d:z"]},
    }
    led.retired["org_retired"] = ids.Retired("org_retired", "org_old", "organisation", "r0", "m")
    got = led.assign("organisation", {
        "org_h1": ["a:x", "c:y", "e:w"],     # absorbs org_new: keeps the older org_old
        "org_h2": ["b:x"],                   # split off org_old: not its id (fewer votes)
        "org_retired": ["f:v"],              # its hash is a retired id: never reused
    })
    assert got["org_h1"] == "org_old"
    assert got["org_h2"] == "org_h2"
    assert got["org_retired"] not in {"org_retired", "org_old", "org_new", "org_h2"}
    assert set(led.new_retired) == {"org_new"}
    assert led.new_retired["org_new"].new_id == "org_old"
    red = led.redirects_frame({"organisation": set(got.values())})
    assert sorted(red[["old_id", "new_id"]].values.tolist()) == [
        ["org_new", "org_old"], ["org_retired", "org_old"]]
    doc = led.document()
    assert doc["generation"] == 3 and doc["ids"]["organisation"]["org_old"]["gen"] == 1
    assert doc["ids"]["organisation"][got["org_retired"]]["gen"] == 3
    again = ids.from_document(json.loads(ids.document_bytes(doc)), "r2")
    assert again.follow("org_new") == "org_old" and "org_gone" not in again.live["organisation"]


def test_judgements_file_is_checked():
    js = parse_judgements("# note\nleft,right,judgement,note\nA Park,B Park,same,x, y\n")
    assert [(j.left, j.right, j.judgement, j.note) for j in js] == [("A Park", "B Park", "same", "x, y")]
    for bad in ("left,right,judgement,note\nA Park,B Park,maybe,\n",
                "left,right,judgement,note\nA Park,,same,\n",
                "left,right,judgement,note\nA Park,a  park,not_same,\n",
                "a,b,c\nA,B,same\n"):
        with pytest.raises(JudgementError, match="line"):
            parse_judgements(bad)
    assert parse_judgements((Path(__file__).parent.parent / "pipeline" / "data"
                             / "judgements.csv").read_text()) is not None


# ------------------------------------------------------------------------ object storage

from test_object_storage import OUT, RAW, s3, s3_endpoint  # noqa: E402,F401  (fixtures)


@pytest.mark.slow
def test_ledger_lives_with_releases_on_object_storage(s3, s3_endpoint):  # noqa: F811
    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings

    def run(instance, cache):
        defs = build_definitions(PipelineSettings(raw_dir=RAW, output_dir=OUT, cache_dir=cache))
        return defs.resolve_job_def("techbridges").execute_in_process(instance=instance,
                                                                      raise_on_error=False)

    so = {"client_kwargs": {"endpoint_url": s3_endpoint}}
    s3.put(str(IDS / "steppe-mou.txt"), "raw-bucket/articles/steppe-mou.txt")
    with dg.instance_for_test() as machine_a:
        ok(run(machine_a, "s3://out-bucket/cache-a"))
    orgs = pd.read_parquet(f"{OUT}/latest/organisations.parquet", storage_options=so)
    steppe = dict(zip(orgs["name"], orgs["org_id"]))["Steppe Robotics Hub"]
    rid = json.loads(s3.cat("out-bucket/techbridges/releases/index.json"))["last_successful"]
    doc = json.loads(s3.cat(f"out-bucket/techbridges/releases/{rid}/{ids.LEDGER_FILE}"))
    assert steppe in doc["ids"]["organisation"] and doc["status"] == "first"

    # Another machine (fresh instance and cache) adds an article that renames the hub.
    s3.put(str(IDS / "astana-robotics.txt"), "raw-bucket/articles/astana-robotics.txt")
    with dg.instance_for_test() as machine_b:
        res = run(machine_b, "s3://out-bucket/cache-b")
        ok(res)
    assert ledger_metadata(res)["status"] == "ledger"
    orgs = pd.read_parquet(f"{OUT}/latest/organisations.parquet", storage_options=so)
    assert dict(zip(orgs["name"], orgs["org_id"]))["Astana Robotics Hub"] == steppe
    new_rid = json.loads(s3.cat("out-bucket/techbridges/releases/index.json"))["last_successful"]
    assert s3.cat(f"out-bucket/techbridges/releases/{new_rid}/CHANGES.md").decode().count(rid) == 1
    index = json.loads(s3.cat("out-bucket/techbridges/releases/index.json"))
    assert index["releases"][-1]["previous"] == rid
