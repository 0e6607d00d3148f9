"""Release writing: real files in tmp_path, read back with independent tools
(pyarrow/pandas, DuckDB, the frictionless CLI, hashlib, the csv module)."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.publish import build
from pipeline import schemas
from pipeline.publish.release import ReleaseValidationError, cleanup_incomplete, read_latest, write_release

TABLE_NAMES = ["articles", "organisations", "agreements", "agreement_parties", "engagements",
               "engagement_participants", "cooperation_edges", "mentions", "rejects", "org_merges", "id_redirects",
               "changes"]
NOW = dt.datetime(2025, 6, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
LATER = dt.datetime(2025, 6, 2, 8, 30, 0, tzinfo=dt.timezone.utc)
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
FORMULAS = ['=HYPERLINK("http://x")', "+cmd", "@SUM(A1)", "-2+3"]

SHA_A = hashlib.sha256(b"article a").hexdigest()
SHA_B = hashlib.sha256(b"article b").hexdigest()
SHA_C = hashlib.sha256(b"article c").hexdigest()
A, B, C = SHA_A[:16], SHA_B[:16], SHA_C[:16]


def make_tables() -> dict[str, pd.DataFrame]:
    """Eight small, valid, realistic tables (rows deliberately not in key order)."""
    d = dt.date
    articles = pd.DataFrame({
        "article_id": [B, A, C],
        "sha256": [SHA_B, SHA_A, SHA_C],
        "source_path": ["2024/b.html", "2024/a.txt", "feeds/c.jsonl#L2"],
        "title": ["Tashkent IT Park and Astana Hub sign MoU", FORMULAS[0], None],
        "published_date": [d(2024, 3, 5), d(2024, 3, 4), None],
        "publisher": ["Daryo", None, "Kun.uz"],
        "url": ["https://daryo.uz/x", None, None],
        "language": ["en", "en", "ru"],
        "word_count": [412, 230, 95],
        "duplicate_of": [None, None, A],
    })
    organisations = pd.DataFrame({
        "org_id": ["org-itpark-uz", "org-astana-hub", "org-undp"],
        "name": ["IT Park Uzbekistan", "Astana Hub", "United Nations Development Programme"],
        "aliases": [["IT Park", "Tashkent IT Park"], ["Astana International Hub", "+cmd"], []],
        "org_type": ["technology_park", "technology_park", "intergovernmental_organisation"],
        "country": ["UZ", "KZ", None],
        "city": ["Tashkent", "Astana", None],
        "article_count": [2, 1, 1],
        "first_seen": [d(2024, 3, 4), d(2024, 3, 5), None],
        "last_seen": [d(2024, 3, 5), d(2024, 3, 5), None],
        "source_article_ids": [[A, B], [B], [C]],
        "confidence": [0.9123, 0.00005, None],
    })
    agreements = pd.DataFrame({
        "agreement_id": ["agr-0001"],
        "agreement_type": ["memorandum_of_understanding"],
        "status": ["signed"],
        "title": ["@SUM(A1)"],
        "signed_date": [d(2024, 3, 4)],
        "location_city": ["Tashkent"],
        "location_country": ["UZ"],
        "event_name": ["ICT Week 2024"],
        "party_org_ids": [["org-astana-hub", "org-itpark-uz"]],
        "source_article_ids": [[A, B]],
        "evidence": ['IT Park and Astana Hub signed a memorandum, "a new stage", in Tashkent.'],
        "confidence": [1.0],
    })
    agreement_parties = pd.DataFrame({
        "agreement_id": ["agr-0001", "agr-0001"],
        "org_id": ["org-itpark-uz", "org-astana-hub"],
        "role": ["party", "party"],
    })
    engagements = pd.DataFrame({
        "engagement_id": ["eng-0002", "eng-0001"],
        "engagement_type": ["programme", "visit"],
        "status": ["planned", "occurred"],
        "title": [None, "-2+3"],
        "start_date": [d(2025, 1, 10), d(2024, 3, 3)],
        "end_date": [None, d(2024, 3, 5)],
        "location_city": [None, "Tashkent"],
        "location_country": [None, "UZ"],
        "participant_org_ids": [["org-undp"], ["org-astana-hub", "org-itpark-uz"]],
        "source_article_ids": [[C], [B]],
        "evidence": ["UNDP will fund a programme.", "A delegation of Astana Hub visited\nIT Park."],
        "confidence": [None, 0.75],
    })
    engagement_participants = pd.DataFrame({
        "engagement_id": ["eng-0001", "eng-0001", "eng-0002"],
        "org_id": ["org-itpark-uz", "org-astana-hub", "org-undp"],
        "role": ["host", "visitor", "funder"],
    })
    mentions = pd.DataFrame({
        "article_id": [B, A, B, C],
        "org_id": ["org-astana-hub", "org-itpark-uz", "org-itpark-uz", "org-undp"],
        "surface": ["Astana Hub", "IT Park", "Tashkent IT Park", "ПРООН"],
        "char_start": [20, 0, 0, 5],
        "char_end": [30, 7, 16, 10],
        "rule": ["registry", "head", "sweep", "acr"],
    })
    rejects = pd.DataFrame({
        "source_path": ["2024/scan.pdf", "2024/empty.txt"],
        "sha256": [hashlib.sha256(b"pdf").hexdigest(), None],
        "stage": ["ingest", "ingest"],
        "reason": ["unsupported_type", "empty"],
        "message": ["Convert the PDF to text, or remove it.", "The file has no text."],
    })
    org_merges = pd.DataFrame({
        "org_id": ["org-itpark-uz"], "name": ["IT Park Uzbekistan"],
        "other_name": ["Tashkent IT Park"], "rule": ["name_key"],
        "reason": ['both are named "it park" (name key), country UZ'], "article_ids": [[A, B]],
    })
    id_redirects = pd.DataFrame({
        "old_id": ["org-it-park"], "new_id": ["org-itpark-uz"], "kind": ["organisation"],
        "release_id": ["20250501T000000Z-0123abcd"],
        "reason": ["merged into org-itpark-uz: 1 of its 1 report(s) are in one cluster with it"],
    })
    changes = pd.DataFrame({
        "table_name": ["organisations"], "id": ["org-it-park"], "change": ["redirected"],
        "changed_columns": [None], "previous_values": [None],
        "new_values": ['{"redirected_to": "org-itpark-uz"}'],
    })
    return {"articles": articles, "organisations": organisations, "agreements": agreements,
            "agreement_parties": agreement_parties, "engagements": engagements,
            "engagement_participants": engagement_participants, "mentions": mentions,
            "rejects": rejects, "org_merges": org_merges, "id_redirects": id_redirects,
            "changes": changes}


def shuffled(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Same rows in another order, dict in another order, non-default index."""
    out = {}
    for name in reversed(list(tables)):
        df = tables[name].sample(frac=1.0, random_state=7)
        out[name] = df.set_axis([f"r{i}" for i in range(len(df))])
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[Path, build.PublishResult]:
    root = tmp_path_factory.mktemp("out")
    res = write_release(make_tables(), root, run_meta={"run_id": "test-run"}, now=NOW)
    return root, res


# ------------------------------------------------------------------------ layout and formats


def test_release_layout_and_latest(release):
    root, res = release
    assert res.published and res.reason == "published"
    assert res.release_id.startswith("20250601T120000Z-")
    folder = root / "releases" / res.release_id
    assert res.path == folder
    names = {p.name for p in folder.iterdir()}
    expected = {f"{t}.{ext}" for t in TABLE_NAMES for ext in ("parquet", "csv")}
    assert names == expected | {"datapackage.json", "README.md", "SHA256SUMS", "statistics.json",
                                "index.html", "site.css", "site.js"}
    latest = root / "latest"
    assert latest.is_symlink() and os.readlink(latest) == f"releases/{res.release_id}"
    assert (latest / "datapackage.json").read_bytes() == (folder / "datapackage.json").read_bytes()
    given = make_tables()
    assert "cooperation_edges" not in given  # derived by write_release from the fact tables
    assert res.row_counts == {**{t: len(df) for t, df in given.items()},
                              "cooperation_edges": res.row_counts["cooperation_edges"]}
    index = json.loads((root / "releases" / "index.json").read_text())
    assert index["last_successful"] == res.release_id
    assert [r["id"] for r in index["releases"]] == [res.release_id]
    assert index["releases"][0]["row_counts"]["mentions"] == 4


def test_parquet_types_and_values(release):
    root, res = release
    folder = res.path
    src = make_tables()
    arts = pd.read_parquet(folder / "articles.parquet")
    assert list(arts.columns) == list(src["articles"].columns)
    assert arts["word_count"].dtype == "int32"
    dates = [v for v in arts["published_date"] if v is not None]
    assert dates and all(type(v) is dt.date for v in dates)
    # rows sorted by primary key
    assert list(arts["article_id"]) == sorted(src["articles"]["article_id"])
    orgs = pd.read_parquet(folder / "organisations.parquet")
    itpark = orgs.set_index("org_id").loc["org-itpark-uz"]
    assert list(itpark["aliases"]) == ["IT Park", "Tashkent IT Park"]
    assert list(orgs.set_index("org_id").loc["org-undp", "aliases"]) == []
    schema = pq.read_schema(folder / "organisations.parquet")
    assert str(schema.field("aliases").type).startswith("list<")
    assert str(schema.field("first_seen").type) == "date32[day]"
    assert schema.field("org_id").nullable is False and schema.field("country").nullable is True
    assert schema.field("org_id").metadata[b"description"]
    meta = pq.read_metadata(folder / "organisations.parquet").metadata
    assert meta[b"techbridges.release_id"] == res.release_id.encode()
    assert meta[b"techbridges.schema_version"] == schemas.contract_version().encode()
    assert pq.ParquetFile(folder / "organisations.parquet").metadata.row_group(0) \
        .column(0).compression == "ZSTD"
    # confidence: a double, null where no model judged the row (not NaN in Parquet)
    assert str(schema.field("confidence").type) == "double"
    conf = pq.read_table(folder / "organisations.parquet").column("confidence")
    assert conf.null_count == 1 and conf.to_pylist() == [0.00005, 0.9123, None]


def test_duckdb_reads_every_file(release):
    _, res = release
    con = duckdb.connect()
    for t in TABLE_NAMES:
        n_parquet = con.execute(f"SELECT count(*) FROM read_parquet('{res.path / t}.parquet')").fetchone()[0]
        n_csv = con.execute(
            f"SELECT count(*) FROM read_csv('{res.path / t}.csv', header=true, all_varchar=true)"
        ).fetchone()[0]
        assert n_parquet == n_csv == res.row_counts[t]
    typ = con.execute(
        f"SELECT typeof(party_org_ids), typeof(signed_date) FROM read_parquet('{res.path}/agreements.parquet')"
    ).fetchone()
    assert typ == ("VARCHAR[]", "DATE")


@pytest.mark.slow
def test_frictionless_cli_reports_valid(release):
    root, _ = release
    # Literally the acceptance command, run from the output root.
    proc = subprocess.run([str(FRICTIONLESS), "validate", "--json", "latest/datapackage.json"],
                          cwd=root, capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert report["valid"] is True, proc.stdout[:3000]
    assert proc.returncode == 0
    assert len(report["tasks"]) == 2 * len(TABLE_NAMES)


@pytest.mark.slow
def test_frictionless_catches_a_tampered_parquet(release, tmp_path):
    # The Parquet resources are checked for bytes and hash, not skipped.
    _, res = release
    copy = tmp_path / "copy"
    copy.mkdir()
    for p in res.path.iterdir():
        (copy / p.name).write_bytes(p.read_bytes())
    data = bytearray((copy / "mentions.parquet").read_bytes())
    data[10] ^= 0xFF
    (copy / "mentions.parquet").write_bytes(bytes(data))
    proc = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
                          cwd=copy, capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert report["valid"] is False
    bad = [t for t in report["tasks"] if not t["valid"]]
    assert [t["name"] for t in bad] == ["mentions-parquet"]
    assert build.verify_release(copy) != [] and build.verify_release(res.path) == []


def test_checksums_match_files(release):
    _, res = release
    folder = res.path
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert [ln.split("  ", 1)[1] for ln in lines] == sorted(listed)
    others = {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    assert set(listed) == others
    for name, digest in listed.items():
        assert sha(folder / name) == digest
    dp = json.loads((folder / "datapackage.json").read_text())
    assert dp["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert dp["_release_id"] == res.release_id
    assert dp["version"] == "1.2.0" and dp["licenses"][0]["name"] == "CC-BY-4.0"
    paths = sorted(r["path"] for r in dp["resources"])
    assert paths == sorted(f"{t}.{e}" for t in TABLE_NAMES for e in ("csv", "parquet"))
    for r in dp["resources"]:
        p = folder / r["path"]
        assert r["bytes"] == len(p.read_bytes())
        assert r["hash"] == "sha256:" + sha(p)
        assert res.file_hashes[r["path"]] == r["hash"]
    assert res.fingerprint.startswith(res.release_id.rsplit("-", 1)[1])
    assert dp["_content_fingerprint"] == res.fingerprint


def test_csv_conventions_and_formula_guard(release):
    _, res = release
    folder = res.path
    raw = (folder / "articles.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n")[0] == b"article_id,sha256,source_path,title,published_date," \
                                    b"publisher,url,language,word_count,duplicate_of"
    assert raw.endswith(b"\r\n")

    def rows(table: str) -> list[dict[str, str]]:
        text = (folder / f"{table}.csv").read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    arts = {r["article_id"]: r for r in rows("articles")}
    assert arts[A]["title"] == "'" + FORMULAS[0]
    assert arts[A]["published_date"] == "2024-03-04"
    assert arts[C]["published_date"] == "" and arts[C]["title"] == ""
    orgs = {r["org_id"]: r for r in rows("organisations")}
    assert orgs["org-itpark-uz"]["aliases"] == "IT Park;Tashkent IT Park"
    assert orgs["org-undp"]["aliases"] == ""
    assert rows("agreements")[0]["title"] == "'@SUM(A1)"
    engs = {r["engagement_id"]: r for r in rows("engagements")}
    assert engs["eng-0001"]["title"] == "'-2+3"
    assert engs["eng-0001"]["evidence"] == "A delegation of Astana Hub visited\nIT Park."
    # numbers as plain decimals (no exponent), null as an empty cell
    assert [orgs[o]["confidence"] for o in ("org-itpark-uz", "org-astana-hub", "org-undp")] == \
        ["0.9123", "0.00005", ""]
    assert engs["eng-0001"]["confidence"] == "0.75" and engs["eng-0002"]["confidence"] == ""
    assert rows("agreements")[0]["confidence"] == "1"
    assert {r["surface"]: r["rule"] for r in rows("mentions")} == {
        "Astana Hub": "registry", "IT Park": "head", "Tashkent IT Park": "sweep", "ПРООН": "acr"}
    # Parquet keeps the exact values.
    assert pd.read_parquet(folder / "articles.parquet").set_index("article_id") \
        .loc[A, "title"] == FORMULAS[0]
    assert pd.read_parquet(folder / "agreements.parquet")["title"].tolist() == ["@SUM(A1)"]
    assert pd.read_parquet(folder / "engagements.parquet").set_index("engagement_id") \
        .loc["eng-0001", "title"] == "-2+3"
    hub = pd.read_parquet(folder / "organisations.parquet").set_index("org_id").loc["org-astana-hub"]
    assert "+cmd" in list(hub["aliases"])
    dp = json.loads((folder / "datapackage.json").read_text())
    guard = dp["_spreadsheet_safe"]
    assert guard["prefix"] == "'" and set(guard["triggers"]) == {"=", "+", "-", "@", "\t", "\r"}
    assert guard["escaped_cells"]["articles"] == 1 and guard["escaped_cells"]["organisations"] == 0


def test_read_latest_round_trips(release):
    root, _ = release
    got = read_latest(root)
    assert set(got) == set(TABLE_NAMES)
    for t, df in make_tables().items():
        want = schemas.coerce(t, df)
        pd.testing.assert_frame_equal(got[t], want)
    assert read_latest(root / "nothing-here") == {}


# ------------------------------------------------------------------------ release lifecycle


def test_unchanged_input_publishes_nothing(tmp_path):
    first = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    before = folder_bytes(first.path)
    again = write_release(shuffled(make_tables()), tmp_path, run_meta={"run_id": "2"}, now=LATER)
    assert (again.published, again.reason) == (False, "unchanged")
    assert again.release_id == first.release_id and again.path == first.path
    assert [p.name for p in (tmp_path / "releases").iterdir() if p.is_dir()] == [first.release_id]
    assert folder_bytes(first.path) == before
    assert again.file_hashes == first.file_hashes


def test_changed_tables_create_a_new_release(tmp_path):
    first = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    tables = make_tables()
    tables["rejects"] = pd.concat([tables["rejects"], pd.DataFrame({
        "source_path": ["2024/bad.bin"], "sha256": [None], "stage": ["ingest"],
        "reason": ["undecodable"], "message": ["Save the file as UTF-8."]})])
    second = write_release(tables, tmp_path, run_meta={}, now=LATER)
    assert second.published and second.release_id != first.release_id
    assert second.release_id.startswith("20250602T083000Z-")
    assert os.readlink(tmp_path / "latest") == f"releases/{second.release_id}"
    assert len(pd.read_parquet(tmp_path / "latest" / "rejects.parquet")) == 3
    assert (first.path / "rejects.parquet").exists()  # the old release stays
    index = json.loads((tmp_path / "releases" / "index.json").read_text())
    assert [r["id"] for r in index["releases"]] == [first.release_id, second.release_id]
    assert index["last_successful"] == second.release_id


def test_validation_error_leaves_latest_untouched(tmp_path):
    first = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    before = folder_bytes(tmp_path / "latest")
    bad = make_tables()
    bad["mentions"].loc[0, "org_id"] = "org-nobody"        # dangling reference
    bad["agreements"].loc[0, "status"] = "rumoured"         # not in the enum
    with pytest.raises(ReleaseValidationError) as exc:
        write_release(bad, tmp_path, run_meta={}, now=LATER)
    text = "\n".join(exc.value.errors)
    assert "org-nobody" in text and "rumoured" in text
    assert os.readlink(tmp_path / "latest") == f"releases/{first.release_id}"
    assert folder_bytes(tmp_path / "latest") == before
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == \
        sorted([first.release_id, "index.json"])


def test_validation_error_on_empty_root_writes_nothing(tmp_path):
    bad = make_tables()
    del bad["rejects"]
    with pytest.raises(ReleaseValidationError):
        write_release(bad, tmp_path / "out", run_meta={}, now=NOW)
    assert not (tmp_path / "out").exists()


def test_leftover_tmp_folder_is_cleaned_and_never_latest(tmp_path):
    first = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    # What a publisher killed half-way leaves behind.
    leftover = tmp_path / "releases" / ".tmp-20250602T000000Z-deadbeef-1234"
    leftover.mkdir()
    (leftover / "articles.csv").write_text("article_id\r\n")
    stale_link = tmp_path / "latest.tmp-abcd"
    os.symlink(f"releases/{leftover.name}", stale_link)
    assert read_latest(tmp_path)["articles"].shape[0] == 3  # readers still see the old one
    again = write_release(make_tables(), tmp_path, run_meta={}, now=LATER)
    assert again.reason == "unchanged" and again.release_id == first.release_id
    assert not leftover.exists() and not os.path.lexists(stale_link)
    assert os.readlink(tmp_path / "latest") == f"releases/{first.release_id}"
    leftover.mkdir()
    assert cleanup_incomplete(tmp_path) == [leftover]
    assert not leftover.exists()


@pytest.mark.slow
def test_crash_before_the_folder_rename_leaves_latest_alone(tmp_path, monkeypatch):
    first = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    before = folder_bytes(tmp_path / "latest")
    changed = make_tables()
    changed["rejects"].loc[0, "message"] = "Another message."

    def power_cut(src, dst):
        raise OSError("simulated crash during rename")

    monkeypatch.setattr(os, "rename", power_cut)
    with pytest.raises(OSError, match="simulated"):
        write_release(changed, tmp_path, run_meta={}, now=LATER)
    monkeypatch.undo()
    assert os.readlink(tmp_path / "latest") == f"releases/{first.release_id}"
    assert folder_bytes(tmp_path / "latest") == before
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == \
        sorted([first.release_id, "index.json"])
    assert write_release(changed, tmp_path, run_meta={}, now=LATER).published


@pytest.mark.slow
def test_crash_before_latest_switch_keeps_previous_latest(tmp_path, monkeypatch):
    first = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    changed = make_tables()
    changed["rejects"].loc[0, "message"] = "Another message."
    real_replace = os.replace

    def crash_on_latest(src, dst):
        if Path(dst).name == "latest":
            raise OSError("simulated crash before the switch")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_latest)
    with pytest.raises(OSError, match="simulated"):
        write_release(changed, tmp_path, run_meta={}, now=LATER)
    monkeypatch.undo()
    assert os.readlink(tmp_path / "latest") == f"releases/{first.release_id}"
    assert read_latest(tmp_path)["rejects"]["message"].tolist() == \
        schemas.coerce("rejects", make_tables()["rejects"])["message"].tolist()
    index = json.loads((tmp_path / "releases" / "index.json").read_text())
    assert index["last_successful"] == first.release_id
    # The next run cleans the stray link and publishes normally.
    again = write_release(changed, tmp_path, run_meta={}, now=LATER.replace(hour=9))
    assert again.published and os.readlink(tmp_path / "latest") == f"releases/{again.release_id}"
    assert not list(tmp_path.glob("latest.tmp-*"))


def test_latest_as_a_real_directory_is_replaced_safely(tmp_path):
    old = tmp_path / "latest"
    old.mkdir()
    (old / "articles.csv").write_bytes(b"old layout\r\n")
    res = write_release(make_tables(), tmp_path, run_meta={}, now=NOW)
    assert os.readlink(tmp_path / "latest") == f"releases/{res.release_id}"
    kept = [p for p in (tmp_path / "releases").iterdir() if p.name.startswith("legacy-latest-")]
    assert len(kept) == 1 and (kept[0] / "articles.csv").read_bytes() == b"old layout\r\n"


@pytest.mark.slow
def test_shuffled_rows_give_identical_files(tmp_path):
    a = write_release(make_tables(), tmp_path / "a", run_meta={}, now=NOW)
    b = write_release(shuffled(make_tables()), tmp_path / "b", run_meta={}, now=NOW)
    assert a.release_id == b.release_id and a.fingerprint == b.fingerprint
    for t in TABLE_NAMES:
        assert (a.path / f"{t}.csv").read_bytes() == (b.path / f"{t}.csv").read_bytes()
        assert (a.path / f"{t}.parquet").read_bytes() == (b.path / f"{t}.parquet").read_bytes()
    # A later run time changes the release id, never the fingerprint or the CSV bytes.
    c = write_release(shuffled(make_tables()), tmp_path / "c", run_meta={}, now=LATER)
    assert c.fingerprint == a.fingerprint and c.release_id != a.release_id
    assert (c.path / "mentions.csv").read_bytes() == (a.path / "mentions.csv").read_bytes()
    assert pq.read_table(c.path / "mentions.parquet").equals(pq.read_table(a.path / "mentions.parquet"))


@pytest.mark.slow
def test_concurrent_publishers_serialise(tmp_path):
    # Two processes publish different content at the same time: both succeed, in turn.
    # Each worker loads make_tables() from this file.
    code = (
        "import sys, runpy, datetime as dt\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        f"mod = runpy.run_path({str(Path(__file__).resolve())!r})\n"
        "import pandas as pd\n"
        "from pipeline.publish.release import write_release\n"
        "t = mod['make_tables']()\n"
        "n = int(sys.argv[1])\n"
        "t['rejects'] = t['rejects'].assign(message=t['rejects']['message'] + f' ({n})')\n"
        "r = write_release(t, sys.argv[2], run_meta={}, "
        "now=dt.datetime(2025, 6, 1, 12, 0, n, tzinfo=dt.timezone.utc))\n"
        "print(r.release_id)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(n), str(tmp_path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in (1, 2)]
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        ids.append(out.strip())
    dirs = sorted(p.name for p in (tmp_path / "releases").iterdir() if p.is_dir())
    assert dirs == sorted(ids)
    index = json.loads((tmp_path / "releases" / "index.json").read_text())
    assert sorted(r["id"] for r in index["releases"]) == sorted(ids)
    assert os.readlink(tmp_path / "latest") == f"releases/{index['last_successful']}"
    for d in dirs:
        assert build.verify_release(tmp_path / "releases" / d) == []


def _fingerprint_row_by_row(tables) -> str:
    """The content fingerprint as first defined: every coerced row through one JSON
    encoder (`_jsonable` per cell)."""
    h = hashlib.sha256(b"techbridges-content-v1\n")
    h.update(hashlib.sha256(schemas.spec_fingerprint_source().encode()).digest())
    for t in schemas.TABLES:
        if t not in tables or t in schemas.FINGERPRINT_EXCLUDES:
            continue
        df = schemas.coerce(t, tables[t])
        h.update(json.dumps([t, list(df.columns), len(df)]).encode() + b"\n")
        for row in df.itertuples(index=False, name=None):
            h.update(build._ROW_JSON([build._jsonable(v) for v in row]).encode() + b"\n")
    return h.hexdigest()


def test_the_fingerprint_built_by_column_is_the_row_by_row_one():
    """Unchanged input must keep its fingerprint across code versions (else a re-run
    publishes a new release of the same content): nulls, NaN, infinities, -0.0, quotes,
    control characters, non-ASCII text, empty and null lists."""
    tables = build.canonical_tables(make_tables())
    assert build.content_fingerprint(tables, canonical=True) == _fingerprint_row_by_row(tables)
    orgs = tables["organisations"].copy()
    orgs["name"] = ['Quote " and \\ back', "line\nbreak\ttab\x01", "Ünïcödé ПРООН \u2028"]
    orgs["confidence"] = [float("nan"), float("inf"), -0.0]
    orgs["aliases"] = [[], None, ['a"b', "ü"]]
    weird = {**tables, "organisations": orgs}
    assert build.content_fingerprint(weird, canonical=True) == _fingerprint_row_by_row(weird)
    assert build.content_fingerprint(weird) == _fingerprint_row_by_row(weird)
    # A column holding an unexpected type is encoded row by row, with the same result.
    odd = orgs.copy()
    odd["city"] = [1, None, "Lagos"]
    odd_tables = {**tables, "organisations": odd}
    assert build.content_fingerprint(odd_tables, canonical=True) == _fingerprint_row_by_row(odd_tables)
    assert build.content_fingerprint(weird, canonical=True) != build.content_fingerprint(tables, canonical=True)


def test_rows_known_valid_are_skipped_but_keys_and_new_rows_are_checked():
    """schemas.validate_new_rows: the result of validating every row, from the rows not
    known valid and every row sharing a key value with another."""
    tables = build.canonical_tables(make_tables())
    orgs = tables["organisations"]
    digests = schemas.row_digests("organisations", orgs)
    assert digests is not None and len(set(digests)) == len(orgs)
    known = set(digests)
    assert schemas.validate_new_rows("organisations", orgs, digests, known) == ([], 0)
    assert schemas.validate_new_rows("organisations", orgs, digests, set()) == ([], len(orgs))
    # A new, invalid row (bad org_type) is validated and fails.
    bad = orgs.copy()
    bad.loc[1, "org_type"] = "spaceship"
    bad_digests = schemas.row_digests("organisations", bad)
    errors, validated = schemas.validate_new_rows("organisations", bad, bad_digests, known)
    assert validated == 1 and errors and errors == schemas.validate_table("organisations", bad)
    # A new row repeating a known row's key: both rows are validated, the duplicate found.
    dup = pd.concat([orgs, orgs.iloc[[0]].assign(name="Another name")], ignore_index=True)
    errors, validated = schemas.validate_new_rows(
        "organisations", dup, schemas.row_digests("organisations", dup), known)
    assert validated == 2 and any("org_id" in e for e in errors), errors
    # The same row twice is a duplicate too, although both copies are known.
    twice = pd.concat([orgs, orgs.iloc[[0]]], ignore_index=True)
    errors, _ = schemas.validate_new_rows(
        "organisations", twice, schemas.row_digests("organisations", twice), known)
    assert errors
    # A value of another type changes the digest (a date as text is not the date).
    as_text = orgs.copy()
    as_text["first_seen"] = [None if v is None else v.isoformat() for v in orgs["first_seen"]]
    assert schemas.row_digests("organisations", as_text) is None


# ---------------------------------------------------------------- CSVs built on the other core


def test_csv_files_from_the_forked_process_are_csv_bytes(monkeypatch):
    """What CsvFiles hands over (built in a forked process) is csv_bytes of each table;
    and when that process sends nothing, the same bytes are built in this one."""
    from pipeline.publish import build

    canon = build.canonical_tables(make_tables())
    want = {t: build.csv_bytes(t, canon[t]) for t in schemas.TABLES}
    got = build.CsvFiles(canon)
    assert got._proc is not None  # forked here (Linux)
    assert got.get() == want
    monkeypatch.setattr(build, "_csv_child", lambda conn, canon: os._exit(1))  # dies, sends nothing
    assert build.CsvFiles(canon).get() == want
    late = build.CsvFiles(canon)
    late.close()  # stopped (an unchanged release): built here if asked after all
    assert late.get() == want
