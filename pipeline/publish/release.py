"""Publishing a release: the gate, then the same steps on either kind of output root.

:func:`publisher` picks the strategy once, from the output root's storage: local
(:mod:`pipeline.publish.local`: temp folder, rename, symlink swap under a lock) or
object storage (:mod:`pipeline.publish.object_store`: upload, SHA256SUMS last, the
index as the switch). Both build the files with :mod:`pipeline.publish.build`, so a
release is byte-identical wherever it is published."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipeline import schemas, storage
from pipeline.publish import build, statistics
from pipeline.publish.build import ExtraFile, PublishResult, ReleaseValidationError
from pipeline.publish.local import LocalPublisher
from pipeline.publish.object_store import SUMS, ObjectStorePublisher

PUBLISHERS = {"local": LocalPublisher, "object": ObjectStorePublisher}


def publisher(output_root: Any) -> LocalPublisher | ObjectStorePublisher:
    store = output_root if isinstance(output_root, storage.Storage) else storage.storage_at(str(output_root))
    return PUBLISHERS[store.kind](store)


def current_release(output_root: Any) -> tuple[str | None, Any]:
    """(release id, folder as a Path or UPath) of the current release, or (None, None)."""
    return publisher(output_root).current()


def cleanup_incomplete(output_root: Any) -> list[Any]:
    """Remove what an interrupted publish left (local: ``.tmp-*`` folders and links;
    object storage: release folders without SHA256SUMS that the index does not name).
    Returns them."""
    pub = publisher(output_root)
    if isinstance(pub, LocalPublisher) and not pub.root.is_dir():
        return []  # nothing published yet: do not create the root just to look
    with pub.locked():
        return pub.cleanup_incomplete()


def read_latest(output_root: Any, columns: Mapping[str, list[str] | None] | None = None
                ) -> dict[str, pd.DataFrame]:
    """Canonical frames (:func:`pipeline.schemas.coerce`) of the current release's
    Parquet files, by table name; ``{}`` when nothing has been published yet. A table
    missing from that release (older contract) is left out. ``columns``: only these
    tables and columns (:func:`pipeline.publish.build.read_tables`)."""
    _, folder = current_release(output_root)
    return build.read_tables(folder, columns) if folder is not None else {}


def latest_row_counts(output_root: Any) -> dict[str, int]:
    """Rows of each table of the current release (``{}`` when none), read from the
    Parquet files' metadata."""
    _, folder = current_release(output_root)
    return build.read_row_counts(folder) if folder is not None else {}


def write_release(tables: Mapping[str, pd.DataFrame], output_root: Any, *,
                  run_meta: Mapping[str, Any], now: dt.datetime | None = None,
                  max_row_loss_share: float | None = None,
                  extra_files: Mapping[str, ExtraFile] | None = None,
                  checked: bool = False) -> PublishResult:
    """Validate ``tables`` (every contract table, by name) and publish them as a new
    release under ``output_root``, or do nothing when the content equals the current
    release.

    ``run_meta`` goes to datapackage.json (``sources`` as the package sources, the rest
    under ``_run``; JSON-able values). ``now`` (default: the current time; naive = UTC)
    sets the release id and ``created`` and the latest allowed date (one year later).
    ``max_row_loss_share``, when given, refuses (under the publish lock, so against the
    release this one would really replace, even if another run published since this
    run's checks) a release that loses more than that share of a table's rows.
    ``extra_files`` ({name: bytes, or a function of the release id returning bytes})
    are written into the release folder too (and listed in SHA256SUMS).
    ``checked=True`` says the caller validated these very tables with
    :func:`pipeline.schemas.validate_table` and :func:`pipeline.schemas.cross_table_errors`
    (the release asset: this run's blocking checks passed); the gate then skips those two
    and still coerces the tables and validates the statistics.
    Raises :class:`ReleaseValidationError` before writing anything when the gate fails.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    now = now.replace(tzinfo=dt.timezone.utc) if now.tzinfo is None \
        else now.astimezone(dt.timezone.utc)
    canon = build.canonical_tables(tables)
    csv_files = build.CsvFiles(canon)  # built on the other core meanwhile (build.CsvFiles)
    try:
        return _gate_and_publish(canon, csv_files, output_root, run_meta, now, max_row_loss_share,
                                 extra_files, checked)
    finally:
        csv_files.close()


def _gate_and_publish(canon: dict[str, pd.DataFrame], csv_files: build.CsvFiles, output_root: Any,
                      run_meta: Mapping[str, Any], now: dt.datetime, max_row_loss_share: float | None,
                      extra_files: Mapping[str, ExtraFile] | None, checked: bool) -> PublishResult:
    errors = [] if checked else schemas.integrity_errors(canon, today=now.date())
    stats: dict[str, Any] | None = None
    if not errors:  # statistics.json is part of the release: validated before anything is written
        stats = statistics.release_statistics(canon, {})
        errors = statistics.validate_statistics(stats)
    if errors:
        raise ReleaseValidationError(errors)
    fingerprint = build.content_fingerprint(canon, canonical=True)
    row_counts = {t: len(canon[t]) for t in schemas.TABLES}

    pub = publisher(output_root)
    with pub.locked():
        pub.cleanup_incomplete()
        current, current_folder = pub.current()
        current_dp = build.read_json(current_folder / "datapackage.json") if current_folder else None
        if current and isinstance(current_dp, dict) and current_dp.get("_content_fingerprint") == fingerprint:
            current_id = str(current_dp.get("_release_id", current))
            pub.repair(current_id, current_dp)  # crash repair
            return PublishResult(current_id, current_folder, False, "unchanged", row_counts,
                                 build.hashes_from_datapackage(current_dp), fingerprint)
        if max_row_loss_share is not None and current is not None:
            previous = current_dp.get("_row_counts") if isinstance(current_dp, dict) else None
            if not isinstance(previous, dict):
                previous = {t: len(df) for t, df in build.read_tables(current_folder).items()}
            errors = build.row_loss_errors(previous, row_counts, max_row_loss_share,
                                           f"the latest release {current}")
            if errors:
                raise ReleaseValidationError(errors)

        release_id = f"{now:%Y%m%dT%H%M%SZ}-{fingerprint[:8]}"
        created = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        final = pub.folder(release_id)
        escaped: dict[str, int] = {}
        if (final / SUMS).exists():
            # Same second and same fingerprint prefix: reuse only if it is this content.
            dp = build.read_json(final / "datapackage.json") or {}
            if dp.get("_content_fingerprint") != fingerprint:
                raise FileExistsError(f"{final} exists and holds other content")
            hashes = build.hashes_from_datapackage(dp)
        else:
            hashes, escaped = pub.write_folder(release_id, lambda folder: build.write_release_folder(
                folder, canon, release_id, created, fingerprint, run_meta, extra_files, stats,
                csv_files))
        dp = build.read_json(final / "datapackage.json") or {}
        pub.switch(release_id, dp)
        return PublishResult(release_id, final, True, "published", row_counts, hashes,
                             fingerprint, escaped)
