"""The raw folder, local or on object storage: what is there (for the sensor) and every
article read from it (for the ingest step). :func:`raw_folder` picks the reader once,
from the storage; each file or object goes through :mod:`pipeline.ingest.sources`."""
from __future__ import annotations

import os
import stat
import time

from pipeline.ingest.cache import IngestCache, Result, sha256_of
from pipeline.ingest.sources import Limits, ingest_bytes, ingest_path, scan_raw_folder
from pipeline.models import Article, Reject
from pipeline.storage import LocalStorage, ObjectStorage, Storage


class RawFolderError(Exception):
    """The raw folder cannot be listed at all (the message says what to do)."""


# A file modified less than this long ago may still be being written: the run waits
# until every file is this old (at most this long once), and a file that changed again
# meanwhile is a `changing` reject, left for the next run.
SETTLE_S = 1.0


def _stat_all(raw_dir, listed: list[str]) -> dict[str, tuple[int, int]]:
    out = {}
    for rel in listed:
        try:
            st = os.stat(os.path.join(raw_dir, rel), follow_symlinks=False)
        except (OSError, ValueError):
            continue  # ingest_path reports it
        out[rel] = (st.st_size, st.st_mtime_ns)
    return out


def _still_changing(raw_dir, listed: list[str]) -> set[str]:
    """Files being written right now: modified within SETTLE_S, and again after a wait."""
    before = _stat_all(raw_dir, listed)
    now = time.time_ns()
    recent = {rel for rel, (_, mtime) in before.items() if now - mtime < SETTLE_S * 1e9}
    if not recent:
        return set()
    newest = max(before[rel][1] for rel in recent)
    time.sleep(max(0.0, min(SETTLE_S, (newest + SETTLE_S * 1e9 - now) / 1e9)))
    after = _stat_all(raw_dir, sorted(recent))
    return {rel for rel in recent if after.get(rel) != before[rel]}


def _still_changing_remote(store: ObjectStorage, listed: dict) -> set[str]:
    """Objects being replaced right now (an uploader writing successive versions):
    modified within SETTLE_S by the store's clock, and listed with another version or
    size after a wait. A PUT on object storage is atomic, so a read never sees part of
    one upload; what `_fetch` reads is also checked against the listed size."""
    now = time.time()
    # S3 keeps whole seconds of LastModified: an object may be up to a second younger than it says
    recent = {rel for rel, f in listed.items() if f.modified is not None and now - f.modified < SETTLE_S + 1}
    if not recent:
        return set()
    time.sleep(SETTLE_S)
    again = store.list_files()
    return {rel for rel in recent
            if rel in again and (again[rel].version, again[rel].size) != (listed[rel].version, listed[rel].size)}


_CHANGING_MESSAGE = (f"the file was modified during the last {SETTLE_S:g} s before the run read the folder and "
                     "again while it waited; it is left for the next run (write files elsewhere and move them "
                     "into the raw folder when complete)")


# Objects are fetched concurrently in batches of at most this many bytes / objects.
FETCH_BATCH_BYTES = 64_000_000
FETCH_BATCH_OBJECTS = 256


def _fetch(store: ObjectStorage, listed: dict, limits: Limits):
    """(rel, bytes | Exception | None) for every listed object, in order; None for an
    object over the size limit (never read)."""
    batch: list[str] = []
    size = 0

    def flush():
        got = store.read_many(batch) if batch else {}
        return [(rel, got[rel]) for rel in batch]

    for rel, info in listed.items():
        if info.size > limits.max_file_bytes:
            yield from flush()
            batch, size = [], 0
            yield rel, None
            continue
        if batch and (size + info.size > FETCH_BATCH_BYTES or len(batch) >= FETCH_BATCH_OBJECTS):
            yield from flush()
            batch, size = [], 0
        batch.append(rel)
        size += info.size
    yield from flush()


def ingest_object(rel: str, size: int, data: bytes | Exception | None,
                  limits: Limits, parse=ingest_bytes) -> tuple[list[Article], list[Reject]]:
    """One object of a raw folder on object storage -> (articles, rejects). Never raises.

    `data` is None when the listed size is over the limit (checked before reading, as
    for local files), or the exception its read raised: a listed object that is gone
    when read is `vanished`, any other read error `unreadable`."""
    def reject(reason: str, message: str) -> list[Reject]:
        return [Reject(source_path=rel, sha256=None, stage="ingest", reason=reason, message=message)]

    if data is None or size > limits.max_file_bytes:
        return [], reject("too_large", f"the file has {size:,} bytes, over the limit of "
                                       f"{limits.max_file_bytes:,}; split it into smaller files (one "
                                       "article each) or raise PIPELINE_MAX_FILE_BYTES")
    if isinstance(data, FileNotFoundError):
        return [], reject("vanished", "the object was listed when the raw folder was scanned but was "
                                      "gone when it was read; run the pipeline again once the folder "
                                      "has stopped changing")
    if isinstance(data, BaseException):  # one bad object must never stop the others
        return [], reject("unreadable", f"the object could not be read ({type(data).__name__}: {data}); "
                                        "check the credentials and permissions")
    if len(data) != size:  # replaced between the listing and the read
        return [], reject("changing", f"the object had {size:,} bytes when the raw folder was listed and "
                                      f"{len(data):,} when it was read (it is being replaced); it is left for "
                                      "the next run, which reads it once it has stopped changing")
    return parse(rel, data, limits)


def _local_stamp(raw_dir, rel: str) -> list | None:
    """[size, mtime_ns, ctime_ns, inode] of a regular file (not a link), else None."""
    try:
        st = os.stat(os.path.join(raw_dir, rel), follow_symlinks=False)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None  # links and special files always go through ingest_path's checks
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _cached_parser(cache: IngestCache, stamp: list | None):
    """`ingest_bytes` behind a content look-up in the cache, recording what it made."""
    def parse(rel: str, data: bytes, limits: Limits) -> Result:
        sha = sha256_of(data)
        got = cache.lookup_content(rel, sha, stamp)
        if got is None:
            got = ingest_bytes(rel, data, limits)
            cache.record(rel, stamp, sha, got)
        return got
    return parse


def _ingest_cached(raw_dir, rel: str, limits: Limits, cache: IngestCache) -> Result:
    # The stamp is taken before the read: if the file changes after it, the entry is
    # recorded under the older stamp, which the next run no longer sees: a miss.
    stamp = _local_stamp(raw_dir, rel)
    if stamp is not None and stamp[0] <= limits.max_file_bytes:
        got = cache.lookup_stamp(rel, stamp)
        if got is not None:
            return got
    return ingest_path(raw_dir, rel, limits, parse=_cached_parser(cache, stamp))


class LocalRawFolder:
    """A local folder: symlink-safe reads (pipeline.ingest.sources), and files still being
    written are left for the next run."""

    def __init__(self, store: LocalStorage):
        self.dir = store.path()

    def shown(self) -> str:
        return str(self.dir.resolve())

    def missing(self) -> str | None:
        """Why there is nothing to look at, or None."""
        return None if self.dir.is_dir() else f"raw folder {self.dir.resolve()} does not exist"

    def state(self) -> dict[str, list]:
        """{relative path: [size, mtime_ns]} of every file in the raw folder."""
        state = {}
        for rel in scan_raw_folder(self.dir):
            try:
                st = os.stat(self.dir / rel)
            except OSError:
                continue
            state[rel] = [st.st_size, st.st_mtime_ns]
        return state

    def read(self, limits: Limits, cache: IngestCache | None = None) -> tuple[list[Article], list[Reject]]:
        """Every file ingested (pipeline.ingest.sources.ingest_path); with a `cache`, a
        regular file whose stamp is unchanged is not even opened, and one whose bytes
        are unchanged is not decoded nor cleaned again."""
        raw_dir = self.dir
        if not raw_dir.is_dir():
            raise RawFolderError(f"raw folder {raw_dir.resolve()} does not exist: create it or set "
                                 "PIPELINE_RAW_DIR to the folder holding the article files")
        articles: list[Article] = []
        rejects: list[Reject] = []
        try:
            listed = scan_raw_folder(raw_dir, errors=rejects)  # sub-folders it cannot list become rejects
        except OSError as exc:
            raise RawFolderError(f"cannot list the raw folder {raw_dir.resolve()} "
                                 f"({exc.strerror or exc}); check its permissions or PIPELINE_RAW_DIR") from exc
        skip = _still_changing(raw_dir, listed)
        for rel in sorted(skip):
            rejects.append(Reject(source_path=rel, sha256=None, stage="ingest", reason="changing",
                                  message=_CHANGING_MESSAGE))
        for rel in listed:
            if rel in skip:
                continue
            a, r = ingest_path(raw_dir, rel, limits) if cache is None else _ingest_cached(raw_dir, rel, limits, cache)
            articles += a
            rejects += r
        return articles, rejects


class ObjectRawFolder:
    """A prefix on object storage: listed once, objects fetched concurrently in batches."""

    def __init__(self, store: ObjectStorage):
        self.store = store

    def shown(self) -> str:
        return self.store.shown()

    def missing(self) -> str | None:
        return None  # object stores have no folders: an empty prefix is an empty folder

    def state(self) -> dict[str, list]:
        """{relative path: [size, ETag or mtime]} of every object under the prefix."""
        return {rel: [f.size, f.version] for rel, f in self.store.list_files().items()}

    def read(self, limits: Limits, cache: IngestCache | None = None) -> tuple[list[Article], list[Reject]]:
        """Every object ingested; with a `cache`, an object listed with the size and ETag
        it had is not fetched, and one whose bytes are unchanged is not decoded nor
        cleaned again."""
        try:
            listed = self.store.list_files()
        except Exception as exc:
            raise RawFolderError(f"cannot list the raw folder {self.shown()} "
                                 f"({type(exc).__name__}: {exc}); check PIPELINE_RAW_DIR, the "
                                 "credentials and PIPELINE_S3_ENDPOINT_URL") from exc
        articles: list[Article] = []
        rejects: list[Reject] = []
        skip = _still_changing_remote(self.store, listed)
        for rel in sorted(skip):
            rejects.append(Reject(source_path=rel, sha256=None, stage="ingest", reason="changing",
                                  message=_CHANGING_MESSAGE))
        listed = {rel: f for rel, f in listed.items() if rel not in skip}
        stamps = {rel: [f.size, f.version] for rel, f in listed.items() if f.version is not None}
        if cache is not None:
            for rel in list(listed):
                got = cache.lookup_stamp(rel, stamps[rel]) if rel in stamps else None
                if got is not None:
                    articles += got[0]
                    rejects += got[1]
                    del listed[rel]
        for rel, data in _fetch(self.store, listed, limits):
            if cache is None or not isinstance(data, bytes):
                a, r = ingest_object(rel, listed[rel].size, data, limits)
            else:
                parse = _cached_parser(cache, stamps.get(rel))
                a, r = ingest_object(rel, listed[rel].size, data, limits, parse=parse)
            articles += a
            rejects += r
        return articles, rejects


RAW_FOLDERS = {"local": LocalRawFolder, "object": ObjectRawFolder}


def raw_folder(store: Storage) -> LocalRawFolder | ObjectRawFolder:
    return RAW_FOLDERS[store.kind](store)
