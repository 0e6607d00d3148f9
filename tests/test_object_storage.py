"""Raw files, extraction cache and releases on object storage: the real job against a
local S3 endpoint (moto's server on 127.0.0.1), read back with pandas through s3fs."""
from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import ARTICLES, asset_metadata
from pipeline import storage

TABLES = ("articles", "organisations", "mentions", "agreements", "agreement_parties",
          "engagements", "engagement_participants", "rejects")
RAW = "s3://raw-bucket/articles"
OUT = "s3://out-bucket/techbridges"


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        assert host == "127.0.0.1" and port
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch, tmp_path):
    """Dummy credentials (never a real AWS config), the endpoint, and two fresh buckets."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("PIPELINE_S3_ENDPOINT_URL", s3_endpoint)
    import s3fs

    fs = s3fs.S3FileSystem(client_kwargs={"endpoint_url": s3_endpoint}, skip_instance_cache=True)
    for bucket in ("raw-bucket", "out-bucket"):
        if fs.exists(bucket):
            fs.rm(bucket, recursive=True)
        fs.mkdir(bucket)
    return fs


def options(endpoint: str) -> dict:
    return {"client_kwargs": {"endpoint_url": endpoint}}


def run(instance, **settings) -> dg.ExecuteInProcessResult:
    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings

    defs = build_definitions(PipelineSettings(raw_dir=RAW, output_dir=OUT, **settings))
    return defs.resolve_job_def("techbridges").execute_in_process(instance=instance,
                                                                  raise_on_error=False)


def extract_counts(res) -> tuple[int, int]:
    md = asset_metadata(res, "extractions")
    return md["extracted"], md["from_cache"]


@pytest.mark.slow
def test_job_reads_and_publishes_on_s3(s3, s3_endpoint, instance):
    for p in sorted((ARTICLES / "pipeline").glob("*.txt")):
        s3.put(str(p), f"raw-bucket/articles/{p.name}")
    s3.pipe("raw-bucket/articles/sub/notes.docx", b"PK\x03\x04 not an article")
    s3.pipe("raw-bucket/articles/big.txt", b"A long article. " * 200)  # over the limit below
    limit = {"max_file_bytes": 2000}

    res = run(instance, **limit)
    assert res.success, [e.message for e in res.all_events if e.is_failure]
    assert extract_counts(res) == (3, 0)

    # The pointer, the release and the latest/ copy.
    index = json.loads(s3.cat("out-bucket/techbridges/releases/index.json"))
    rid = index["last_successful"]
    release = f"out-bucket/techbridges/releases/{rid}"
    assert s3.exists(f"{release}/SHA256SUMS") and s3.exists(f"{release}/datapackage.json")
    assert s3.cat("out-bucket/techbridges/latest/RELEASE").decode().strip() == rid
    assert sorted(s3.ls(release, detail=False)) and \
        {Path(p).name for p in s3.ls(release)} | {"RELEASE"} == \
        {Path(p).name for p in s3.ls("out-bucket/techbridges/latest")}
    # The extraction cache is on S3 too, beside the releases.
    assert s3.find("out-bucket/techbridges/.cache/extractions")

    so = options(s3_endpoint)
    for t in TABLES:
        for where in (f"{OUT}/latest", f"s3://{release}"):
            df = pd.read_parquet(f"{where}/{t}.parquet", storage_options=so)
            assert list(df.columns)  # every table, with its columns
        assert pd.read_csv(f"{OUT}/latest/{t}.csv", storage_options=so) is not None
    arts = pd.read_parquet(f"{OUT}/latest/articles.parquet", storage_options=so)
    assert len(arts) == 3 and set(arts["source_path"]) == {
        "lagos-visit.txt", "tallinn-mou.txt", "tallinn-mou-copy.txt"}
    orgs = pd.read_parquet(f"{OUT}/latest/organisations.parquet", storage_options=so)
    assert any("Tehnopol" in n for n in orgs["name"]) and any("Yaba" in n for n in orgs["name"])
    rejects = pd.read_parquet(f"{OUT}/latest/rejects.parquet", storage_options=so)
    reasons = rejects.set_index("source_path")["reason"]
    assert reasons["sub/notes.docx"] == "unsupported_type" and reasons["big.txt"] == "too_large"
    with s3.open(f"{release}/organisations.parquet", "rb") as f:
        assert pq.read_metadata(f).metadata[b"techbridges.release_id"].decode() == rid

    # Unchanged input: everything from the S3 cache, nothing new published.
    again = run(instance, **limit)
    assert again.success
    assert extract_counts(again) == (0, 3)
    assert json.loads(s3.cat("out-bucket/techbridges/releases/index.json"))["last_successful"] == rid
    assert len(s3.ls("out-bucket/techbridges/releases")) == 2  # index.json + one release

    # A deleted object leaves the next release; latest/ follows the index.
    s3.rm("raw-bucket/articles/lagos-visit.txt")
    third = run(instance, max_row_loss_share=1.0, **limit)
    assert third.success
    new_rid = json.loads(s3.cat("out-bucket/techbridges/releases/index.json"))["last_successful"]
    assert new_rid != rid
    assert s3.cat("out-bucket/techbridges/latest/RELEASE").decode().strip() == new_rid
    arts = pd.read_parquet(f"{OUT}/latest/articles.parquet", storage_options=so)
    assert "lagos-visit.txt" not in set(arts["source_path"])


@pytest.mark.slow
def test_half_written_release_is_never_current_and_is_cleaned(s3, instance):
    from pipeline.publish import release as publish

    for name in ("lagos-visit.txt", "tallinn-mou.txt"):
        s3.put(str(ARTICLES / "pipeline" / name), f"raw-bucket/articles/{name}")
    assert run(instance).success
    rid = publish.current_release(OUT)[0]
    before = publish.read_latest(OUT)
    assert len(before["articles"]) == 2

    # A crash while uploading a release: files but no SHA256SUMS, index not switched.
    s3.pipe("out-bucket/techbridges/releases/20990101T000000Z-deadbeef/articles.parquet", b"partial")
    assert publish.current_release(OUT)[0] == rid
    assert len(publish.read_latest(OUT)["articles"]) == 2
    assert publish.cleanup_incomplete(OUT) == [f"{OUT}/releases/20990101T000000Z-deadbeef"]
    assert not s3.exists("out-bucket/techbridges/releases/20990101T000000Z-deadbeef")

    # The row-loss guard also holds on object storage, against the current release.
    fewer = dict(before, mentions=before["mentions"].iloc[:0])
    with pytest.raises(publish.ReleaseValidationError, match="mentions: .* lost"):
        publish.write_release(fewer, OUT, run_meta={}, max_row_loss_share=0.5)
    assert publish.current_release(OUT)[0] == rid

    # A crash while refreshing latest/: the next (unchanged) run repairs it.
    s3.rm("out-bucket/techbridges/latest/RELEASE")
    s3.rm("out-bucket/techbridges/latest/organisations.parquet")
    assert run(instance).success
    assert s3.cat("out-bucket/techbridges/latest/RELEASE").decode().strip() == rid
    assert s3.exists("out-bucket/techbridges/latest/organisations.parquet")


@pytest.mark.slow
def test_sensor_lists_s3(s3, instance):
    from pipeline.defs.automation import raw_folder_sensor
    from pipeline.settings import PipelineSettings

    def tick(cursor):
        ctx = dg.build_sensor_context(instance=instance, cursor=cursor, resources={
            "settings": PipelineSettings(raw_dir=RAW, output_dir=OUT)})
        return raw_folder_sensor(ctx), ctx.cursor

    result, cursor = tick(None)
    assert isinstance(result, dg.SkipReason) and "empty" in result.skip_message
    s3.put(str(ARTICLES / "pipeline" / "lagos-visit.txt"), "raw-bucket/articles/lagos-visit.txt")
    result, cursor = tick(cursor)
    assert isinstance(result, dg.RunRequest) and result.tags["techbridges/added"] == "1"
    result, cursor = tick(cursor)
    assert isinstance(result, dg.SkipReason) and "no change" in result.skip_message
    s3.pipe("raw-bucket/articles/lagos-visit.txt", b"Changed text of the same article.\n")
    result, cursor = tick(cursor)
    assert isinstance(result, dg.RunRequest) and result.tags["techbridges/changed"] == "1"
    assert storage.is_url(RAW) and not storage.is_url("raw") and not storage.is_url("file:///x")


def test_object_replaced_while_the_run_reads_is_left_for_the_next_run(s3, s3_endpoint, instance):
    """An object that an uploader keeps replacing (successive versions of a file still
    being written) is a `changing` reject, not published half-written; the others
    publish, and the next run, once it has stopped changing, reads its last version."""
    import hashlib
    import threading
    import time

    for name in ("lagos-visit.txt", "tallinn-mou.txt"):
        s3.put(str(ARTICLES / "pipeline" / name), f"raw-bucket/articles/{name}")
    words = (ARTICLES / "pipeline" / "tallinn-mou.txt").read_text(encoding="utf-8").replace(
        "Tallinn", "Tartu").split()
    stop = threading.Event()
    versions: list[bytes] = []

    def uploader():
        n = 20
        while not stop.is_set():  # the article grows by a few words per upload, as a writer's would
            words.extend(f"Update {len(versions)} of the article.".split() if n >= len(words) else ())
            versions.append(" ".join(words[:n]).encode())
            s3.pipe("raw-bucket/articles/growing.txt", versions[-1])
            n += 5
            stop.wait(0.1)

    writer = threading.Thread(target=uploader, daemon=True)
    writer.start()
    try:
        while len(versions) < 3:
            stop.wait(0.05)
        res = run(instance)
    finally:
        stop.set()
        writer.join(10)
    assert res.success, [e.message for e in res.all_events if e.is_failure]
    so = options(s3_endpoint)
    rejects = pd.read_parquet(f"{OUT}/latest/rejects.parquet", storage_options=so)
    assert rejects.set_index("source_path")["reason"].to_dict() == {"growing.txt": "changing"}
    assert "left for the next run" in rejects["message"].iloc[0]
    arts = pd.read_parquet(f"{OUT}/latest/articles.parquet", storage_options=so)
    assert set(arts["source_path"]) == {"lagos-visit.txt", "tallinn-mou.txt"}

    time.sleep(2.1)  # S3 keeps whole seconds: now its last version is old enough
    assert run(instance).success
    arts = pd.read_parquet(f"{OUT}/latest/articles.parquet", storage_options=so).set_index("source_path")
    assert arts.loc["growing.txt", "sha256"] == hashlib.sha256(versions[-1]).hexdigest()
    assert not len(pd.read_parquet(f"{OUT}/latest/rejects.parquet", storage_options=so))


def test_object_replaced_between_listing_and_read_is_changing(s3):
    """Listed at one size, read at another (replaced in between): `changing`, never
    the listed object's metadata with another object's bytes."""
    from pipeline.ingest.raw_folder import _fetch, ingest_object
    from pipeline.ingest.sources import Limits

    s3.put(str(ARTICLES / "pipeline" / "lagos-visit.txt"), "raw-bucket/articles/a.txt")
    listed = storage.list_files(RAW)
    assert listed["a.txt"].modified is not None
    s3.pipe("raw-bucket/articles/a.txt", (ARTICLES / "pipeline" / "lagos-visit.txt").read_bytes() + b" More.")
    [(rel, data)] = list(_fetch(storage.storage_at(RAW), listed, Limits()))
    arts, rej = ingest_object(rel, listed[rel].size, data, Limits())
    assert not arts and [r.reason for r in rej] == ["changing"]
    assert "left for the next run" in rej[0].message


def test_ingest_cache_on_s3_skips_unchanged_objects(s3):
    """The ingest cache beside the extraction cache on object storage: an object listed
    with its old size and ETag is not fetched again; a replaced one is read and cleaned."""
    from pipeline.ingest.cache import IngestCache, ingest_version
    from pipeline.ingest.raw_folder import raw_folder
    from pipeline.ingest.sources import Limits

    for p in sorted((ARTICLES / "pipeline").glob("*.txt"))[:3]:
        s3.put(str(p), f"raw-bucket/articles/{p.name}")
    names = sorted(p.name for p in (ARTICLES / "pipeline").glob("*.txt"))[:3]

    def read() -> tuple[list, IngestCache]:
        cache = IngestCache(OUT + "/.cache/ingest", ingest_version(Limits()))
        articles, _ = raw_folder(storage.storage_at(RAW)).read(Limits(), cache)
        cache.save()
        return sorted(articles, key=lambda a: a.source_path), cache

    first, c1 = read()
    assert c1.ingested == 3 and len(first) == 3
    again, c2 = read()
    assert (c2.by_stamp, c2.ingested) == (3, 0) and again == first
    s3.pipe(f"raw-bucket/articles/{names[0]}", b"Kigali Hub and the Tartu Cluster met in Kigali.\n")
    third, c3 = read()
    assert (c3.by_stamp, c3.ingested) == (2, 1)
    assert "Kigali" in third[[a.source_path for a in third].index(names[0])].body
