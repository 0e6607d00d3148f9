"""Publishing a release to object storage (an fsspec URL such as ``s3://bucket/prefix``).

Object stores have no rename, no symlinks and no locks, so the local scheme of
:mod:`pipeline.publish.release` (temp folder -> rename -> symlink swap, under ``flock``) cannot be
used. What they do have: a PUT of one object is atomic (a reader sees the old object or
the whole new one) and, on S3 since 2020, reads after a write are strongly consistent.
The scheme builds on just that.

Layout under the output URL (the same names as a local output folder)::

    <root>/releases/<release_id>/...   immutable release; SHA256SUMS is uploaded last and
                                        marks the folder complete
    <root>/releases/index.json         "last_successful": THE pointer to the current release
    <root>/latest/...                  a copy of the current release's files, for readers
                                        that want fixed paths
    <root>/latest/RELEASE              the release id latest/ holds; written last

Publishing, in order:

1. The gate (validation, fingerprint) runs in :func:`pipeline.publish.release.write_release`
   before anything is written, exactly as for local output; the row-loss guard runs
   here, against the current release.
2. Leftovers of an interrupted publish (a ``releases/<id>/`` without SHA256SUMS that
   the index does not name) are removed.
3. When the content equals the current release nothing is uploaded (``unchanged``);
   a ``latest/`` left half-refreshed by a crash is repaired.
4. The release is built in a local temporary folder by the same code as a local release
   (byte-identical files), then uploaded to ``releases/<id>/``, SHA256SUMS last.
5. ``releases/index.json`` is rewritten with ``last_successful = <id>``: **the switch**,
   one atomic PUT. A crash before it leaves the previous release current.
6. ``latest/`` is refreshed: ``latest/RELEASE`` is deleted, every file is copied
   (server-side) from ``releases/<id>/``, then ``latest/RELEASE`` is written.

What readers get:

* Through ``releases/index.json`` -> ``releases/<last_successful>/``: always one complete,
  immutable, consistent release (the old one or the new one).
* Through ``latest/``: every object is always complete, but while step 6 runs (seconds)
  ``latest/`` can hold files of two releases. A reader that needs a consistent set reads
  ``latest/RELEASE`` before and after reading the files and retries when it is missing
  or changed (each Parquet file also carries ``techbridges.release_id`` in its metadata),
  or reads through the index.

Concurrency: there is no lock on object storage. One publisher at a time is guaranteed
by the Dagster run queue of the project's instance (dagster.yaml: one ``techbridges``
run at a time); two publishers outside Dagster writing to one prefix could lose an
index update.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from pipeline.resolve import changes
from pipeline.publish import release as publish, site
from pipeline import schemas, storage

SUMS = "SHA256SUMS"


def _read_json(url: str) -> Any:
    try:
        return json.loads(storage.read_bytes(url).decode("utf-8"))
    except (OSError, ValueError):
        return None


def _read_text(url: str) -> str | None:
    try:
        return storage.read_bytes(url).decode("utf-8").strip()
    except (OSError, ValueError):
        return None


def current_release_id(root: str) -> str | None:
    """The release ``releases/index.json`` names as ``last_successful``, when that
    release is complete (its SHA256SUMS exists); else None."""
    index = _read_json(storage.join(root, "releases", "index.json"))
    rid = index.get("last_successful") if isinstance(index, dict) else None
    if not isinstance(rid, str) or not publish.RELEASE_ID_RE.match(rid):
        return None
    if not storage.exists(storage.join(root, "releases", rid, SUMS)):
        return None
    return rid


def cleanup_incomplete(root: str) -> list[str]:
    """Remove release folders an interrupted publish left (no SHA256SUMS, not named by
    the index). Returns their URLs."""
    root = root.rstrip("/")
    releases = storage.join(root, "releases")
    index = _read_json(storage.join(releases, "index.json"))
    named = index.get("last_successful") if isinstance(index, dict) else None
    folders: dict[str, set[str]] = {}
    for rel in storage.list_files(releases):
        if "/" in rel:
            folder, name = rel.split("/", 1)
            folders.setdefault(folder, set()).add(name)
    removed = []
    for folder, names in sorted(folders.items()):
        if SUMS not in names and folder != named:
            url = storage.join(releases, folder)
            storage.remove(url, recursive=True)
            removed.append(url)
    return removed


def _sync_latest(root: str, release_id: str) -> None:
    """Make ``latest/`` a copy of ``releases/<release_id>/``; ``latest/RELEASE`` last."""
    marker = storage.join(root, "latest", "RELEASE")
    src = storage.join(root, "releases", release_id)
    wanted = storage.list_files(src)
    have = storage.list_files(storage.join(root, "latest"))
    if _read_text(marker) == release_id and all(
            rel in have and have[rel].size == f.size for rel, f in wanted.items()):
        return
    storage.remove(marker)
    for rel in wanted:
        storage.copy(storage.join(src, rel), storage.join(root, "latest", rel))
    for rel in have:
        if rel not in wanted and rel != "RELEASE":
            storage.remove(storage.join(root, "latest", rel))
    storage.write_bytes(marker, (release_id + "\n").encode())


def _update_index(root: str, entry: dict[str, Any]) -> None:
    url = storage.join(root, "releases", "index.json")
    old = _read_json(url)
    items = old.get("releases", []) if isinstance(old, dict) else []
    entry = changes.with_deltas(entry, old)  # previous release and row-count deltas
    items = [r for r in items if isinstance(r, dict) and r.get("id") != entry["id"]] + [entry]
    items.sort(key=lambda r: str(r.get("id")))
    doc = {"name": schemas.package_meta()["name"], "last_successful": entry["id"],
           "releases": items}
    storage.write_bytes(url, publish._json_bytes(doc))
    storage.write_bytes(storage.join(root, "index.html"), site.releases_page(doc))


def write_release(canon: dict[str, pd.DataFrame], root: str, *, fingerprint: str,
                  row_counts: dict[str, int], now: dt.datetime, run_meta: Mapping[str, Any],
                  max_row_loss_share: float | None = None,
                  extra_files: Mapping[str, publish.ExtraFile] | None = None,
                  ) -> publish.PublishResult:
    """Publish already validated, canonical tables under the URL ``root`` (see the
    module docstring for the order of writes and what readers can rely on).
    ``max_row_loss_share`` as in :func:`pipeline.publish.release.write_release`, against the
    current release."""
    root = root.rstrip("/")
    cleanup_incomplete(root)
    current = current_release_id(root)
    current_dp = _read_json(storage.join(root, "releases", current, "datapackage.json")) \
        if current else None
    if isinstance(current_dp, dict) and current_dp.get("_content_fingerprint") == fingerprint:
        _sync_latest(root, current)  # repairs a latest/ that a crash left half-refreshed
        return publish.PublishResult(current, storage.upath(storage.join(root, "releases", current)),
                                     False, "unchanged", row_counts,
                                     publish._hashes_from_datapackage(current_dp), fingerprint)

    if max_row_loss_share is not None and current is not None:
        previous = current_dp.get("_row_counts") if isinstance(current_dp, dict) else None
        if not isinstance(previous, dict):
            previous = {t: len(df) for t, df in read_latest(root).items()}
        errors = publish.row_loss_errors(previous, row_counts, max_row_loss_share,
                                         f"the latest release {current}")
        if errors:
            raise publish.ReleaseValidationError(errors)

    release_id = f"{now:%Y%m%dT%H%M%SZ}-{fingerprint[:8]}"
    created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    final = storage.join(root, "releases", release_id)
    escaped: dict[str, int] = {}
    if storage.exists(storage.join(final, SUMS)):
        # Same second and same fingerprint prefix: reuse only if it is this content.
        dp = _read_json(storage.join(final, "datapackage.json")) or {}
        if dp.get("_content_fingerprint") != fingerprint:
            raise FileExistsError(f"{final} exists and holds other content")
        hashes = publish._hashes_from_datapackage(dp)
    else:
        with tempfile.TemporaryDirectory(prefix="techbridges-release-") as tmp:
            folder = Path(tmp) / release_id
            folder.mkdir()
            hashes, escaped = publish._write_release_folder(folder, canon, release_id, created,
                                                            fingerprint, run_meta, extra_files)
            names = sorted(p.name for p in folder.iterdir() if p.name != SUMS) + [SUMS]
            for name in names:  # SHA256SUMS last: it marks the folder complete
                storage.write_bytes(storage.join(final, name), (folder / name).read_bytes())
        dp = _read_json(storage.join(final, "datapackage.json")) or {}
    _update_index(root, publish._release_entry(release_id, dp))  # the switch
    _sync_latest(root, release_id)
    return publish.PublishResult(release_id, storage.upath(final), True, "published", row_counts,
                                 hashes, fingerprint, escaped)


def read_latest(root: str) -> dict[str, pd.DataFrame]:
    """Canonical frames of the current release (through the index), by table name."""
    rid = current_release_id(root.rstrip("/"))
    if rid is None:
        return {}
    out = {}
    for t in schemas.TABLES:
        url = storage.join(root, "releases", rid, f"{t}.parquet")
        p = storage.upath(url)
        try:
            with p.fs.open(p.path, "rb") as f:
                out[t] = schemas.coerce(t, pq.read_table(f).to_pandas())
        except FileNotFoundError:
            continue
    return out
