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

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.publish import build, site
from pipeline.storage import ObjectStorage

SUMS = "SHA256SUMS"


class ObjectStorePublisher:
    """The object-storage strategy of :func:`pipeline.publish.release.write_release`."""

    def __init__(self, store: ObjectStorage):
        self.store = store

    def _json(self, *parts: str) -> Any:
        try:
            return build.json_loads(self.store.read_bytes(*parts))
        except (OSError, ValueError):
            return None

    def _text(self, *parts: str) -> str | None:
        try:
            return self.store.read_bytes(*parts).decode("utf-8").strip()
        except (OSError, ValueError):
            return None

    @contextmanager
    def locked(self) -> Iterator[None]:
        yield  # no locks on object stores: the run queue keeps to one publisher

    def current_release_id(self) -> str | None:
        """The release ``releases/index.json`` names as ``last_successful``, when that
        release is complete (its SHA256SUMS exists); else None."""
        index = self._json("releases", "index.json")
        rid = index.get("last_successful") if isinstance(index, dict) else None
        if not isinstance(rid, str) or not build.RELEASE_ID_RE.match(rid):
            return None
        if not self.store.exists("releases", rid, SUMS):
            return None
        return rid

    def current(self) -> tuple[str | None, Any]:
        rid = self.current_release_id()
        return (rid, self.folder(rid)) if rid else (None, None)

    def folder(self, release_id: str) -> Any:
        return self.store.path("releases", release_id)

    def cleanup_incomplete(self) -> list[Any]:
        """Remove release folders an interrupted publish left (no SHA256SUMS, not named by
        the index). Returns their URLs."""
        index = self._json("releases", "index.json")
        named = index.get("last_successful") if isinstance(index, dict) else None
        folders: dict[str, set[str]] = {}
        for rel in self.store.list_files("releases"):
            if "/" in rel:
                folder, name = rel.split("/", 1)
                folders.setdefault(folder, set()).add(name)
        removed = []
        for folder, names in sorted(folders.items()):
            if SUMS not in names and folder != named:
                self.store.remove("releases", folder, recursive=True)
                removed.append(self.store.join("releases", folder))
        return removed

    def repair(self, release_id: str, datapackage: dict[str, Any]) -> None:
        """Unchanged content: finish a ``latest/`` that a crash left half-refreshed."""
        self._sync_latest(release_id)

    def write_folder(self, release_id: str, write: Callable[[Path], Any]) -> Any:
        """`write` fills a local temp folder; its files are uploaded, SHA256SUMS last (it
        marks the folder complete)."""
        with tempfile.TemporaryDirectory(prefix="techbridges-release-") as tmp:
            folder = Path(tmp) / release_id
            folder.mkdir()
            out = write(folder)
            names = sorted(p.name for p in folder.iterdir() if p.name != SUMS) + [SUMS]
            for name in names:
                self.store.write_bytes((folder / name).read_bytes(), "releases", release_id, name)
        return out

    def switch(self, release_id: str, datapackage: dict[str, Any]) -> None:
        """The index is the switch (one PUT); ``latest/`` follows."""
        doc = build.index_document(self._json("releases", "index.json"),
                                   build.release_entry(release_id, datapackage))
        self.store.write_bytes(build.json_bytes(doc), "releases", "index.json")
        self.store.write_bytes(site.releases_page(doc), "index.html")
        self._sync_latest(release_id)

    def _sync_latest(self, release_id: str) -> None:
        """Make ``latest/`` a copy of ``releases/<release_id>/``; ``latest/RELEASE`` last."""
        src = self.store.child("releases", release_id)
        latest = self.store.child("latest")
        wanted = src.list_files()
        have = latest.list_files()
        if self._text("latest", "RELEASE") == release_id and all(
                rel in have and have[rel].size == f.size for rel, f in wanted.items()):
            return
        latest.remove("RELEASE")
        for rel in wanted:
            src.copy_to(rel, latest.join(rel))
        for rel in have:
            if rel not in wanted and rel != "RELEASE":
                latest.remove(rel)
        latest.write_bytes((release_id + "\n").encode(), "RELEASE")
