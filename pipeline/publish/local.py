"""Publishing to a local output root: a temp folder renamed into ``releases/``, then
``latest`` switched as a symlink (one rename(2)), everything under an ``fcntl`` lock.
See :mod:`pipeline.publish.build` for the layout and guarantees."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.publish import build, site
from pipeline.publish.build import TMP_PREFIX
from pipeline.storage import LocalStorage

LOCK_NAME = ".publish.lock"


def latest_release_path(output_root: str | Path) -> Path | None:
    """``<root>/releases/<id>`` that ``<root>/latest`` points at (``<root>/latest`` itself
    when it is a real folder of an older layout), or None when there is none."""
    latest = Path(output_root).absolute() / "latest"
    if not latest.exists():  # also False for a dangling symlink
        return None
    if latest.is_symlink():
        return latest.parent / os.readlink(latest)
    return latest


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}-{secrets.token_hex(4)}")
    build.write_file(tmp, data)
    os.replace(tmp, path)
    build.fsync_dir(path.parent)


class LocalPublisher:
    """The local strategy of :func:`pipeline.publish.release.write_release`."""

    def __init__(self, store: LocalStorage):
        self.root = store.path().absolute()

    @contextmanager
    def locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def cleanup_incomplete(self) -> list[Any]:
        """Remove ``releases/.tmp-*`` folders, ``latest.tmp-*`` links and temp index
        files an interrupted publish left (call under :meth:`locked`)."""
        root = self.root
        removed = []
        releases = root / "releases"
        leftovers = [*root.glob(f"latest{TMP_PREFIX}*"), *root.glob(f"{TMP_PREFIX}index.html-*")]
        if releases.is_dir():
            leftovers += list(releases.glob(f"{TMP_PREFIX}*"))
        for p in sorted(leftovers):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink(missing_ok=True)
            removed.append(p)
        return removed

    def current(self) -> tuple[str | None, Path | None]:
        folder = latest_release_path(self.root)
        return (folder.name, folder) if folder is not None else (None, None)

    def folder(self, release_id: str) -> Path:
        return self.root / "releases" / release_id

    def repair(self, release_id: str, datapackage: dict[str, Any]) -> None:
        """Unchanged content: bring the index up to `latest` if a crash left it behind."""
        index = build.read_json(self.root / "releases" / "index.json")
        if not isinstance(index, dict) or index.get("last_successful") != release_id:
            self._update_index(build.release_entry(release_id, datapackage))

    def write_folder(self, release_id: str, write: Callable[[Path], Any]) -> Any:
        """`write` fills a temp folder, which is then renamed to ``releases/<id>``."""
        tmp = self.root / "releases" / f"{TMP_PREFIX}{release_id}-{secrets.token_hex(4)}"
        tmp.parent.mkdir(exist_ok=True)
        tmp.mkdir()
        try:
            out = write(tmp)
            os.rename(tmp, self.folder(release_id))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        build.fsync_dir(self.root / "releases")
        return out

    def switch(self, release_id: str, datapackage: dict[str, Any]) -> None:
        """The symlink is the switch; the index follows."""
        self._switch_latest(release_id)
        self._update_index(build.release_entry(release_id, datapackage))

    def _switch_latest(self, release_id: str) -> None:
        root = self.root
        latest = root / "latest"
        if latest.exists() and not latest.is_symlink():
            # Older layout: a real folder. rename(2) cannot put a symlink over a directory,
            # so keep the old folder, whole and readable, under releases/.
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
            os.rename(latest, root / "releases" / f"legacy-latest-{stamp}")
        tmp = root / f"latest{TMP_PREFIX}{secrets.token_hex(4)}"
        os.symlink(f"releases/{release_id}", tmp)
        os.replace(tmp, latest)
        build.fsync_dir(root)

    def _update_index(self, entry: dict[str, Any]) -> None:
        path = self.root / "releases" / "index.json"
        doc = build.index_document(build.read_json(path), entry)
        _write_bytes_atomic(path, build.json_bytes(doc))
        _write_bytes_atomic(self.root / "index.html", site.releases_page(doc))  # the list of releases
