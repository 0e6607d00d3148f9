"""Building a release: the gate, serialisation (Parquet, CSV, datapackage.json, README,
SHA256SUMS, the page) and the release folder, shared by both publishers
(:mod:`pipeline.publish.local`, :mod:`pipeline.publish.object_store`; the steps in
:mod:`pipeline.publish.release`).

Layout under the output root (see DATA_CONTRACT.md)::

    <root>/.publish.lock                 fcntl lock: one publisher at a time
    <root>/releases/<release_id>/        immutable release folder
        <table>.parquet  <table>.csv     every contract table, rows sorted by primary key
        datapackage.json                 Frictionless Data Package v2
        README.md                        data dictionary (pipeline.schemas)
        SHA256SUMS                       `sha256sum -c` format, every other file
    <root>/releases/index.json           every published release + "last_successful"
    <root>/latest -> releases/<release_id>   relative symlink, switched atomically

Decisions:

* **Gate first.** :func:`write_release` coerces and validates every table
  (:func:`pipeline.schemas.integrity_errors`) before touching the output root; any
  failure raises :class:`ReleaseValidationError` and nothing is written. The release
  asset passes ``checked=True`` when its run's blocking checks already validated these
  tables; then only coercion and the statistics are checked here.
* **Atomic and crash-safe.** Files are written (and fsynced) into
  ``releases/.tmp-<release_id>-<random>/``, the folder is renamed to
  ``releases/<release_id>/``, then ``latest`` is switched by creating a new symlink
  ``latest.tmp-<random>`` and ``os.replace``-ing it over ``latest`` (one rename(2),
  atomic on POSIX). A crash at any point leaves the previous ``latest`` untouched;
  leftover ``.tmp-*`` entries are removed by the next run (:func:`cleanup_incomplete`).
  A ``latest`` that is a real directory (older layout) is moved, whole, to
  ``releases/legacy-latest-<UTC stamp>/`` just before the first symlink is placed.
* **Serialised.** Every step that reads or changes the root runs under an exclusive
  ``fcntl.flock`` on ``<root>/.publish.lock``.
* **Content fingerprint.** SHA-256 over the table contracts (schemas/*.yaml, so a
  contract or documentation change is new content) and a canonical serialisation of
  every coerced table (contract column order, rows sorted by primary key, exact values;
  the CSV formula guard plays no part). It does not depend on the run time, the input
  row or dict order, or the release id.
* **Release id** = ``YYYYMMDDTHHMMSSZ-<first 8 hex of the fingerprint>`` (UTC).
* **Unchanged input publishes nothing.** When the fingerprint equals the current
  ``latest`` release's ``_content_fingerprint``, no folder is written, ``latest`` does
  not move and the result is ``published=False, reason="unchanged"`` with the current
  release's id: a release marks a change of content, not a run.
* **CSV:** UTF-8 without BOM, ``,``, RFC 4180 minimal quoting, CRLF line endings
  (declared in each resource's ``dialect``), ISO dates, empty cell = null, lists joined
  with ``;``, and the spreadsheet formula guard: any text cell starting with
  ``= + - @ TAB CR`` gets a leading ``'`` (CSV only; recorded in ``_spreadsheet_safe``).
* **Parquet:** zstd, :func:`pipeline.schemas.arrow_schema` (one-line field
  descriptions), file metadata ``techbridges.release_id``/``techbridges.schema_version``;
  byte-identical for the same table and release id.
* **Frictionless and Parquet.** frictionless cannot read Parquet without the
  ``fastparquet`` extra, so each Parquet file is a resource of ``type: "file"``
  (format ``parquet``): ``frictionless validate`` then checks its ``bytes`` and
  ``hash`` but not its rows. The rows are validated through the CSV resources
  (``type: "table"``, Table Schema, dialect) and, before writing, by pandera.

All file writing goes through the few ``_write_*``/``fsync_dir``/``_switch_latest``
helpers. An output root that is an fsspec URL (``s3://bucket/prefix``) is published by
:mod:`pipeline.publish.object_store` instead (no symlink or lock there; its docstring states
what readers can rely on); the files are byte-identical to a local release.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from pipeline.resolve import changes, edges
from pipeline import schemas
from pipeline.publish import site, statistics

RELEASE_ID_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")
LOCK_NAME = ".publish.lock"
TMP_PREFIX = ".tmp-"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
CSV_DIALECT: dict[str, Any] = {
    "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
    "header": True,
    "delimiter": ",",
    "lineTerminator": schemas.CSV_LINE_TERMINATOR,
    "quoteChar": '"',
    "doubleQuote": True,
}


ExtraFile = bytes | Callable[[str], bytes]


class ReleaseValidationError(Exception):
    """The tables failed the release gate; ``errors`` holds one message per failure."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        shown = "\n".join(f"- {e}" for e in self.errors[:20])
        more = f"\n... and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(f"release validation failed ({len(self.errors)} errors):\n{shown}{more}")


@dataclass(frozen=True)
class PublishResult:
    """What :func:`write_release` did.

    ``path`` is the release folder (the new one, or the current latest when
    ``reason == "unchanged"``); ``file_hashes`` maps file name -> ``sha256:<hex>`` for
    every table file.
    """

    release_id: str
    path: Any                           # Path, or UPath on object storage
    published: bool
    reason: str                         # "published" | "unchanged"
    row_counts: dict[str, int]
    file_hashes: dict[str, str]
    fingerprint: str = ""
    escaped_cells: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------------ serialisation


def canonical_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """:func:`pipeline.schemas.coerce` every given table; conversion failures raise
    :class:`ReleaseValidationError` (as the gate would)."""
    out, errors = {}, []
    tables = {**{t: schemas.empty_frame(t) for t in schemas.OPTIONAL_TABLES}, **tables}
    for name, df in tables.items():
        if name not in schemas.TABLES:
            out[name] = df  # integrity_errors reports it
            continue
        try:
            out[name] = schemas.coerce(name, df)
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ReleaseValidationError(errors)
    if "cooperation_edges" in schemas.TABLES and "cooperation_edges" not in out:
        try:  # derived from the fact tables (pipeline/edges.py); the gate checks it like any
            out["cooperation_edges"] = edges.cooperation_edges(out)
        except (KeyError, AttributeError, TypeError):
            pass  # fact tables missing or malformed: integrity_errors reports them
    return out


def content_fingerprint(tables: Mapping[str, pd.DataFrame], canonical: bool = False) -> str:
    """SHA-256 hex of the contract plus the canonical content of every contract table.

    Tables are coerced first, so row order and dtype variants do not matter; the run
    time and the release id are not part of it. ``canonical=True``: the caller passes
    tables :func:`canonical_tables` made (already coerced; not coerced again).
    """
    h = hashlib.sha256(b"techbridges-content-v1\n")
    h.update(hashlib.sha256(schemas.spec_fingerprint_source().encode()).digest())
    for t in schemas.TABLES:
        if t not in tables or t in schemas.FINGERPRINT_EXCLUDES:
            continue
        df = tables[t] if canonical else schemas.coerce(t, tables[t])
        h.update(json.dumps([t, list(df.columns), len(df)]).encode() + b"\n")
        rows = schemas.row_texts(t, df)
        if rows is not None:
            if rows:
                h.update(("\n".join(rows) + "\n").encode())
            continue
        for row in df.itertuples(index=False, name=None):
            h.update(_ROW_JSON([_jsonable(v) for v in row]).encode() + b"\n")
    return h.hexdigest()


# json.dumps(v, ensure_ascii=False, separators=(",", ":")), without a new encoder per row.
_ROW_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _jsonable(v: Any) -> Any:
    if type(v) in _AS_IS:   # never null, no conversion: most cells
        return v
    if schemas.is_null(v):
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(i) for i in v]
    if hasattr(v, "item"):  # numpy scalar
        return v.item()
    return v


_AS_IS = frozenset({str, int, bool})


_TRIGGERS = frozenset(schemas.FORMULA_TRIGGERS)


def spreadsheet_safe(text: str) -> str:
    """``text`` with the CSV formula guard applied (``'`` before a trigger character)."""
    if text and text[0] in schemas.FORMULA_TRIGGERS:
        return schemas.FORMULA_PREFIX + text
    return text


def csv_bytes(table: str, df: pd.DataFrame) -> tuple[bytes, int]:
    """The contract CSV of a canonical (coerced) table, and how many cells were guarded.

    UTF-8 without BOM, header, RFC 4180 minimal quoting, CRLF, ISO dates, empty cell for
    null, lists joined with ``;``, formula guard on every text cell.
    """
    spec = schemas.load_spec(table)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=",", quotechar='"', doublequote=True,
                   quoting=csv.QUOTE_MINIMAL, lineterminator=schemas.CSV_LINE_TERMINATOR)
    w.writerow(spec.column_names)
    # Column by column (the cells of each formatted at once), then written row by row.
    escaped = 0
    columns: list[list[str]] = []
    for name in spec.column_names:
        kind = spec.column(name).type
        values = df[name].to_numpy(dtype=object)
        null = schemas._null_mask(values)
        if kind == "int32":
            cells = ["" if n else str(int(v)) for v, n in zip(values, null)]
        elif kind == "date32":
            cells = ["" if n else v.isoformat() for v, n in zip(values, null)]
        elif kind == "float64":
            # shortest exact form, never exponent notation (Table Schema `number`)
            cells = ["" if n else np.format_float_positional(float(v), trim="-")
                     for v, n in zip(values, null)]
        else:
            if kind == "list<string>":
                join = schemas.LIST_DELIMITER.join
                texts = ["" if n else join(v) for v, n in zip(values, null)]
            else:
                texts = ["" if n else v for v, n in zip(values, null)]
            # spreadsheet_safe, inline: most cells need nothing
            guard = [i for i, t in enumerate(texts) if t and t[0] in _TRIGGERS]
            cells = texts
            for i in guard:
                cells[i] = schemas.FORMULA_PREFIX + cells[i]
            escaped += len(guard)
        columns.append(cells)
    w.writerows(zip(*columns))
    return buf.getvalue().encode("utf-8"), escaped


class CsvFiles:
    """The CSV of every table of a release, built while the caller does other work.

    The CSVs do not depend on the release id, so :func:`pipeline.publish.release.write_release`
    starts them as soon as the tables are canonical: in a process forked for it (on the
    other core) while this one computes the statistics, the content fingerprint and the
    Parquet files. :meth:`get` returns exactly what :func:`csv_bytes` returns for each
    table; when no process can be forked (or the memory available is less than this
    process's resident size), or it fails, dies or sends nothing within ``timeout``
    seconds, the CSVs are built here instead (the same bytes, later)."""

    def __init__(self, canon: Mapping[str, pd.DataFrame], timeout: float = 900.0):
        self._canon = canon
        self._timeout = timeout
        self._done: dict[str, tuple[bytes, int]] | None = None
        self._proc: Any = None
        self._conn: Any = None
        try:
            import multiprocessing as mp

            if "fork" not in mp.get_all_start_methods() or not _room_for_a_copy():
                return
            ctx = mp.get_context("fork")
            self._conn, child_end = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_csv_child, args=(child_end, canon), daemon=True)
            self._proc.start()
            child_end.close()
        except (OSError, ValueError, RuntimeError):
            self._proc = None

    def get(self) -> dict[str, tuple[bytes, int]]:
        if self._done is None:
            got = self._receive()
            self._done = got if got is not None else {
                t: csv_bytes(t, self._canon[t]) for t in schemas.TABLES}
        return self._done

    def _receive(self) -> dict[str, tuple[bytes, int]] | None:
        if self._proc is None:
            return None
        got = None
        try:
            if self._conn.poll(self._timeout):
                msg = self._conn.recv()
                if isinstance(msg, dict) and set(msg) == set(schemas.TABLES):
                    got = msg
        except (EOFError, OSError):  # the child died: build them here
            got = None
        finally:
            self.close()
        return got

    def close(self) -> None:
        """Stop the child if it still runs (an unchanged release needs no CSV)."""
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
            self._conn.close()
            self._proc = None


def _room_for_a_copy() -> bool:
    """True when the memory available (Linux: MemAvailable) exceeds this process's
    resident size: the forked child shares its pages, but Python's reference counts make
    it copy those it reads, so at worst it holds a copy of the tables. Unknown: no."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            avail_kb = next(int(line.split()[1]) for line in f if line.startswith("MemAvailable:"))
        with open("/proc/self/statm", encoding="ascii") as f:
            rss_kb = int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, StopIteration):
        return False
    return avail_kb > rss_kb


def _csv_child(conn: Any, canon: Mapping[str, pd.DataFrame]) -> None:
    try:
        conn.send({t: csv_bytes(t, canon[t]) for t in schemas.TABLES})
    except BaseException:  # noqa: BLE001 - the parent builds them itself
        pass
    finally:
        conn.close()
        os._exit(0)  # no exit handlers, no flushing of what the parent owns


def arrow_table(table: str, df: pd.DataFrame) -> pyarrow.Table:
    """Arrow table of a canonical (coerced) frame with the contract's arrow schema."""
    schema = schemas.arrow_schema(table)
    spec = schemas.load_spec(table)
    arrays = []
    for f in schema:
        if pyarrow.types.is_dictionary(f.type):
            # Enum: indices into the contract's value list (the same dictionary in every
            # release, whatever values occur).
            enum = spec.column(f.name).enum or ()
            pos = {v: i for i, v in enumerate(enum)}
            vals = df[f.name].tolist()
            if set(map(type, vals)) <= {str, type(None)}:  # canonical: no is_null call per value
                idx = pyarrow.array([None if v is None else pos[v] for v in vals], type=f.type.index_type)
            else:
                idx = pyarrow.array([None if schemas.is_null(v) else pos[v] for v in df[f.name]],
                                    type=f.type.index_type)
            arrays.append(pyarrow.DictionaryArray.from_arrays(
                idx, pyarrow.array(list(enum), type=pyarrow.string())))
        elif f.type == pyarrow.int32():  # from the numpy column
            arrays.append(pyarrow.array(df[f.name].to_numpy(), type=f.type))
        elif f.type == pyarrow.float64():  # NaN is the canonical null: write a Parquet null
            arrays.append(pyarrow.array(df[f.name].to_numpy(), type=f.type, from_pandas=True))
        else:  # str, date and list columns from Python values
            arrays.append(pyarrow.array(list(df[f.name]), type=f.type))
    return pyarrow.Table.from_arrays(arrays, schema=schema)


def parquet_bytes(table: str, df: pd.DataFrame, release_id: str) -> bytes:
    """zstd Parquet of a canonical frame; file metadata names the table, contract version
    and release id. Deterministic: same frame and release id -> same bytes."""
    tbl = arrow_table(table, df)
    meta = dict(tbl.schema.metadata or {})
    meta[b"techbridges.release_id"] = release_id.encode()
    tbl = tbl.replace_schema_metadata(meta)
    sink = pyarrow.BufferOutputStream()
    pq.write_table(tbl, sink, compression="zstd", use_dictionary=True, write_statistics=True)
    return sink.getvalue().to_pybytes()


# ------------------------------------------------------------------------ file helpers
# Every write to the output root goes through these (local filesystem only for now).


def write_file(path: Path, data: bytes) -> None:
    # "xb": never overwrite; fsync so a rename after it cannot expose an empty file.
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def json_bytes(doc: Any) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def json_loads(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def read_json(path: Any) -> Any:
    """A JSON document at a Path or UPath; None when missing or unreadable."""
    try:
        return json_loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ------------------------------------------------------------------------ releases


def index_document(old: Any, entry: dict[str, Any]) -> dict[str, Any]:
    """``releases/index.json`` after publishing ``entry`` over ``old`` (the previous
    index, or None)."""
    items = old.get("releases", []) if isinstance(old, dict) else []
    entry = changes.with_deltas(entry, old)  # previous release and row-count deltas
    items = [r for r in items if isinstance(r, dict) and r.get("id") != entry["id"]] + [entry]
    items.sort(key=lambda r: str(r.get("id")))
    return {"name": schemas.package_meta()["name"], "last_successful": entry["id"], "releases": items}


def read_tables(folder: Any, columns: Mapping[str, list[str] | None] | None = None
                ) -> dict[str, pd.DataFrame]:
    """Canonical frames (:func:`pipeline.schemas.coerce`) of the Parquet files in a
    release folder (Path or UPath), by table name; a missing table is left out.
    ``columns`` ({table: [column, ...]}) reads only those tables, and of each only those
    columns (those the file has; None: all), rows still in primary-key order when the
    key is among them."""
    out = {}
    for t in (schemas.TABLES if columns is None else [t for t in schemas.TABLES if t in columns]):
        wanted = None if columns is None else columns[t]
        stamp = _stamp(folder, t)
        held = _read_memo.get((str(folder), t, stamp)) if stamp else None
        if held is not None:  # read whole before in this process: the columns of that
            cols = list(held.columns) if wanted is None else [c for c in wanted if c in held.columns]
            out[t] = held[cols].copy()
            continue
        try:
            with (folder / f"{t}.parquet").open("rb") as f:
                if wanted is None:
                    table = pq.read_table(f)
                else:
                    pf = pq.ParquetFile(f)
                    table = pf.read(columns=[c for c in wanted if c in pf.schema_arrow.names])
                out[t] = schemas.coerce(t, table.to_pandas())
        except FileNotFoundError:
            continue
        if wanted is None and stamp:
            if any(k[0] != str(folder) for k in _read_memo):
                _read_memo.clear()  # one release at a time
            _read_memo[(str(folder), t, stamp)] = out[t].copy()
    return out


# Tables of a published release read whole in this process (resolve reads the entity
# tables of the latest release for `changes`; the id checks then want some of their
# columns): a later read of the same file, unchanged (local release folders only: the
# same size, modification time and inode), is served from here (a copy; the columns
# asked for, rows in the same order).
_read_memo: dict[tuple[str, str, tuple[int, int, int]], pd.DataFrame] = {}


def _stamp(folder: Any, table: str) -> tuple[int, int, int] | None:
    if not isinstance(folder, Path) or not RELEASE_ID_RE.match(folder.name):
        return None
    try:
        st = os.stat(folder / f"{table}.parquet")
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def read_row_counts(folder: Any) -> dict[str, int]:
    """Rows of each table's Parquet file in a release folder, from the files' own
    metadata (nothing else is read); a missing table is left out."""
    out = {}
    for t in schemas.TABLES:
        try:
            with (folder / f"{t}.parquet").open("rb") as f:
                out[t] = pq.ParquetFile(f).metadata.num_rows
        except FileNotFoundError:
            continue
    return out


def release_entry(release_id: str, datapackage: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": release_id,
        "path": f"releases/{release_id}/",
        "created": datapackage.get("created"),
        "version": datapackage.get("version"),
        "fingerprint": datapackage.get("_content_fingerprint"),
        "row_counts": datapackage.get("_row_counts", {}),
    }


def _datapackage(release_id: str, created: str, fingerprint: str,
                 files: dict[str, tuple[int, str]], row_counts: dict[str, int],
                 escaped: dict[str, int], run_meta: Mapping[str, Any]) -> dict[str, Any]:
    pkg = schemas.package_meta()
    resources = []
    for t in schemas.TABLES:
        spec = schemas.load_spec(t)
        size, digest = files[f"{t}.csv"]
        resources.append({
            "name": t, "type": "table", "path": f"{t}.csv", "title": spec.title,
            "description": spec.description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": size, "hash": f"sha256:{digest}",
            "dialect": dict(CSV_DIALECT), "schema": schemas.table_schema(t),
        })
    for t in schemas.TABLES:
        spec = schemas.load_spec(t)
        size, digest = files[f"{t}.parquet"]
        resources.append({
            "name": f"{t}-parquet", "type": "file", "path": f"{t}.parquet",
            "title": f"{spec.title} (Parquet)",
            "description": (f"Canonical copy of the `{t}` table: same rows and columns as "
                            f"{t}.csv, exact values, Arrow types (zstd Parquet)."),
            "format": "parquet", "mediatype": PARQUET_MEDIATYPE, "bytes": size,
            "hash": f"sha256:{digest}", "_table": t,
            "_arrowSchema": [{"name": c.name, "type": c.type, "nullable": c.nullable,
                              **({"dictionary": True} if c.enum else {})}
                             for c in spec.columns],
        })
    sources = run_meta.get("sources") or [
        {"title": "News articles about technology parks, IT clusters and innovation agencies"}]
    run = {k: v for k, v in run_meta.items() if k != "sources"}
    doc: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": pkg["name"], "title": pkg["title"],
        "description": " ".join(str(pkg["description"]).split()),
        "version": schemas.contract_version(), "created": created,
        "licenses": pkg.get("licenses", []), "contributors": pkg.get("contributors", []),
        "keywords": pkg.get("keywords", []), "sources": sources,
    }
    if pkg.get("homepage"):
        doc["homepage"] = pkg["homepage"]
    doc["resources"] = resources
    doc["_release_id"] = release_id
    doc["_content_fingerprint"] = fingerprint
    doc["_row_counts"] = row_counts
    doc["_spreadsheet_safe"] = {
        "prefix": schemas.FORMULA_PREFIX, "triggers": list(schemas.FORMULA_TRIGGERS),
        "applies_to": "csv", "rule": ("a text cell (including a ;-joined list) whose first "
                                      "character is a trigger is written with the prefix; "
                                      "Parquet keeps the exact value"),
        "fields": {t: [c.name for c in schemas.load_spec(t).columns
                       if c.type in ("string", "list<string>")] for t in schemas.TABLES},
        "escaped_cells": escaped,
    }
    doc["_run"] = json.loads(json.dumps(run, default=str))
    return doc


def write_release_folder(folder: Path, canon: dict[str, pd.DataFrame], release_id: str,
                          created: str, fingerprint: str, run_meta: Mapping[str, Any],
                          extra_files: Mapping[str, ExtraFile] | None = None,
                          stats: Mapping[str, Any] | None = None,
                          csv_files: CsvFiles | None = None,
                          ) -> tuple[dict[str, str], dict[str, int]]:
    """Write every file of a release into ``folder``. ``stats``: the statistics document
    of ``canon`` already computed by the gate (its ``release_id`` and ``created`` are set
    here); computed when not given. ``csv_files``: the tables' CSVs being built
    (:class:`CsvFiles`); built here when not given."""
    files: dict[str, tuple[int, str]] = {}
    escaped: dict[str, int] = {}

    def put(name: str, data: bytes) -> None:
        write_file(folder / name, data)
        files[name] = (len(data), hashlib.sha256(data).hexdigest())

    for t in schemas.TABLES:  # the Parquet files first: the CSVs may still be being built
        put(f"{t}.parquet", parquet_bytes(t, canon[t], release_id))
    csvs = csv_files.get() if csv_files is not None else {t: csv_bytes(t, canon[t]) for t in schemas.TABLES}
    for t in schemas.TABLES:
        data, escaped[t] = csvs.pop(t)
        put(f"{t}.csv", data)
    row_counts = {t: len(canon[t]) for t in schemas.TABLES}
    meta = {"release_id": release_id, "created": created, "fingerprint": fingerprint,
            "row_counts": row_counts}
    put("README.md", schemas.data_dictionary_markdown(meta).encode("utf-8"))
    if stats is None:
        stats = statistics.release_statistics(canon, meta)
    else:  # the same document (same key order) with this release's id and time
        stats = {**stats, "release_id": release_id, "created": created}
    put("statistics.json", statistics.statistics_bytes(stats))
    for name, extra in sorted((extra_files or {}).items()):  # e.g. CHANGES.md, id_ledger.json
        put(name, extra(release_id) if callable(extra) else extra)
    put("datapackage.json", json_bytes(_datapackage(release_id, created, fingerprint, files,
                                                     row_counts, escaped, run_meta)))
    for name, data in site.page_files(canon, stats, files).items():  # index.html + assets
        put(name, data)
    sums = "".join(f"{files[n][1]}  {n}\n" for n in sorted(files))
    write_file(folder / "SHA256SUMS", sums.encode("utf-8"))
    fsync_dir(folder)
    hashes = {n: f"sha256:{files[n][1]}" for n in sorted(files) if n.endswith((".parquet", ".csv"))}
    return hashes, escaped


def hashes_from_datapackage(dp: Mapping[str, Any]) -> dict[str, str]:
    return {r["path"]: r["hash"] for r in dp.get("resources", []) if "path" in r and "hash" in r}


def row_loss_errors(previous: Mapping[str, int], current: Mapping[str, int],
                    max_share: float, previous_id: str = "the latest release") -> list[str]:
    """One message per table (``rejects`` excepted) whose row count would fall by more
    than ``max_share`` from ``previous`` to ``current``; empty when none would."""
    errors = []
    for t, before in previous.items():
        if t == "rejects" or t in schemas.OPTIONAL_TABLES or t not in current or not before:
            continue
        lost = 1 - current[t] / before
        if lost > max_share:
            errors.append(f"{t}: {before} -> {current[t]} rows ({lost:.0%} lost, more than the "
                          f"{max_share:.0%} allowed) compared with {previous_id}; if raw files "
                          "were removed on purpose, raise PIPELINE_MAX_ROW_LOSS_SHARE for this run")
    return errors


def verify_release(release_dir: str | Path) -> list[str]:
    """Check a release folder against its SHA256SUMS and datapackage.json (bytes and
    hashes). Returns one message per mismatch; empty = intact."""
    folder = Path(release_dir)
    problems = []
    listed = set()
    sums = folder / "SHA256SUMS"
    if not sums.exists():
        return [f"{folder}: SHA256SUMS is missing"]
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed.add(name)
        p = folder / name
        if not p.is_file():
            problems.append(f"{name}: listed in SHA256SUMS but missing")
        elif _sha256_file(p) != digest:
            problems.append(f"{name}: SHA-256 differs from SHA256SUMS")
    others = {p.name for p in folder.iterdir() if p.name != "SHA256SUMS"}
    problems += [f"{n}: not listed in SHA256SUMS" for n in sorted(others - listed)]
    dp = read_json(folder / "datapackage.json")
    if not isinstance(dp, dict):
        return problems + ["datapackage.json is missing or unreadable"]
    for r in dp.get("resources", []):
        p = folder / r["path"]
        if not p.is_file():
            problems.append(f"{r['path']}: in datapackage.json but missing")
            continue
        if r.get("bytes") != p.stat().st_size:
            problems.append(f"{r['path']}: size differs from datapackage.json")
        if r.get("hash") != f"sha256:{_sha256_file(p)}":
            problems.append(f"{r['path']}: hash differs from datapackage.json")
    return problems
