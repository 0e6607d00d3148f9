"""Per-article extraction results on disk, keyed by what extraction reads and by the
extractor version, so a run re-extracts only new or changed articles and any change
to the extraction code, rules, reference data or model invalidates exactly its entries.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from pipeline.models import ArticleExtraction


def content_key(body: str, title: str | None, published_date) -> str:
    """Hash of everything extraction reads from an article."""
    h = hashlib.sha256()
    for part in (body, title or "", published_date.isoformat() if published_date else ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class ExtractionCache:
    """Files `<root>/<extractor_version>/<key[:2]>/<key>.json`."""

    def __init__(self, root: str | Path, extractor_version: str):
        self.dir = Path(root) / extractor_version

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str, article_id: str) -> ArticleExtraction | None:
        try:
            x = ArticleExtraction.from_json(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable entry: extract again
        x.article_id = article_id  # the same text may arrive as another file
        return x

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(extraction.to_json())
        os.replace(tmp, path)  # readers never see half an entry
