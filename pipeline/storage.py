"""Where the pipeline reads and writes: a local folder or an fsspec URL (object storage).

`PIPELINE_RAW_DIR`, `PIPELINE_OUTPUT_DIR` and `PIPELINE_CACHE_DIR` may each be a local
path (`raw`, `/srv/articles`) or a URL such as `s3://bucket/prefix` (any protocol fsspec
knows, with its package installed: s3fs for `s3://`, gcsfs for `gs://`, adlfs for
`az://`). Local paths keep every local-only guarantee (symlink checks on input, the
publish lock and the atomic `latest` symlink on output); URLs go through the few
operations here, built on universal-pathlib (UPath) and fsspec.

S3 endpoint and credentials: credentials come from the usual AWS chain (environment
variables, `~/.aws/config` and `credentials`, instance roles). A non-AWS endpoint
(MinIO, Ceph, a local test server) is set with `PIPELINE_S3_ENDPOINT_URL`, falling back
to the standard `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`.
"""
from __future__ import annotations

import datetime as dt

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

import dagster as dg

_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(location: str | os.PathLike) -> bool:
    """True for an fsspec URL (`s3://...`, `memory://...`); False for a local path or a
    `file://` URL (which is treated as the local path it names)."""
    text = str(location)
    return bool(_URL_RE.match(text)) and not text.lower().startswith("file://")


def local_path(location: str | os.PathLike) -> Path:
    """A local path; `file:///x` -> `/x`."""
    text = str(location)
    if text.lower().startswith("file://"):
        text = text[len("file://"):]
    return Path(text)


def storage_options(url: str) -> dict[str, Any]:
    """fsspec options for `url`: the S3 endpoint from the environment, if one is set."""
    protocol = url.split("://", 1)[0].lower()
    if protocol in ("s3", "s3a"):
        endpoint = (os.environ.get("PIPELINE_S3_ENDPOINT_URL") or os.environ.get("AWS_ENDPOINT_URL_S3")
                    or os.environ.get("AWS_ENDPOINT_URL"))
        if endpoint:
            return {"client_kwargs": {"endpoint_url": endpoint}}
    return {}


def upath(location: str | os.PathLike):
    """A UPath for a URL (with :func:`storage_options`), a local `Path` otherwise."""
    if not is_url(location):
        return local_path(location)
    from upath import UPath

    url = str(location).rstrip("/")
    return UPath(url, **storage_options(url))


def join(location: str, *parts: str) -> str:
    """`location/part/...` for a URL or a local path, as a string."""
    if is_url(location):
        return "/".join([str(location).rstrip("/"), *(p.strip("/") for p in parts)])
    return str(local_path(location).joinpath(*parts))


@dataclass(frozen=True)
class RemoteFile:
    size: int
    version: str  # ETag, or the modification time when the backend has no ETag
    modified: float | None = None  # last modification, seconds since the epoch (the store's clock)


def _modified(info: dict) -> float | None:
    value = info.get("LastModified") or info.get("mtime") or info.get("last_modified")
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _fs_and_path(url: str):
    p = upath(url)
    return p.fs, p.path


def list_files(url: str) -> dict[str, RemoteFile]:
    """Every object under `url`, by "/"-separated path relative to it (sorted), with its
    size and a version tag that changes when the content does. Empty when nothing is
    there (object stores have no empty folders)."""
    fs, root = _fs_and_path(url)
    fs.invalidate_cache()  # a long-lived process (the sensor) must see new objects
    root = root.rstrip("/")
    try:
        found = fs.find(root, detail=True)
    except FileNotFoundError:
        return {}
    out: dict[str, RemoteFile] = {}
    for path, info in found.items():
        if info.get("type") == "directory" or path.endswith("/"):
            continue
        rel = path[len(root):].lstrip("/") if path.startswith(root) else path
        if not rel:
            continue
        version = info.get("ETag") or info.get("etag") or info.get("LastModified") \
            or info.get("mtime") or info.get("created") or ""
        out[rel] = RemoteFile(int(info.get("size") or 0), str(version).strip('"'), _modified(info))
    return dict(sorted(out.items()))


def read_bytes(url: str, max_bytes: int | None = None) -> bytes:
    """The object's bytes (at most `max_bytes`, when given)."""
    fs, path = _fs_and_path(url)
    with fs.open(path, "rb") as f:
        return f.read() if max_bytes is None else f.read(max_bytes)


def read_many(root: str, rels: list[str]) -> dict[str, bytes | Exception]:
    """The bytes of several objects under `root`, fetched concurrently where the backend
    can (s3fs does); a failed read gives its exception instead of bytes."""
    fs, base = _fs_and_path(root)
    base = base.rstrip("/")
    paths = {f"{base}/{rel}": rel for rel in rels}
    got = fs.cat(list(paths), on_error="return")
    if not isinstance(got, dict):  # one path: some backends return the bytes alone
        got = {next(iter(paths)): got}
    out: dict[str, bytes | Exception] = {}
    for path, rel in paths.items():
        value = got.get(path, got.get(fs._strip_protocol(path), FileNotFoundError(path)))
        out[rel] = value
    return out


def write_bytes(url: str, data: bytes) -> None:
    """Write one object. On object stores a PUT is atomic: readers see the old object or
    the whole new one, never part of it."""
    fs, path = _fs_and_path(url)
    parent = path.rsplit("/", 1)[0]
    if parent and not is_object_store(url):
        fs.makedirs(parent, exist_ok=True)
    with fs.open(path, "wb") as f:
        f.write(data)


def exists(url: str) -> bool:
    fs, path = _fs_and_path(url)
    fs.invalidate_cache()
    return bool(fs.exists(path))


def copy(src_url: str, dst_url: str) -> None:
    """Copy one object (server-side where the backend can)."""
    fs, src = _fs_and_path(src_url)
    _, dst = _fs_and_path(dst_url)
    fs.copy(src, dst)


def remove(url: str, recursive: bool = False) -> None:
    """Remove an object (or everything under a prefix); missing is fine."""
    fs, path = _fs_and_path(url)
    try:
        fs.rm(path, recursive=recursive)
    except FileNotFoundError:
        pass


def is_object_store(url: str) -> bool:
    return is_url(url) and url.split("://", 1)[0].lower() in (
        "s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "oss", "r2")


# ------------------------------------------------------------------ the interface

class Storage(dg.ConfigurableResource):
    """One location (the raw folder, the output root, the cache) and what the stages do
    there. :func:`storage_at` picks the implementation once, from the location; stage
    code calls these methods and never asks which kind it holds, except through
    `kind` where a stage keeps two strategies (publishing: symlink swap or index switch).
    Paths are "/"-separated parts relative to `location`."""

    location: str
    kind: ClassVar[str] = ""

    def join(self, *parts: str) -> str:
        raise NotImplementedError

    def path(self, *parts: str) -> Any:
        """A pathlib-like object (Path or UPath) for `parts`."""
        raise NotImplementedError

    def shown(self) -> str:
        """How logs and metadata name the location."""
        raise NotImplementedError

    def child(self, *parts: str) -> Self:
        return type(self)(location=self.join(*parts))

    def read_bytes(self, *parts: str, max_bytes: int | None = None) -> bytes:
        with self.path(*parts).open("rb") as f:
            return f.read() if max_bytes is None else f.read(max_bytes)

    def write_bytes(self, data: bytes, *parts: str) -> None:
        raise NotImplementedError

    def check_writable(self) -> None:
        """Raise OSError now if nothing can be written here (a folder that is a file,
        read-only or full), before a stage spends time on work it could not keep."""

    def exists(self, *parts: str) -> bool:
        raise NotImplementedError

    def remove(self, *parts: str, recursive: bool = False) -> None:
        raise NotImplementedError

    def list_files(self, *parts: str) -> dict[str, RemoteFile]:
        raise NotImplementedError

    def read_many(self, rels: list[str]) -> dict[str, bytes | Exception]:
        raise NotImplementedError


class LocalStorage(Storage):
    """A local folder: writes go to a temporary file renamed into place."""

    kind: ClassVar[str] = "local"

    def join(self, *parts: str) -> str:
        return str(local_path(self.location).joinpath(*parts))

    def path(self, *parts: str) -> Path:
        return local_path(self.location).joinpath(*parts)

    def shown(self) -> str:
        return str(self.path().resolve())

    def write_bytes(self, data: bytes, *parts: str) -> None:
        path = self.path(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)  # readers never see half a file
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def check_writable(self) -> None:
        folder = self.path()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".probe-")
        os.close(fd)
        os.unlink(tmp)

    def exists(self, *parts: str) -> bool:
        return self.path(*parts).exists()

    def remove(self, *parts: str, recursive: bool = False) -> None:
        path = self.path(*parts)
        if recursive and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            return
        try:
            path.unlink()
        except (FileNotFoundError, IsADirectoryError):
            pass

    def list_files(self, *parts: str) -> dict[str, RemoteFile]:
        root = self.path(*parts)
        out = {}
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink():
                st = p.stat()
                out[p.relative_to(root).as_posix()] = RemoteFile(st.st_size, str(st.st_mtime_ns))
        return out

    def read_many(self, rels: list[str]) -> dict[str, bytes | Exception]:
        out: dict[str, bytes | Exception] = {}
        for rel in rels:
            try:
                out[rel] = self.read_bytes(rel)
            except OSError as exc:
                out[rel] = exc
        return out


class ObjectStorage(Storage):
    """An fsspec URL (`s3://bucket/prefix`): every write is one PUT."""

    kind: ClassVar[str] = "object"

    def join(self, *parts: str) -> str:
        return join(self.location, *parts)

    def path(self, *parts: str) -> Any:
        return upath(self.join(*parts))

    def shown(self) -> str:
        return self.location.rstrip("/")

    def read_bytes(self, *parts: str, max_bytes: int | None = None) -> bytes:
        return read_bytes(self.join(*parts), max_bytes)

    def write_bytes(self, data: bytes, *parts: str) -> None:
        write_bytes(self.join(*parts), data)

    def exists(self, *parts: str) -> bool:
        return exists(self.join(*parts))

    def remove(self, *parts: str, recursive: bool = False) -> None:
        remove(self.join(*parts), recursive=recursive)

    def list_files(self, *parts: str) -> dict[str, RemoteFile]:
        return list_files(self.join(*parts))

    def read_many(self, rels: list[str]) -> dict[str, bytes | Exception]:
        return read_many(self.location.rstrip("/"), rels)

    def copy_to(self, rel: str, dst_url: str) -> None:
        """Copy one object (server-side where the backend can)."""
        copy(self.join(rel), dst_url)


def storage_at(location: str | os.PathLike) -> Storage:
    """The one place that decides local or object storage for a location."""
    if is_url(location):
        return ObjectStorage(location=str(location).rstrip("/"))
    return LocalStorage(location=str(location))
