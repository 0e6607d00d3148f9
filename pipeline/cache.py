"""Per-article extraction results on disk, keyed by what extraction reads and by the
extractor version, so a run re-extracts only new or changed articles and any change
to the extraction code, rules, reference data or model invalidates exactly its entries.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline import storage
from pipeline.models import ArticleExtraction


def content_key(body: str, title: str | None, published_date) -> str:
    """Hash of everything extraction reads from an article."""
    h = hashlib.sha256()
    for part in (body, title or "", published_date.isoformat() if published_date else ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class ExtractionCache:
    """Files `<root>/<extractor_version>/<key[:2]>/<key>.json`.

    `root` is a local folder or an fsspec URL (`s3://bucket/cache`, see
    :mod:`pipeline.storage`); on object storage each entry is one PUT, so readers never
    see half an entry there either.

    An entry is trusted only after checks (`get`): its first line is the content key it
    was written for, its extractor version is this one, it parses (depth-limited: a
    nested or truncated entry is just bad) and every mention quotes the article body at
    its offsets. A bad entry is a miss: the article is extracted again, the entry
    rewritten, and `invalid` lists it for the run's report."""

    def __init__(self, root: str | Path, extractor_version: str):
        self.store = storage.storage_at(str(root)).child(extractor_version)
        self.version = extractor_version
        self.invalid: list[tuple[str, str]] = []  # (article_id, why) of entries that failed a check

    @staticmethod
    def _parts(key: str) -> tuple[str, str]:
        return key[:2], f"{key}.json"

    def _path(self, key: str) -> Path:
        return self.store.path(*self._parts(key))

    def get(self, key: str, article_id: str, body: str | None = None) -> ArticleExtraction | None:
        data = self.read_entry(key)
        return None if data is None else self.check_entry(data, key, article_id, body)

    def read_entry(self, key: str) -> bytes | None:
        """The entry's bytes as stored, unchecked; None when missing or unreadable."""
        try:
            return self.store.read_bytes(*self._parts(key))
        except (OSError, ValueError):
            return None  # missing or unreadable entry: extract again

    def check_entry(self, data: bytes, key: str, article_id: str,
                    body: str | None = None) -> ArticleExtraction | None:
        """The extraction in an entry's bytes after every check (see the class), or None
        (recorded in `invalid`)."""
        why = None
        try:
            text = data.decode("utf-8")
            stored_key, _, payload = text.partition("\n")
            if stored_key != key:
                why = "written for other content"
            else:
                x = ArticleExtraction.from_json(payload)
                if x.extractor_version != self.version:
                    why = f"written by extractor {x.extractor_version}"
                elif body is not None and not _quotes(x, body):
                    why = "its mentions do not match the article text"
        except RecursionError:
            why = "nested too deeply to read"
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with an entry, extract again
            why = f"unreadable ({type(exc).__name__})"
        if why is not None:
            self.invalid.append((article_id, why))
            return None
        x.article_id = article_id  # the same text may arrive as another file
        return x

    # Entries that passed every check of `check_entry` against the article of their key,
    # by the sha256 of their bytes: an entry whose bytes are unchanged since it passed is
    # not parsed again (`collect` hands its text on as it is). The checks depend only on
    # the bytes and the key (the key hashes the article's body), so the result is the
    # same; an entry rewritten, truncated or moved to another key has other bytes or
    # another first line, and is checked in full. A lost or unreadable list only costs
    # the parsing.
    VERIFIED = "verified.tsv"

    def load_verified(self) -> dict[str, tuple[int, int, int]]:
        """{sha256 of an entry's bytes: (organisations, agreements, engagements)}."""
        try:
            text = self.store.read_bytes(self.VERIFIED).decode("utf-8")
        except (OSError, ValueError):
            return {}
        out = {}
        for line in text.splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and len(parts[0]) == 64 and all(p.isdigit() for p in parts[1:]):
                out[parts[0]] = (int(parts[1]), int(parts[2]), int(parts[3]))
        return out

    def save_verified(self, verified: dict[str, tuple[int, int, int]]) -> None:
        """Replace the list (atomically: a local rename or one PUT)."""
        text = "".join(f"{d}\t{a}\t{b}\t{c}\n" for d, (a, b, c) in sorted(verified.items()))
        self.store.write_bytes(text.encode("utf-8"), self.VERIFIED)

    def checked_entry(self, data: bytes, key: str,
                      verified: dict[str, tuple[int, int, int]]) -> "CheckedEntry | None":
        """The entry as text when these very bytes passed the checks for this key before
        (`verified`); None when it has to be checked (parsed) in full."""
        counts = verified.get(entry_digest(data))
        head = key.encode("ascii") + b"\n"
        if counts is None or not data.startswith(head):
            return None
        try:
            payload = data[len(head):].decode("utf-8")
        except ValueError:
            return None
        if "\n" in payload or "\r" in payload:
            return None  # not one line: parsed instead (the step file is JSON lines)
        return CheckedEntry(payload, counts)


    def check_writable(self) -> None:
        """Raise OSError now if entries cannot be written here (a local cache folder that
        is a file, read-only or full), before any article is extracted; on object storage
        each PUT is checked when it is made."""
        self.store.check_writable()

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        # atomic on both kinds: a local rename, or one PUT
        self.store.write_bytes(f"{key}\n{extraction.to_json()}".encode("utf-8"), *self._parts(key))


@dataclass(frozen=True)
class CheckedEntry:
    """An extraction cache entry that passed its checks, still as its JSON text
    (what `ArticleExtraction.from_json` reads), with its counts of organisations,
    agreements and engagements. `parse` gives the extraction."""

    payload: str
    counts: tuple[int, int, int]

    def parse(self, article_id: str) -> ArticleExtraction:
        x = ArticleExtraction.from_json(self.payload)
        x.article_id = article_id
        return x


def entry_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extraction_counts(x: ArticleExtraction) -> tuple[int, int, int]:
    return len(x.organisations), len(x.agreements), len(x.engagements)


def _quotes(x: ArticleExtraction, body: str) -> bool:
    n = len(body)
    return all(isinstance(m.char_start, int) and isinstance(m.char_end, int) and 0 <= m.char_start < m.char_end <= n
               and body[m.char_start:m.char_end] == m.surface
               and 0 <= m.entity < len(x.organisations) for m in x.mentions)


def clear_cache(root: str | Path | None = None) -> str:
    """Delete the whole extraction cache (every extractor version), so the next run
    re-extracts every article: `make rebuild`. `root` defaults to the configured cache
    (PIPELINE_CACHE_DIR, else <PIPELINE_OUTPUT_DIR>/.cache/extractions); local or a URL.
    Returns what was removed."""
    if root is None:
        from pipeline.settings import PipelineSettings

        root = PipelineSettings.from_env().extraction_cache_dir
    root = str(root)
    storage.storage_at(root).remove(recursive=True)
    return root


# ------------------------------------------------------------------ batches
# Extraction runs as one Dagster step per batch (pipeline/defs/extract.py). An article's
# batch is read from its content key, so it never depends on the other articles: a new
# article joins one batch and leaves every other batch's membership as it was.
BATCHES = 8


def batch_of(key: str, batches: int = BATCHES) -> str:
    """The batch of the article with this content key: "b0" .. "b<batches-1>"."""
    return f"b{int(key[:8], 16) * batches >> 32}"


def cached_keys(root: str | Path, extractor_version: str) -> set[str]:
    """The content keys with an entry for this extractor version, from one listing of
    the cache (no entry is read; `ExtractionCache.get` checks them when they are used)."""
    store = storage.storage_at(str(root)).child(extractor_version)
    if isinstance(store, storage.LocalStorage):
        return _local_keys(store.path())
    try:
        files = store.list_files()
    except Exception:  # noqa: BLE001 - no cache yet (or unlistable): every article is to do
        return set()
    return {rel.rsplit("/", 1)[-1][:-5] for rel in files if rel.endswith(".json")}


def _local_keys(folder: Path) -> set[str]:
    """The keys of the entries `<folder>/<key[:2]>/<key>.json` (regular files, not links),
    from the folder listings alone: no stat per entry (at 10,000 entries the stats cost
    more than the rest of planning)."""
    keys: set[str] = set()
    try:
        subs = [e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return keys  # no cache yet (or unlistable): every article is to do
    for sub in subs:
        try:
            with os.scandir(sub.path) as it:
                keys.update(e.name[:-5] for e in it
                            if e.name.endswith(".json") and e.name.startswith(sub.name)
                            and e.is_file(follow_symlinks=False))
        except OSError:
            continue
    return keys
