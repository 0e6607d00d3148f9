"""Per-article extraction results on disk, keyed by what extraction reads and by the
extractor version, so a run re-extracts only new or changed articles and any change
to the extraction code, rules, reference data or model invalidates exactly its entries.
"""
from __future__ import annotations

import hashlib
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
        try:
            text = self.store.read_bytes(*self._parts(key)).decode("utf-8")
        except (OSError, ValueError):
            return None  # missing or unreadable entry: extract again
        why = None
        try:
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

    def check_writable(self) -> None:
        """Raise OSError now if entries cannot be written here (a local cache folder that
        is a file, read-only or full), before any article is extracted; on object storage
        each PUT is checked when it is made."""
        self.store.check_writable()

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        # atomic on both kinds: a local rename, or one PUT
        self.store.write_bytes(f"{key}\n{extraction.to_json()}".encode("utf-8"), *self._parts(key))


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
    try:
        files = storage.storage_at(str(root)).child(extractor_version).list_files()
    except Exception:  # noqa: BLE001 - no cache yet (or unlistable): every article is to do
        return set()
    return {rel.rsplit("/", 1)[-1][:-5] for rel in files if rel.endswith(".json")}
