"""What ingest made of each raw file last time, so an unchanged file is neither read,
decoded nor cleaned again.

One manifest per ingest version, `<root>/<version>/manifest.jsonl` on a
:class:`pipeline.storage.Storage` (local or object storage), one JSON line per raw file:

    {"rel": path, "stamp": [...] | null, "sha256": of the raw bytes,
     "articles": [Article as dict, ...], "rejects": [Reject as dict, ...],
     "body_keys": [body_key_digest of each article's body, ...]}

The body keys (:func:`pipeline.ingest.sources.body_key_digest`, which groups duplicate
texts) spare the next run a scan of every unchanged body; an entry without them (or
with the wrong number) gets them computed on its next hit.

Two ways to a hit:

* the stamp, without reading the file: locally `[size, mtime_ns, ctime_ns, inode]` of a
  regular file (restoring an old mtime after a rewrite still changes ctime), on object
  storage `[size, ETag]`;
* the content: the file was read (its stamp changed, e.g. touched or copied) and its
  sha256 equals the entry's; decoding and cleaning are skipped.

Only what :func:`pipeline.ingest.sources.ingest_bytes` makes of the bytes is kept: it
depends on the bytes, the path (suffix, source_path) and the limits alone. Rejects
about the file system (vanished, changing, links, permissions) are never cached.

The version hashes the ingest code, the reference modules and libraries it uses, and
the limits, so any change to them misses every entry (see :func:`ingest_version`).
A line that does not parse or does not rebuild into Articles/Rejects is a miss for
that file only; a manifest that cannot be read is an empty one. The manifest is
rewritten whole (atomically: a local rename, or one PUT) only when something changed,
and holds only the files of this run, so it never grows past the raw folder; an entry
reused unchanged is written back as the line it was read from.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline import storage
from pipeline.ingest.sources import Limits, body_key_digest
from pipeline.models import Article, Reject

_PKG = Path(__file__).resolve().parent.parent  # pipeline/
# Files whose content changes what ingest makes of a raw file.
_VERSIONED = ("ingest/*.py", "reference/date_parsing.py", "models.py")
_LIBRARIES = ("ftfy", "confusable-homoglyphs", "charset-normalizer")

# A stamp this close to the run's start may belong to a file still being rewritten in
# the same clock tick: it is not kept, so the next run compares content instead (as git
# does with "racily clean" entries).
RACY_NS = 2_000_000_000

Result = tuple[list[Article], list[Reject]]


@lru_cache(maxsize=1)
def _code_version() -> str:
    h = hashlib.sha256()
    for pattern in _VERSIONED:
        for p in sorted(_PKG.glob(pattern)):
            if p.is_file() and p.name != "cache.py":  # this module does not change what ingest makes
                h.update(p.relative_to(_PKG).as_posix().encode())
                h.update(p.read_bytes())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}=={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}==none".encode())
    return h.hexdigest()


def ingest_version(limits: Limits) -> str:
    """Hash of the ingest code, its libraries' versions and the limits (16 hex digits)."""
    h = hashlib.sha256(_code_version().encode())
    h.update(json.dumps(dataclasses.asdict(limits), sort_keys=True).encode())
    return h.hexdigest()[:16]


def _article_dict(a: Article) -> dict[str, Any]:
    d = dataclasses.asdict(a)
    d["published_date"] = a.published_date.isoformat() if a.published_date else None
    return d


def _article(d: dict[str, Any]) -> Article:
    a = Article(**d)
    if a.published_date is not None:
        a.published_date = dt.date.fromisoformat(str(a.published_date))
    for f in ("article_id", "sha256", "source_path", "language", "body"):
        if not isinstance(getattr(a, f), str):
            raise TypeError(f"{f} is not text")
    if not isinstance(a.word_count, int):
        raise TypeError("word_count is not a number")
    return a


def _reject(d: dict[str, Any]) -> Reject:
    r = Reject(**d)
    if not all(isinstance(getattr(r, f), str) for f in ("source_path", "stage", "reason", "message")):
        raise TypeError("a reject field is not text")
    return r


class IngestCache:
    """The manifest of one ingest version (see the module docstring).

    `lookup_stamp` / `lookup_content` return (articles, rejects) copies or None;
    `record` notes what this run made of a file; `save` writes the manifest back when
    anything changed. Counters `by_stamp`, `by_content`, `ingested`, `invalid` say what
    was reused, for the run's report."""

    NAME = "manifest.jsonl"

    def __init__(self, root: str, version: str, now_ns: int | None = None):
        self.store = storage.storage_at(root).child(version)
        self.version = version
        self.now_ns = time.time_ns() if now_ns is None else now_ns
        self.old: dict[str, dict[str, Any]] = {}
        self.new: dict[str, dict[str, Any]] = {}
        self._lines: dict[str, bytes] = {}  # rel -> the manifest line of an entry kept as read
        self._body_keys: dict[str, str] = {}  # body text -> body_key_digest, from the entries used
        self.by_stamp = self.by_content = self.ingested = self.invalid = 0
        self.changed = False
        try:
            data = self.store.read_bytes(self.NAME)
        except Exception:  # noqa: BLE001 - no manifest yet, or unreadable: an empty one
            self.changed = True
            return
        # Lines stay bytes (an unchanged entry is written back without decoding and encoding
        # the whole manifest); a line that is not UTF-8 is an invalid entry. Split on "\n"
        # alone: json.dumps leaves U+2028 and U+0085 raw, which str.splitlines() splits on.
        for line in data.split(b"\n"):
            if not line:
                continue
            try:
                e = json.loads(line)
                if isinstance(e, dict) and isinstance(e.get("rel"), str):
                    self.old[e["rel"]] = e
                    self._lines[e["rel"]] = line
                    continue
            except (ValueError, RecursionError):
                pass
            self.invalid += 1
            self.changed = True

    def _result(self, e: dict[str, Any]) -> Result | None:
        try:
            got = ([_article(d) for d in e["articles"]], [_reject(d) for d in e["rejects"]])
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, ingest the file again
            self.old.pop(e["rel"], None)  # counted once, not looked up again
            self.invalid += 1
            self.changed = True
            return None
        keys = e.get("body_keys")
        if not (isinstance(keys, list) and len(keys) == len(got[0]) and all(isinstance(k, str) for k in keys)):
            e["body_keys"] = keys = [body_key_digest(a.body) for a in got[0]]
            self._lines.pop(e["rel"], None)  # written anew, with its keys
            self.changed = True
        for a, k in zip(got[0], keys):
            self._body_keys[a.body] = k
        return got

    def body_key(self, body: str) -> str:
        """:func:`pipeline.ingest.sources.body_key_digest` of `body`: the one kept with the
        entry the body came from, else computed."""
        k = self._body_keys.get(body)
        return body_key_digest(body) if k is None else k

    def lookup_stamp(self, rel: str, stamp: list) -> Result | None:
        """What ingest made of `rel` when it had this stamp, or None."""
        e = self.old.get(rel)
        if e is None or e.get("stamp") is None or e.get("stamp") != stamp:
            return None
        got = self._result(e)
        if got is not None:
            self.by_stamp += 1
            self.new[rel] = e
        return got

    def lookup_content(self, rel: str, sha256: str, stamp: list | None) -> Result | None:
        """What ingest made of `rel` when it held the bytes with this sha256, or None;
        a hit takes the file's new stamp."""
        e = self.old.get(rel)
        if e is None or e.get("sha256") != sha256:
            return None
        got = self._result(e)
        if got is not None:
            self.by_content += 1
            self.new[rel] = {**e, "stamp": self._keepable(stamp)}
            self._lines.pop(rel, None)
            self.changed = True
        return got

    def _keepable(self, stamp: list | None) -> list | None:
        if stamp is not None and len(stamp) == 4 and self.now_ns - int(stamp[1]) < RACY_NS:
            return None  # local mtime too recent to trust: compare content next time
        return stamp

    def record(self, rel: str, stamp: list | None, sha256: str, result: Result) -> None:
        articles, rejects = result
        self.ingested += 1
        keys = [body_key_digest(a.body) for a in articles]
        self._body_keys.update(zip((a.body for a in articles), keys))
        self.new[rel] = {"rel": rel, "stamp": self._keepable(stamp), "sha256": sha256,
                         "articles": [_article_dict(a) for a in articles],
                         "rejects": [dataclasses.asdict(r) for r in rejects],
                         "body_keys": keys}
        self._lines.pop(rel, None)
        self.changed = True

    def save(self) -> bool:
        """Write the manifest (only this run's files) if anything changed; returns
        whether it wrote. Raises OSError when it cannot."""
        if not self.changed and set(self.new) == set(self.old):
            return False
        lines = self._lines
        data = b"".join((lines.get(rel) or json.dumps(self.new[rel], ensure_ascii=False).encode("utf-8")) + b"\n"
                        for rel in sorted(self.new))
        self.store.write_bytes(data, self.NAME)
        return True

    def summary(self) -> dict[str, int]:
        return {"from_cache_by_stamp": self.by_stamp, "from_cache_by_content": self.by_content,
                "read_and_cleaned": self.ingested, "cache_entries_invalid": self.invalid}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
