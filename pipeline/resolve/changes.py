"""What changed in a release: the `changes` table, CHANGES.md, and per-release count
deltas in releases/index.json.

`changes` compares this run's tables with the previous release's (the current release
when the run started), row by row, for the tables with a one-column id: articles,
organisations, agreements and engagements. A row equal in both is not listed; an id
only in the new release is `added`; one only in the old release is `redirected` when
`id_redirects` retires it in this release, else `removed`; the same id with other
values is `changed` (the differing columns and their old and new values, as JSON).
Values are compared in their canonical form (pipeline.schemas.coerce), so a row is
listed exactly when its Parquet values differ.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pipeline import schemas

ENTITY_TABLES = {"articles": "article_id", "organisations": "org_id",
                 "agreements": "agreement_id", "engagements": "engagement_id"}
KIND_TABLE = {"organisation": "organisations", "agreement": "agreements",
              "engagement": "engagements"}
COLUMNS = ["table_name", "id", "change", "changed_columns", "previous_values", "new_values"]
NOTABLE_LIMIT = 50


def _plain(v: Any) -> Any:
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_plain(i) for i in v]
    if schemas.is_null(v):
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def _json(d: Mapping[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def _rows(table: str, df: pd.DataFrame | None, skip: set[str] = frozenset(),  # type: ignore[assignment]
          canonical: bool = False) -> dict[str, dict[str, Any]]:
    if df is None or not len(df):
        return {}
    df = df if canonical else schemas.coerce(table, df)
    key = ENTITY_TABLES[table]
    if skip:
        df = df[~df[key].isin(skip)]
    cols = [c for c in schemas.load_spec(table).column_names if c in df.columns]
    return {r[key]: {c: _plain(r[c]) for c in cols} for r in df[cols].to_dict("records")}


def _unchanged_ids(table: str, previous: pd.DataFrame | None, current: pd.DataFrame | None,
                   canonical: bool = False) -> set[str]:
    """Ids whose canonical row is equal (==, value by value) in both frames: those rows
    are not listed, so they need not be compared in their JSON form, which costs most
    of the diff. Empty (compare everything) when the columns differ or a key repeats."""
    if previous is None or current is None or not len(previous) or not len(current):
        return set()
    key = ENTITY_TABLES[table]
    a, b = (previous, current) if canonical else (schemas.coerce(table, previous),
                                                   schemas.coerce(table, current))
    if list(a.columns) != list(b.columns) or key not in a.columns \
            or not a[key].is_unique or not b[key].is_unique:
        return set()
    before = dict(zip(a[key], a.itertuples(index=False, name=None)))
    return {i for i, row in zip(b[key], b.itertuples(index=False, name=None))
            if before.get(i) == row}


def diff_tables(previous: Mapping[str, pd.DataFrame], current: Mapping[str, pd.DataFrame],
                redirects: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `changes` table of `current` against `previous` (both {table: frame};
    `previous` empty for a first release: then every row is `added`)."""
    redirected: dict[str, str] = {}
    if redirects is not None and len(redirects):
        redirected = dict(zip(redirects["old_id"], redirects["new_id"]))
    out: list[list[Any]] = []
    for table, key in ENTITY_TABLES.items():
        # each frame coerced once here (not again by _unchanged_ids and _rows)
        before, now = (None if f is None or not len(f) else schemas.coerce(table, f)
                       for f in (previous.get(table), current.get(table)))
        same = _unchanged_ids(table, before, now, canonical=True)
        old = _rows(table, before, same, canonical=True)
        new = _rows(table, now, same, canonical=True)
        for i in sorted(set(old) | set(new)):
            if i not in old:
                out.append([table, i, "added", None, None, _json(new[i])])
            elif i not in new:
                if i in redirected:
                    out.append([table, i, "redirected", None, None,
                                _json({"redirected_to": redirected[i]})])
                else:
                    out.append([table, i, "removed", None, _json(old[i]), None])
            else:
                cols = [c for c in new[i] if c != key and old[i].get(c) != new[i][c]]
                if cols:
                    out.append([table, i, "changed", cols,
                                _json({c: old[i].get(c) for c in cols}),
                                _json({c: new[i][c] for c in cols})])
    return pd.DataFrame(out, columns=COLUMNS)


def changes_markdown(tables: Mapping[str, pd.DataFrame], previous_release_id: str | None,
                     release_id: str, previous_counts: Mapping[str, int] | None = None) -> str:
    """CHANGES.md of a release: counts per table, then the new agreements and
    engagements with their parties, then the redirected ids."""
    ch = tables["changes"]
    out = [f"# Changes in release {release_id}", ""]
    if previous_release_id is None:
        out += ["This is the first release: it has no predecessor, so every row is new.", ""]
    else:
        out += [f"Compared with the previous release `{previous_release_id}`. Every row that "
                "differs is listed in `changes.parquet` / `changes.csv` (with the old and new "
                "values); merged ids are in `id_redirects`.", ""]
    out += ["| table | rows | added | removed | changed | redirected |",
            "| --- | --- | --- | --- | --- | --- |"]
    for t in ENTITY_TABLES:
        sub = ch[ch["table_name"] == t] if len(ch) else ch
        n = {c: int((sub["change"] == c).sum()) if len(sub) else 0
             for c in ("added", "removed", "changed", "redirected")}
        rows = len(tables[t])
        before = (previous_counts or {}).get(t)
        shown = f"{before} -> {rows}" if before is not None else str(rows)
        out.append(f"| {t} | {shown} | {n['added']} | {n['removed']} | {n['changed']} | "
                   f"{n['redirected']} |")
    out.append("")
    names = dict(zip(tables["organisations"]["org_id"], tables["organisations"]["name"]))
    for table, key, date_col, type_col, bridge in (
            ("agreements", "agreement_id", "signed_date", "agreement_type", "agreement_parties"),
            ("engagements", "engagement_id", "start_date", "engagement_type",
             "engagement_participants")):
        added = set(ch.loc[(ch["table_name"] == table) & (ch["change"] == "added"), "id"]) \
            if len(ch) else set()
        if not added:
            continue
        df = tables[table]
        df = df[df[key].isin(added)]
        df = df.assign(when_=df[date_col].map(lambda d: "" if schemas.is_null(d) else str(d)))
        df = df.sort_values(["when_", key], ascending=[False, True])
        out += [f"## New {table} ({len(df)})", ""]
        br = tables[bridge]
        for r in df.head(NOTABLE_LIMIT).itertuples(index=False):
            rid = getattr(r, key)
            people = br[br[key] == rid]
            who = ", ".join(f"{names.get(o, o)} ({role})"
                            for o, role in zip(people["org_id"], people["role"]))
            when = r.when_ or "date unknown"
            out.append(f"- {when}, {getattr(r, type_col).replace('_', ' ')} ({r.status}): "
                       f"{who} — `{rid}`")
        if len(df) > NOTABLE_LIMIT:
            out.append(f"- ... and {len(df) - NOTABLE_LIMIT} more (see `changes`)")
        out.append("")
    red = ch[ch["change"] == "redirected"] if len(ch) else ch
    if len(red):
        out += [f"## Merged ids ({len(red)})", ""]
        for r in red.head(NOTABLE_LIMIT).itertuples(index=False):
            out.append(f"- `{r.id}` ({r.table_name}) -> `{json.loads(r.new_values)['redirected_to']}`")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def with_deltas(entry: dict[str, Any], old_index: Any) -> dict[str, Any]:
    """An index.json release entry with `previous` (the release it follows, or None for
    the first) and `row_count_deltas` ({table: rows now - rows before}; None for the
    first). An entry already in the index keeps what it says."""
    items = old_index.get("releases", []) if isinstance(old_index, dict) else []
    for r in items:
        if isinstance(r, dict) and r.get("id") == entry["id"] and "previous" in r:
            return {**entry, "previous": r["previous"],
                    "row_count_deltas": r.get("row_count_deltas")}
    prev_id = old_index.get("last_successful") if isinstance(old_index, dict) else None
    prev = next((r for r in items if isinstance(r, dict) and r.get("id") == prev_id), None)
    if prev is None or prev_id == entry["id"]:
        return {**entry, "previous": None, "row_count_deltas": None}
    before = prev.get("row_counts") or {}
    now = entry.get("row_counts") or {}
    return {**entry, "previous": prev_id,
            "row_count_deltas": {t: int(now.get(t, 0)) - int(before.get(t, 0))
                                 for t in sorted(set(now) | set(before))}}


def add_history(tables: dict[str, pd.DataFrame], ledger, previous: Mapping[str, pd.DataFrame],
                previous_row_counts: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Add `id_redirects` and `changes` to this run's `tables` (after
    pipeline.resolve.tables.build_tables with `ledger`; `previous`: the tables of the release
    the ledger was read from, {} when none; only ENTITY_TABLES are read from it).
    Returns the ledger document to store with the release, with what CHANGES.md needs
    (previous release id and row counts: `previous_row_counts`, by default the rows of
    the `previous` frames)."""
    live = {kind: set(tables[KIND_TABLE[kind]][col])
            for kind, col in (("organisation", "org_id"), ("agreement", "agreement_id"),
                              ("engagement", "engagement_id"))}
    tables["id_redirects"] = ledger.redirects_frame(live)
    tables["changes"] = diff_tables(previous, tables, tables["id_redirects"])
    doc = ledger.document()
    counts = previous_row_counts if previous_row_counts is not None else \
        {t: len(df) for t, df in previous.items()}
    doc["previous_row_counts"] = dict(counts) if ledger.previous_release_id else None
    return doc


def release_files(ledger_doc: Mapping[str, Any] | None,
                  tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """Files to add to the release folder: `id_ledger.json` and `CHANGES.md` (a function
    of the release id)."""
    from pipeline.resolve import ids

    if not ledger_doc:
        return {}
    # What changes_markdown reads, coerced; of the other entity tables it counts the rows.
    used = {"changes", "organisations", "agreements", "engagements", "agreement_parties",
            "engagement_participants"}
    canon = {t: schemas.coerce(t, df) if t in used else df
             for t, df in tables.items() if t in schemas.TABLES}
    prev = ledger_doc.get("previous_release_id")
    counts = ledger_doc.get("previous_row_counts")
    return {
        ids.LEDGER_FILE: ids.document_bytes(ledger_doc),
        "CHANGES.md": lambda release_id: changes_markdown(canon, prev, release_id,
                                                          counts).encode("utf-8"),
    }
