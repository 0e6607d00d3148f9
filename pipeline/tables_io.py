"""The IO manager for what the steps pass each other, instead of Dagster's implicit
pickles: a table is a Parquet file, the per-article extractions are JSON lines, the id
ledger is a JSON document. Files are readable outside Dagster (pandas, DuckDB, jq),
typed, and the same whichever executor runs the steps; each materialisation links to
its file (metadata `path`).

Where: `<base>/<asset key>.<parquet|jsonl|json>` on a :class:`pipeline.storage.Storage`
(local or object storage); by default the instance's storage folder, where Dagster's
own IO manager put its pickles. With `per_run` (the multi-process executors), under
`<base>/<run id>/`: there no lock keeps two runs apart (pipeline/executors.py), so
each run keeps its own files; an input produced by an earlier run (a re-execution)
is read from that run's folder."""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import io
import json
import threading
from collections import OrderedDict
from typing import Any

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.cache import CheckedEntry
from pipeline.models import ArticleExtraction, _json_default
from pipeline.storage import Storage, storage_at

EXTENSIONS = (".parquet", ".jsonl", ".json")


def frame_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df), buf)
    return buf.getvalue()


@contextlib.contextmanager
def paused_gc():
    """No cyclic garbage collection inside the block, and none walking what it built
    after it. For the steps that build a million small objects at once (parsing the
    extractions, resolve, publishing): each full collection walks every live object, and
    at 10,000 articles those collections took about a quarter of resolve's CPU. At the
    end, everything alive is moved out of the collector's reach (`gc.freeze`): otherwise
    the first allocation after the block walks every object it built (all still in the
    youngest generation), and later collections walk them again (0.8 of 1.0 s of GC in
    the synthetic one-new-article re-run at 10,000 articles, bench/rerun.py). Reference
    counting still frees every object that is not in a cycle (tables, extractions: a
    frame has none); a cycle built here that becomes garbage later is kept until the
    process ends (each run is one process). A block that left fewer than
    FREEZE_AFTER new objects (small runs, most tests) freezes nothing: walking them is
    cheap. The results do not depend on it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] >= FREEZE_AFTER:
            gc.freeze()
        if was:
            gc.enable()


FREEZE_AFTER = 100_000   # objects alive in the youngest generation (gc.get_count()[0])


_frozen = False
_frozen_lock = threading.Lock()


def freeze_long_lived() -> bool:
    """Once per process, at the start of a run's first step: collect the garbage there
    is, then move every object alive (the imported modules, the definitions, Dagster's
    instance: several hundred thousand objects that live as long as the process) out of
    the cyclic collector's reach (`gc.freeze`). Every full collection after it walks only
    what the steps built since, instead of walking all of them again: in the synthetic
    one-new-article re-run at 10,000 articles, full collections took 3.1 s of CPU before
    and 1.3 s after (bench/README.md). Frozen objects are still freed
    by reference counting; only a cycle among them that becomes garbage later is never
    collected (bounded: what existed when the first step started). The results do not
    depend on when the collector runs. Returns True the one time it froze."""
    global _frozen
    with _frozen_lock:
        if _frozen or not hasattr(gc, "freeze"):
            return False
        _frozen = True
    gc.collect()
    gc.freeze()
    return True


def frame_from_bytes(data: bytes) -> pd.DataFrame:
    return _parse(data)[0]


def _parse(data: bytes) -> tuple[pd.DataFrame, tuple[str, ...]]:
    table = pq.read_table(io.BytesIO(data))
    df = table.to_pandas()
    # Arrow gives list cells back as numpy arrays; the steps were written for lists
    # (to_pylist builds them without a numpy array per cell).
    lists = []
    for f in table.schema:
        if pa.types.is_list(f.type) and f.name in df.columns:
            df[f.name] = pd.Series(table.column(f.name).to_pylist(), index=df.index, dtype=object)
            lists.append(f.name)
    return df, tuple(lists)


# A table is loaded by several steps of one run (its contract check, the cross-table
# checks, the row-loss guard, the id checks, the release): in one process (the default
# in-process executor) each file is parsed once. Keyed by the file's content (sha256 of
# the bytes read), so a file written again is parsed again; every load gets its own
# copy (numpy columns and list cells copied), as a parse would give. Bounded by the
# Parquet bytes held.
MEMO_MAX_BYTES = 512 * 1024 * 1024
_memo: OrderedDict[bytes, tuple[int, pd.DataFrame, tuple[str, ...]]] = OrderedDict()
_memo_lock = threading.Lock()
memo_stats = {"parsed": 0, "reused": 0}


def _copy_frame(df: pd.DataFrame, list_columns: tuple[str, ...]) -> pd.DataFrame:
    out = df.copy(deep=True)
    for c in list_columns:
        out[c] = pd.Series([None if v is None else v[:] for v in df[c].tolist()], index=out.index,
                           dtype=object)
    return out


def frame_from_bytes_memo(data: bytes) -> pd.DataFrame:
    """:func:`frame_from_bytes`, parsed once per content in this process (a copy each call)."""
    digest = hashlib.sha256(data).digest()
    with _memo_lock:
        hit = _memo.get(digest)
        if hit is not None:
            _memo.move_to_end(digest)
            memo_stats["reused"] += 1
    if hit is not None:
        return _copy_frame(hit[1], hit[2])
    df, lists = _parse(data)
    with _memo_lock:
        memo_stats["parsed"] += 1
        if len(data) <= MEMO_MAX_BYTES:
            _memo[digest] = (len(data), df, lists)
            while sum(n for n, _, _ in _memo.values()) > MEMO_MAX_BYTES:
                _memo.popitem(last=False)
    return _copy_frame(df, lists)


# ArticleExtraction.to_json's output (sort_keys, ensure_ascii=False, dates as ISO text),
# from one encoder and plain containers built without dataclasses.asdict's deep copies:
# ~3.5x faster. pipeline/models.py is part of the extractor version
# (changing it makes every cached extraction stale), so this lives here;
# tests/test_tables_io.py checks that both give the same text.
_EXTRACTION_JSON = json.JSONEncoder(default=_json_default, sort_keys=True,
                                    ensure_ascii=False).encode


_LEAVES = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}   # per class: its dataclass fields


def _plain(v: Any) -> Any:
    t = type(v)
    if t in _LEAVES:
        return v
    if t is list or t is tuple:
        return [_plain(i) for i in v]
    if t is dict:
        return {k: _plain(i) for k, i in v.items()}
    if t not in _FIELD_NAMES:
        _FIELD_NAMES[t] = tuple(f.name for f in dataclasses.fields(v)) \
            if dataclasses.is_dataclass(v) and not isinstance(v, type) else None
    names = _FIELD_NAMES[t]
    return v if names is None else {n: _plain(getattr(v, n)) for n in names}


def extraction_json(x: ArticleExtraction) -> str:
    """The same text as ``x.to_json()``, faster."""
    return _EXTRACTION_JSON(_plain(x))


_LINE_HEAD = '{"article_id": '
_LINE_MID = ', "extraction": '
_DECODER = json.JSONDecoder()


def _jsonl_bytes(extractions: dict[str, ArticleExtraction | CheckedEntry]) -> bytes:
    """One line per article. A cache entry that passed its checks in an earlier run
    (CheckedEntry) goes in as the text it was stored as (one line), unparsed; the reader
    sets each extraction's article_id from the line's key either way."""
    buf = io.BytesIO()
    for k, x in extractions.items():
        text = x.payload if isinstance(x, CheckedEntry) else extraction_json(x)
        buf.write(f'{_LINE_HEAD}{json.dumps(k)}{_LINE_MID}{text}}}\n'.encode("utf-8"))
    return buf.getvalue()


def _extractions_from_jsonl(data: bytes) -> dict[str, ArticleExtraction]:
    """{article_id: extraction} from the JSON lines, parsed one line at a time (no decoded
    copy of the whole file, no list of its lines). The extraction's text goes to
    `from_json` as it is in the line written by `_jsonl_bytes` (parsed once); a line of
    another layout is parsed whole and its extraction re-serialised. pipeline/models.py
    is part of the extractor version, so a `from_dict` there would make every cached
    extraction stale."""
    out = {}
    for raw in io.BytesIO(data):
        line = raw.decode("utf-8").strip()
        if not line:
            continue
        if line.startswith(_LINE_HEAD):
            try:
                key, end = _DECODER.raw_decode(line, len(_LINE_HEAD))
            except ValueError:
                key, end = None, 0
            if isinstance(key, str) and line.startswith(_LINE_MID, end) and line.endswith("}"):
                x = ArticleExtraction.from_json(line[end + len(_LINE_MID):-1])
                x.article_id = key
                out[key] = x
                continue
        r = json.loads(line)
        x = ArticleExtraction.from_json(json.dumps(r["extraction"]))
        x.article_id = r["article_id"]
        out[r["article_id"]] = x
    return out


class StepTablesIOManager(dg.ConfigurableIOManager):
    """Parquet / JSON lines / JSON for the values passed between steps."""

    base_path: str = ""  # "" -> <instance storage folder>/steps
    per_run: bool = False  # files under <base>/<run id>/

    def root(self, instance: Any) -> Storage:
        return storage_at(self.base_path or storage_at(instance.storage_directory()).join("steps"))

    def _store(self, context: Any, run_id: str | None) -> Storage:
        base = self.root(context.instance)
        return base.child(run_id) if self.per_run and run_id else base

    @staticmethod
    def _name(key: dg.AssetKey) -> str:
        return "/".join(key.path)

    @classmethod
    def _base(cls, context: dg.OutputContext) -> str:
        """An asset's file, or for an op output inside a graph-backed asset (the extract
        batches) `ops/<step key>/<output>[/<mapping key>]`."""
        if context.has_asset_key:
            return cls._name(context.asset_key)
        parts = ["ops", context.step_key, context.name]
        return "/".join(parts + ([context.mapping_key] if context.mapping_key else []))

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        store = self._store(context.step_context, context.run_id)
        base = name = self._base(context)
        if isinstance(obj, pd.DataFrame):
            name, data = f"{name}.parquet", frame_bytes(obj)
        elif isinstance(obj, dict) and obj and all(isinstance(x, (ArticleExtraction, CheckedEntry))
                                                   for x in obj.values()):
            # {article_id: extraction}, one JSON line each, in order; encoded line by line
            # so the file is held once as bytes (not also as one str and its lines).
            name, data = f"{name}.jsonl", _jsonl_bytes(obj)
        else:
            name, data = f"{name}.json", json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")
        for other in EXTENSIONS:  # one file per asset: no stale file of another kind
            if not name.endswith(other):
                store.remove(base + other)
        store.write_bytes(data, name)
        context.add_output_metadata({"path": dg.MetadataValue.path(store.join(name))})

    def load_input(self, context: dg.InputContext) -> Any:
        freeze_long_lived()  # the first step of a run in this process (pipeline/defs/ingest.py too)
        up = context.upstream_output
        store = self._store(context.step_context, up.run_id if up else context.step_context.run_id)
        base = self._base(up) if up is not None else self._name(context.asset_key)
        for ext in EXTENSIONS:
            if store.exists(base + ext):
                data = store.read_bytes(base + ext)
                with paused_gc():  # a table's or the extractions' objects, built at once
                    if ext == ".parquet":
                        return frame_from_bytes_memo(data)
                    if ext == ".jsonl":
                        return _extractions_from_jsonl(data)
                    return json.loads(data)
        raise FileNotFoundError(f"no stored value for {base} under {store.shown()}")
