"""The release's web pages: ``index.html`` in every release and the top-level
``index.html`` listing releases (Jinja2 templates in ``templates/``)."""
from __future__ import annotations

import json
from typing import Any

from pipeline import storage


def read_index(output_root: str) -> dict[str, Any]:
    """``<output>/releases/index.json`` (local or object storage); ``{}`` when absent
    or unreadable."""
    try:
        if storage.is_url(output_root):
            data = storage.read_bytes(storage.join(str(output_root), "releases", "index.json"))
        else:
            data = (storage.local_path(output_root) / "releases" / "index.json").read_bytes()
        doc = json.loads(data)
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}
