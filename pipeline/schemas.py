"""Table contracts of the published dataset, derived from ``schemas/*.yaml``.

The YAML files in ``<repo>/schemas/`` are the single source of every table's columns,
types, nullability, enums, patterns, keys and descriptions. Everything here is derived
from them and from nothing else:

* :func:`pandera_schema`      - the pandera check of one table (types, nulls, enums,
  patterns, key uniqueness, date range, list items, row rules);
* :func:`arrow_schema`        - the Parquet schema, one-line descriptions in field metadata;
* :func:`table_schema`        - the Frictionless Table Schema of the CSV file;
* :func:`data_dictionary_markdown` - the release README.md;
* :func:`dagster_column_schema` - ``dagster.TableSchema`` for the Dagster UI;
* :func:`validate_table`, :func:`cross_table_errors`, :func:`integrity_errors` - the
  release gate, as lists of human-readable messages (empty = valid);
* :func:`empty_frame`, :func:`coerce` - canonical pandas frames.

Canonical pandas form of a table (what :func:`coerce` returns and the gate expects):
``string`` -> object column of ``str``/``None``; ``date32`` -> object column of
``datetime.date``/``None``; ``int32`` -> ``int32``; ``float64`` -> ``float64`` (NaN
for null); ``list<string>`` -> object column of Python ``list[str]``. Columns in contract order, rows sorted by primary key,
``RangeIndex``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import itertools
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import yaml
from pandera.engines import pandas_engine

if TYPE_CHECKING:  # dagster is slow to import; only the UI helper needs it
    import dagster

SCHEMA_DIR: Path = Path(__file__).resolve().parent.parent / "schemas"

ARROW_TYPES = ("string", "date32", "int32", "float64", "list<string>")
MIN_DATE = dt.date(1990, 1, 1)
LIST_DELIMITER = ";"
# CSV spreadsheet guard (OWASP): a text cell starting with one of these gets FORMULA_PREFIX.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PREFIX = "'"
CSV_LINE_TERMINATOR = "\r\n"  # RFC 4180

_TABLE_KEYS = {"name", "title", "description", "primary_key", "unique_keys", "foreign_keys",
               "row_checks", "columns"}
_COLUMN_KEYS = {"name", "type", "nullable", "description", "long_description", "enum",
                "pattern", "item_pattern", "minimum", "maximum", "min_items", "unique_items"}
_ROW_CHECKS = {"prefix": {"column", "of"}, "ordered": {"lower", "upper", "strict"},
               "list_length": {"column", "equals"}}


# ------------------------------------------------------------------------ the source


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a contract table, as written in its YAML file."""

    name: str
    type: str                              # one of ARROW_TYPES
    nullable: bool
    description: str                       # one line: Parquet field metadata
    long_description: str | None = None    # datapackage.json and README only
    enum: tuple[str, ...] | None = None
    pattern: str | None = None             # anchored regex (^...$) of a string value
    item_pattern: str | None = None        # anchored regex of each list item
    minimum: int | float | None = None    # int32 and float64 only
    maximum: int | float | None = None
    min_items: int | None = None
    unique_items: bool = False

    @property
    def is_list(self) -> bool:
        return self.type == "list<string>"

    @property
    def meaning(self) -> str:
        """The long description when there is one, else the short one."""
        return self.long_description or self.description


@dataclass(frozen=True)
class ForeignKey:
    """``columns`` of this table point at ``ref_columns`` of ``ref_table``.

    A key on a ``list<string>`` column means: every item of every list exists.
    """

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class RowCheck:
    """A rule relating columns of one row (``check`` is a key of ``_ROW_CHECKS``)."""

    check: str
    params: Mapping[str, Any]

    def describe(self) -> str:
        """One sentence for people (README, error messages)."""
        p = self.params
        if self.check == "prefix":
            return f"`{p['column']}` is the start of `{p['of']}`"
        if self.check == "ordered":
            op = "<" if p.get("strict") else "<="
            return f"`{p['lower']}` {op} `{p['upper']}` when both are present"
        return f"`{p['equals']}` equals the number of items in `{p['column']}`"


@dataclass(frozen=True)
class TableSpec:
    """One contract table: title, description, columns in order, keys and row rules."""

    name: str
    title: str
    description: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    unique_keys: tuple[tuple[str, ...], ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    row_checks: tuple[RowCheck, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        """The column called ``name`` (KeyError when there is none)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


@lru_cache(maxsize=1)
def package_meta() -> dict[str, Any]:
    """``schemas/package.yaml``: dataset name, title, version, licenses, table order."""
    meta = yaml.safe_load((SCHEMA_DIR / "package.yaml").read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or not meta.get("tables"):
        raise ValueError("schemas/package.yaml must be a mapping with a `tables` list")
    return meta


def contract_version() -> str:
    """SemVer of the data contract (``version`` in package.yaml)."""
    return str(package_meta()["version"])


@lru_cache(maxsize=None)
def load_spec(table: str) -> TableSpec:
    """Read and check ``schemas/<table>.yaml``; ValueError names what is wrong."""
    path = SCHEMA_DIR / f"{table}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = f"schemas/{table}.yaml"
    if not isinstance(raw, dict) or raw.get("name") != table:
        raise ValueError(f"{where}: must be a mapping whose name is {table!r}")
    _no_unknown(raw, _TABLE_KEYS, where)
    columns = []
    for c in raw["columns"]:
        _no_unknown(c, _COLUMN_KEYS, f"{where}: column {c.get('name')}")
        if c["type"] not in ARROW_TYPES:
            raise ValueError(f"{where}: column {c['name']}: unknown type {c['type']!r}")
        if not c.get("description") or "\n" in c["description"]:
            raise ValueError(f"{where}: column {c['name']} needs a one-line description")
        columns.append(ColumnSpec(
            name=c["name"], type=c["type"], nullable=bool(c["nullable"]),
            description=c["description"].strip(),
            long_description=(c.get("long_description") or "").strip() or None,
            enum=tuple(c["enum"]) if c.get("enum") else None,
            pattern=c.get("pattern"), item_pattern=c.get("item_pattern"),
            minimum=c.get("minimum"), maximum=c.get("maximum"), min_items=c.get("min_items"),
            unique_items=bool(c.get("unique_items", False)),
        ))
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise ValueError(f"{where}: duplicate column names")
    fks = tuple(ForeignKey(tuple(f["columns"]), f["references"]["table"],
                           tuple(f["references"]["columns"]))
                for f in raw.get("foreign_keys") or ())
    checks = []
    for rc in raw.get("row_checks") or ():
        kind = rc.get("check")
        if kind not in _ROW_CHECKS or not set(rc) - {"check"} <= _ROW_CHECKS[kind]:
            raise ValueError(f"{where}: bad row check {rc}")
        checks.append(RowCheck(kind, {k: v for k, v in rc.items() if k != "check"}))
    spec = TableSpec(
        name=table, title=raw["title"], description=raw["description"].strip(),
        columns=tuple(columns), primary_key=tuple(raw["primary_key"]),
        unique_keys=tuple(tuple(u) for u in raw.get("unique_keys") or ()),
        foreign_keys=fks, row_checks=tuple(checks),
    )
    used = [*spec.primary_key, *(c for u in spec.unique_keys for c in u),
            *(c for f in fks for c in f.columns)]
    for rc in checks:
        used += [v for k, v in rc.params.items() if k != "strict"]
    missing = sorted(set(used) - set(names))
    if missing:
        raise ValueError(f"{where}: refers to unknown columns {missing}")
    if any(spec.column(c).nullable or spec.column(c).is_list for c in spec.primary_key):
        raise ValueError(f"{where}: primary key columns must be required scalars")
    return spec


def _no_unknown(d: Mapping[str, Any], allowed: set[str], where: str) -> None:
    # A typo in a YAML key would otherwise silently drop a constraint.
    unknown = set(d) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")


def _tables() -> tuple[str, ...]:
    order = tuple(package_meta()["tables"])
    on_disk = {p.stem for p in SCHEMA_DIR.glob("*.yaml")} - {"package"}
    if set(order) != on_disk:
        raise ValueError(f"schemas/package.yaml tables {sorted(order)} != files {sorted(on_disk)}")
    return order


TABLES: tuple[str, ...] = _tables()
"""Contract tables in publication order (parents first)."""
OPTIONAL_TABLES: tuple[str, ...] = tuple(package_meta().get("optional_tables") or ())
"""Tables a publisher may leave out (published empty); no row-loss guard on them."""
FINGERPRINT_EXCLUDES: tuple[str, ...] = tuple(package_meta().get("fingerprint_excludes") or ())
"""Tables relative to the previous release, left out of the content fingerprint."""


def spec_fingerprint_source() -> str:
    """Canonical JSON of package.yaml and every table spec (part of the content hash)."""
    doc = {"package": package_meta(),
           "tables": {t: _spec_as_dict(load_spec(t)) for t in TABLES}}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)


def _spec_as_dict(spec: TableSpec) -> dict[str, Any]:
    return {
        "name": spec.name, "title": spec.title, "description": spec.description,
        "columns": [c.__dict__ for c in spec.columns], "primary_key": spec.primary_key,
        "unique_keys": spec.unique_keys,
        "foreign_keys": [f.__dict__ for f in spec.foreign_keys],
        "row_checks": [{"check": r.check, **r.params} for r in spec.row_checks],
    }


def _core(pattern: str) -> str:
    """Pattern without its ``^``/``$`` anchors (Table Schema patterns are implicitly anchored)."""
    return pattern.removeprefix("^").removesuffix("$")


def list_pattern(item_pattern: str) -> str:
    """Anchored regex of a ``;``-joined list whose items match ``item_pattern``."""
    core = _core(item_pattern)
    return f"^{core}({LIST_DELIMITER}{core})*$"


def is_list_foreign_key(spec: TableSpec, fk: ForeignKey) -> bool:
    """True when the key sits on a list column (every item must exist)."""
    return any(spec.column(c).is_list for c in fk.columns)


def max_date(today: dt.date) -> dt.date:
    """Latest allowed date: one year after ``today`` (29 Feb -> 28 Feb)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


# ------------------------------------------------------------------------ pandera


def _fullmatch_check(pattern: str, name: str) -> pa.Check:
    # Series.str.fullmatch: re.match + "$" would accept a trailing newline.
    core = _core(pattern)
    return pa.Check(lambda s: s.str.fullmatch(core).fillna(False).astype(bool), name=name,
                    error=f"must match {pattern}", statistics={"pattern": pattern})


def _list_checks(col: ColumnSpec) -> list[pa.Check]:
    item_re = re.compile(_core(col.item_pattern)) if col.item_pattern else None

    def items_ok(v: Any) -> bool:
        if not _is_listlike(v):
            return False
        return all(isinstance(i, str) and i != "" and LIST_DELIMITER not in i for i in v)

    checks = [pa.Check(items_ok, element_wise=True, name="list_of_strings",
                       error=f"must be a list of non-empty strings without '{LIST_DELIMITER}'")]
    if item_re is not None:
        checks.append(pa.Check(
            lambda v: _is_listlike(v) and all(isinstance(i, str) and item_re.fullmatch(i)
                                              for i in v),
            element_wise=True, name="item_pattern", error=f"items must match {col.item_pattern}",
            statistics={"pattern": col.item_pattern}))
    if col.min_items:
        n = col.min_items
        checks.append(pa.Check(lambda v: _is_listlike(v) and len(v) >= n, element_wise=True,
                               name="min_items", error=f"must hold at least {n} item(s)"))
    if col.unique_items:
        checks.append(pa.Check(lambda v: _is_listlike(v) and len(set(map(str, v))) == len(v),
                               element_wise=True, name="unique_items",
                               error="items must not repeat"))
    return checks


def _date_check(lo: dt.date, hi: dt.date) -> pa.Check:
    # datetime is a subclass of date but not canonical (and not comparable to date).
    return pa.Check(lambda d: type(d) is dt.date and lo <= d <= hi, element_wise=True,
                    name="date_range", error=f"must be a date between {lo} and {hi}",
                    statistics={"min_value": lo, "max_value": hi})


def _row_check(rc: RowCheck) -> pa.Check:
    p = rc.params

    def fn(df: pd.DataFrame) -> pd.Series:
        if rc.check == "prefix":
            a, b = df[p["column"]], df[p["of"]]
            ok = [not (isinstance(x, str) and isinstance(y, str)) or y.startswith(x)
                  for x, y in zip(a, b)]
        elif rc.check == "ordered":
            lo, hi, strict = df[p["lower"]], df[p["upper"]], bool(p.get("strict"))
            ok = [is_null(x) or is_null(y) or (x < y if strict else x <= y)
                  for x, y in zip(lo, hi)]
        else:  # list_length
            ok = [_is_listlike(v) and len(v) == n for v, n in zip(df[p["column"]], df[p["equals"]])]
        return pd.Series(ok, index=df.index, dtype=bool)

    return pa.Check(fn, name=rc.check, error=rc.describe().replace("`", ""))


def _unique_key_check(cols: tuple[str, ...]) -> pa.Check:
    return pa.Check(lambda df: ~df.duplicated(subset=list(cols), keep=False),
                    name="unique_key", error=f"{', '.join(cols)} must be unique")


def pandera_schema(table: str, today: dt.date | None = None) -> pa.DataFrameSchema:
    """pandera schema of one contract table (strict column set, contract order).

    Checks types, nullability, non-empty strings (an empty string would read back as
    null from the CSV), enums, patterns, integer minimums, dates between 1990-01-01 and
    one year after ``today`` (default: the current date), list items (non-empty
    strings without ``;``, item patterns, min count, no repeats), primary-key and
    other unique keys, and the YAML ``row_checks``. Expects the canonical frame of
    :func:`coerce`; does not coerce.
    """
    spec = load_spec(table)
    today = today or dt.date.today()
    hi = max_date(today)
    columns: dict[str, pa.Column] = {}
    for c in spec.columns:
        checks: list[pa.Check] = []
        meta = {"arrow_type": c.type}
        if c.type == "string":
            dtype: Any = str
            checks.append(pa.Check.str_length(min_value=1))
            if c.enum:
                checks.append(pa.Check.isin(list(c.enum)))
            if c.pattern:
                checks.append(_fullmatch_check(c.pattern, "pattern"))
        elif c.type == "date32":
            dtype = pandas_engine.Date
            checks.append(_date_check(MIN_DATE, hi))
        elif c.type == "int32":
            dtype = "int32"
            if c.minimum is not None:
                checks.append(pa.Check.ge(c.minimum))
        elif c.type == "float64":
            dtype = "float64"
            # NaN is the null of a float column; an infinity is caught by any bound.
            if c.minimum is not None:
                checks.append(pa.Check.ge(c.minimum))
            if c.maximum is not None:
                checks.append(pa.Check.le(c.maximum))
        else:
            dtype = object
            checks += _list_checks(c)
        single_unique = (c.name,) in spec.unique_keys
        columns[c.name] = pa.Column(dtype, checks=checks, nullable=c.nullable,
                                    unique=single_unique, description=c.description,
                                    title=c.name, metadata=meta)
    df_checks = [_row_check(rc) for rc in spec.row_checks]
    df_checks += [_unique_key_check(u) for u in spec.unique_keys if len(u) > 1]
    return pa.DataFrameSchema(
        columns=columns, checks=df_checks, strict=True, ordered=True,
        unique=list(spec.primary_key), report_duplicates="all", name=table,
        title=spec.title, description=spec.description,
    )


# ------------------------------------------------------------------------ arrow / parquet


def arrow_type(type_name: str) -> pyarrow.DataType:
    """pyarrow type of a contract type name (list items are non-null strings)."""
    return {
        "string": pyarrow.string(),
        "date32": pyarrow.date32(),
        "int32": pyarrow.int32(),
        "float64": pyarrow.float64(),
        "list<string>": pyarrow.list_(pyarrow.field("item", pyarrow.string(), nullable=False)),
    }[type_name]


ENUM_INDEX = pyarrow.int8()  # enums hold far fewer than 128 values


def column_arrow_type(col: ColumnSpec) -> pyarrow.DataType:
    """The Parquet type of one column: an enum (a ``string`` with listed values) is
    dictionary-encoded (``dictionary<int8, string>``; its dictionary is the enum in
    contract order, so pandas reads a category, polars and Arrow a dictionary); every
    other column has :func:`arrow_type` of its contract type."""
    if col.enum and col.type == "string":
        return pyarrow.dictionary(ENUM_INDEX, pyarrow.string())
    return arrow_type(col.type)


def arrow_schema(table: str) -> pyarrow.Schema:
    """Parquet schema of one table: fields in order, nullability, one-line
    ``description`` in each field's metadata; schema metadata names the table and the
    contract version. Long descriptions stay out of the footer on purpose. Enum columns
    are dictionary-encoded (:func:`column_arrow_type`)."""
    spec = load_spec(table)
    fields = [pyarrow.field(c.name, column_arrow_type(c), nullable=c.nullable,
                            metadata={b"description": c.description.encode()})
              for c in spec.columns]
    return pyarrow.schema(fields, metadata={
        b"techbridges.table": table.encode(),
        b"techbridges.schema_version": contract_version().encode(),
    })


# ------------------------------------------------------------------------ frictionless


_TS_TYPES = {"string": "string", "date32": "date", "int32": "integer", "float64": "number",
             "list<string>": "string"}


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema (v2) of the table's CSV file.

    List columns are declared ``type: string`` with a pattern for the ``;``-joined
    text (frictionless ``list`` support is unreliable); their arrow type and delimiter
    are kept in ``_arrowType``/``_delimiter``. Foreign keys on list columns cannot be
    expressed in Table Schema and are listed under ``_listForeignKeys``. Required
    fields are non-empty; the empty cell is the only missing value.
    """
    spec = load_spec(table)
    single_pk = spec.primary_key if len(spec.primary_key) == 1 else ()
    fields = []
    for c in spec.columns:
        cons: dict[str, Any] = {}
        f: dict[str, Any] = {"name": c.name, "type": _TS_TYPES[c.type],
                             "description": c.meaning}
        if c.is_list:
            f["_arrowType"] = c.type
            f["_delimiter"] = LIST_DELIMITER
            # An empty list is an empty (missing) cell, so only a non-empty list is required.
            if (c.min_items or 0) > 0 and not c.nullable:
                cons["required"] = True
            if c.item_pattern:
                cons["pattern"] = _core(list_pattern(c.item_pattern))
        elif not c.nullable:
            cons["required"] = True
        if c.type == "string":
            if not c.nullable:
                cons["minLength"] = 1
            if c.enum:
                cons["enum"] = list(c.enum)
            if c.pattern:
                cons["pattern"] = _core(c.pattern)
        if c.type in ("int32", "float64") and c.minimum is not None:
            cons["minimum"] = c.minimum
        if c.type in ("int32", "float64") and c.maximum is not None:
            cons["maximum"] = c.maximum
        if c.type == "date32":
            cons["minimum"] = MIN_DATE.isoformat()
        if c.name in single_pk or (c.name,) in spec.unique_keys:
            cons["unique"] = True
        if cons:
            f["constraints"] = cons
        fields.append(f)
    out: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
    scalar_fks: list[dict[str, Any]] = []
    list_fks: list[dict[str, Any]] = []
    for fk in spec.foreign_keys:
        ref = {"resource": fk.ref_table, "fields": list(fk.ref_columns)}
        entry = {"fields": list(fk.columns), "reference": ref}
        (list_fks if is_list_foreign_key(spec, fk) else scalar_fks).append(entry)
    if scalar_fks:
        out["foreignKeys"] = scalar_fks
    if list_fks:
        out["_listForeignKeys"] = list_fks
    return out


# ------------------------------------------------------------------------ dagster


def dagster_column_schema(table: str) -> "dagster.TableSchema":
    """``dagster.TableSchema`` of one table (for ``dagster/column_schema`` metadata)."""
    import dagster as dg

    spec = load_spec(table)
    cols = []
    for c in spec.columns:
        other = []
        if c.enum:
            other.append("one of: " + ", ".join(c.enum))
        if c.pattern:
            other.append(f"matches {c.pattern}")
        if c.item_pattern:
            other.append(f"items match {c.item_pattern}")
        cols.append(dg.TableColumn(
            name=c.name, type=c.type, description=c.description,
            constraints=dg.TableColumnConstraints(
                nullable=c.nullable, unique=(c.name,) in spec.unique_keys
                or spec.primary_key == (c.name,), other=other)))
    table_other = [f"primary key: {', '.join(spec.primary_key)}"]
    table_other += [_fk_text(spec, fk) for fk in spec.foreign_keys]
    table_other += [rc.describe().replace("`", "") for rc in spec.row_checks]
    return dg.TableSchema(columns=cols, constraints=dg.TableConstraints(other=table_other))


def _fk_text(spec: TableSpec, fk: ForeignKey) -> str:
    each = "every item of " if is_list_foreign_key(spec, fk) else ""
    return (f"{each}{', '.join(fk.columns)} -> "
            f"{fk.ref_table}.{', '.join(fk.ref_columns)}")


# ------------------------------------------------------------------------ README


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def data_dictionary_markdown(release_meta: Mapping[str, Any]) -> str:
    """The release README.md: what the dataset is, every table and column, keys, CSV
    conventions and how to load the files.

    ``release_meta`` may hold ``release_id``, ``created``, ``fingerprint`` and
    ``row_counts`` ({table: rows}); missing keys are left out of the text.
    """
    pkg = package_meta()
    rows = release_meta.get("row_counts") or {}
    out = [f"# {pkg['title']}", "", " ".join(str(pkg["description"]).split()), ""]
    facts = [("Data contract version", contract_version())]
    for key, label in (("release_id", "Release"), ("created", "Created (UTC)"),
                       ("fingerprint", "Content fingerprint (SHA-256)")):
        if release_meta.get(key):
            facts.append((label, str(release_meta[key])))
    lic = ", ".join(f"[{x['name']}]({x['path']})" for x in pkg.get("licenses", []))
    facts.append(("License", lic))
    out += [f"- **{k}:** {v}" for k, v in facts] + [""]
    out += [
        "## Files", "",
        "Every table is published twice, with the same rows in the same order:", "",
        "- `<table>.parquet`: the canonical copy, exact values and Arrow types "
        "(zstd-compressed; each field carries a one-line description in its metadata);",
        "- `<table>.csv`: a spreadsheet-safe copy (see CSV conventions below).", "",
        "`datapackage.json` is a Frictionless Data Package (v2) describing every file, "
        "with the Table Schema of each CSV, sizes and SHA-256 hashes. `SHA256SUMS` holds "
        "the checksum of every other file (check with `sha256sum -c SHA256SUMS`). "
        "`index.html` is the release's page (open it in a browser; it needs no server "
        "and no network), `statistics.json` its figures.", "",
        "| table | rows | description |", "| --- | --- | --- |",
    ]
    for t in TABLES:
        spec = load_spec(t)
        n = rows.get(t, "")
        out.append(f"| [{t}](#{t}) | {n} | {_md(spec.description)} |")
    out += ["", "## Tables", ""]
    for t in TABLES:
        out += _table_markdown(load_spec(t))
    out += _conventions_markdown()
    out += _about_markdown(release_meta)
    return "\n".join(out).rstrip() + "\n"


def _about_markdown(release_meta: Mapping[str, Any]) -> list[str]:
    """Licence, how to cite, and how the facts were made and how good they are."""
    pkg = package_meta()
    lic = (pkg.get("licenses") or [{}])[0]
    who = ", ".join(c.get("title", "") for c in pkg.get("contributors", [])) or pkg["name"]
    year = str(release_meta.get("created") or "")[:4]
    rid = release_meta.get("release_id") or "<release id>"
    return [
        "## Licence and citation", "",
        f"The data is licensed under {lic.get('title', lic.get('name'))} "
        f"([{lic.get('name')}]({lic.get('path')})): you may share and adapt it for any "
        "purpose, provided you credit the source. The code that made it is MIT-licensed. "
        "Cite this release as:", "",
        f"> {who} ({year}). {pkg['title']}. Release {rid}, data contract "
        f"{contract_version()}.", "",
        "## Method and accuracy", "",
        "Every row was read from news articles by software, not by people: the articles "
        "are cleaned (encodings, page furniture), organisations are found with spaCy and "
        "domain rules and resolved across articles and spellings (with a reference "
        "registry of known organisations), and agreements and engagements are read "
        "sentence by sentence with their parties, roles, dates and places. Every fact "
        "keeps the sentence it was read from (`evidence`) and the articles that report it "
        "(`source_article_ids`), so each one can be checked. Facts can be missed or wrong; "
        "check the evidence before relying on one.", "",
        "The extraction is measured against articles annotated by hand (precision, recall "
        "and F1 per table, on a development set and an independently annotated held-out "
        "set); the measured figures, and how they were measured, are in the project's "
        "README.", "",
    ]


def _table_markdown(spec: TableSpec) -> list[str]:
    out = [f"### {spec.name}", "", _md(spec.description), "",
           f"- Primary key (and sort order): {', '.join(f'`{c}`' for c in spec.primary_key)}"]
    for u in spec.unique_keys:
        out.append(f"- Unique: {', '.join(f'`{c}`' for c in u)}")
    for fk in spec.foreign_keys:
        out.append(f"- Foreign key: `{_fk_text(spec, fk)}`")
    for rc in spec.row_checks:
        out.append(f"- Rule: {rc.describe()}")
    out += ["", "| column | type | required | meaning | allowed values |",
            "| --- | --- | --- | --- | --- |"]
    for c in spec.columns:
        allowed = []
        if c.enum:
            allowed.append(", ".join(f"`{v}`" for v in c.enum))
        if c.pattern:
            allowed.append(f"pattern `{c.pattern}`")
        if c.item_pattern:
            allowed.append(f"items `{c.item_pattern}`")
        if c.minimum is not None:
            allowed.append(f">= {c.minimum}")
        if c.maximum is not None:
            allowed.append(f"<= {c.maximum}")
        if c.min_items:
            allowed.append(f"at least {c.min_items} item(s)")
        if c.type == "date32":
            allowed.append(f"{MIN_DATE.isoformat()} to one year after the run")
        out.append(f"| `{c.name}` | {c.type} | {'no' if c.nullable else 'yes'} | "
                   f"{_md(c.meaning)} | {_md('; '.join(allowed))} |")
    return out + [""]


def _conventions_markdown() -> list[str]:
    triggers = ", ".join(f"`{t}`" if t.isprintable() else repr(t) for t in FORMULA_TRIGGERS)
    return [
        "## Integrity rules", "",
        "Every release passed these checks before it was published: primary keys are "
        "unique; required columns are never null and strings are never empty; enums hold "
        "only their listed values; identifiers match their patterns; dates lie between "
        f"{MIN_DATE.isoformat()} and one year after the run; every `org_id` in "
        "`agreement_parties`, `engagement_participants`, `mentions` and in the list columns "
        "exists in `organisations`; every article id in `mentions`, `duplicate_of` and the "
        "list columns exists in `articles`; every `agreement_id`/`engagement_id` of a "
        "bridge table exists in its parent table.", "",
        "## Ids across releases", "",
        "`org_id`, `agreement_id` and `engagement_id` are kept from release to release (the "
        "id ledger, `id_ledger.json`). An id merged into another is listed in `id_redirects` "
        "(`old_id` -> `new_id`, always an id of this release) and never used again: replace "
        "stored ids through it before joining. `changes` lists every article, organisation, "
        "agreement and engagement row that differs from the previous release, `CHANGES.md` "
        "summarises it, and `org_merges` says why differently named organisations are one.", "",
        "## CSV conventions", "",
        "- UTF-8 without BOM, comma-separated, RFC 4180 quoting (fields holding a comma, "
        "quote or line break are quoted, quotes doubled), CRLF line endings, one header row.",
        "- Dates are ISO 8601 (`YYYY-MM-DD`); a null is an empty cell.",
        f"- List columns are joined with `{LIST_DELIMITER}`; no item contains "
        f"`{LIST_DELIMITER}`. An empty list is an empty cell.",
        "- Rows are sorted by primary key, as in the Parquet files.",
        f"- **Spreadsheet formula guard:** a text cell that would begin with {triggers} "
        f"(tab or carriage return) is written with a leading `{FORMULA_PREFIX}`, so that "
        "Excel or LibreOffice shows it as text instead of running it as a formula "
        f"(OWASP CSV injection). Example: `=HYPERLINK(...)` is written as "
        f"`{FORMULA_PREFIX}=HYPERLINK(...)`. Only the CSV is changed: the Parquet files "
        "keep the exact values, so use them for analysis. `datapackage.json` records the "
        "rule under `_spreadsheet_safe`.", "",
        "## Loading", "",
        "pandas (Parquet: exact values; with `dtype_backend=\"pyarrow\"` dates are dates, "
        "`.dt.year` works; enums are categories with every allowed value; lists are arrays):",
        "", "```python", "import pandas as pd",
        'agreements = pd.read_parquet("agreements.parquet", dtype_backend="pyarrow")',
        'print(agreements["signed_date"].dt.year.value_counts())',
        'orgs = pd.read_parquet("organisations.parquet")',
        'print(orgs["org_type"].cat.categories)  # every allowed type, in contract order',
        'parties = pd.read_parquet("agreement_parties.parquet")',
        'print(parties.merge(orgs, on="org_id").groupby("org_type").size())',
        "```", "",
        "pandas from CSV (lists are `;`-joined text; strip the formula guard if needed):",
        "", "```python", "import pandas as pd",
        'orgs = pd.read_csv("organisations.csv", dtype=str, keep_default_na=False, '
        'na_values=[""])',
        'orgs["aliases"] = orgs["aliases"].fillna("").map(lambda s: s.split(";") if s else [])',
        "```", "",
        "DuckDB:", "", "```sql",
        "SELECT o.name, count(*) AS agreements",
        "FROM 'agreement_parties.parquet' p JOIN 'organisations.parquet' o USING (org_id)",
        "GROUP BY o.name ORDER BY agreements DESC;",
        "-- list columns are LIST(VARCHAR): unnest(party_org_ids)",
        "SELECT * FROM read_csv('articles.csv', header = true);",
        "```", "",
        "polars (Parquet dates are `Date`, enums `Categorical`; from CSV, parse the dates):",
        "", "```python", "import polars as pl",
        'agreements = pl.read_parquet("agreements.parquet")',
        'print(agreements.group_by(pl.col("signed_date").dt.year()).len())',
        'orgs = pl.read_csv("organisations.csv", try_parse_dates=True)',
        "```", "",
        "networkx (the cooperation network from `cooperation_edges`):", "",
        "```python", "import networkx as nx", "import pandas as pd",
        'edges = pd.read_parquet("cooperation_edges.parquet")',
        'g = nx.from_pandas_edgelist(edges, "org_a", "org_b", edge_attr=["relation", "fact_id"],',
        "                            create_using=nx.MultiGraph)",
        "```", "",
    ]


# ------------------------------------------------------------------------ validation


def validate_table(table: str, df: pd.DataFrame, today: dt.date | None = None) -> list[str]:
    """Run one table's pandera schema lazily; return one message per failed check
    (column, check, number of failures and a few failing values). Empty = valid."""
    schema = pandera_schema(table, today=today)
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _failure_messages(table, err.failure_cases, df)
    except pa.errors.SchemaError as err:  # raised eagerly for some structural problems
        return [f"{table}: {err}"]
    return []


def row_digests(table: str, df: pd.DataFrame) -> list[str] | None:
    """A digest of each row's :func:`row_texts` (equal digests: equal typed values), or
    None when the frame is not canonical."""
    texts = row_texts(table, df)
    if texts is None:
        return None
    return [hashlib.blake2b(t.encode(), digest_size=16).hexdigest() for t in texts]


def validate_new_rows(table: str, df: pd.DataFrame, digests: list[str] | None,
                      known: set[str] | frozenset[str], today: dt.date | None = None
                      ) -> tuple[list[str], int]:
    """:func:`validate_table`'s result, validating only the rows that need it: rows whose
    digest is not in ``known`` (digests of rows that passed this validator before, with
    a ``today`` no later than this one), and every row sharing a primary or unique key
    value with another row (so each duplicate group is seen whole). Every check but
    those on keys looks at one row at a time (or at the column's type, which the digest
    covers), so a known row passes them again. Returns (errors, rows validated); with no
    digests or nothing known, every row is validated."""
    if digests is None or not known or len(digests) != len(df):
        return validate_table(table, df, today=today), len(df)
    need = np.fromiter((d not in known for d in digests), dtype=bool, count=len(digests))
    spec = load_spec(table)
    for key in {tuple(spec.primary_key), *(tuple(u) for u in spec.unique_keys)}:
        cols = [c for c in key if c in df.columns]
        if not cols:
            continue
        try:
            need |= df.duplicated(subset=cols, keep=False).to_numpy(dtype=bool)
        except TypeError:  # an unhashable key value: validate everything
            return validate_table(table, df, today=today), len(df)
    if len(set(digests)) != len(digests):  # the same row twice (a table without keys)
        seen: dict[str, int] = {}
        for i, d in enumerate(digests):
            if d in seen:
                need[i] = need[seen[d]] = True
            seen.setdefault(d, i)
    return validate_table(table, df[need], today=today), int(need.sum())


@lru_cache(maxsize=1)
def validator_version() -> str:
    """What a row's validity depends on besides the row and the date: the contract, this
    module's code and pandera's version. Rows known valid are kept per version."""
    h = hashlib.sha256(spec_fingerprint_source().encode())
    h.update(Path(__file__).read_bytes())
    h.update(importlib.metadata.version("pandera").encode())
    return h.hexdigest()[:16]


_STRUCTURE = {
    "column_in_schema": "unexpected column(s)",
    "column_in_dataframe": "missing column(s)",
    "column_ordered": "columns out of contract order",
}


def _failure_messages(table: str, fc: pd.DataFrame, df: pd.DataFrame) -> list[str]:
    """One message per (column, check) from pandera's ``failure_cases`` frame."""
    msgs = []
    fc = fc.astype({"check": str})
    for check, grp in fc.groupby("check", sort=False):
        if check in _STRUCTURE:
            msgs.append(f"{table}: {_STRUCTURE[check]}: {sorted(map(str, grp['failure_case']))}")
        elif check == "multiple_fields_uniqueness":
            rows = _labels(grp["index"])
            msgs.append(f"{table}: primary key {', '.join(load_spec(table).primary_key)} is "
                        f"not unique: {len(rows)} rows share a key, e.g. rows {rows[:10]}")
        elif (grp["schema_context"] == "DataFrameSchema").all():
            # A row rule: pandera lists every column of a failing row; report rows once.
            rows = _labels(grp["index"])
            msgs.append(f"{table}: rule failed ({check}): {len(rows)} row(s), e.g. "
                        f"{_row_keys(table, df, rows[:5])}")
        else:
            for column, cgrp in grp.groupby(grp["column"].astype(str), sort=True):
                col = f"{table}.{column}" if column in load_spec(table).column_names \
                    else f"{table}"
                sample = ", ".join(_short(v) for v in cgrp["failure_case"].head(5))
                rows = _labels(cgrp["index"])[:5]
                at = f" at rows {rows}" if rows else ""
                msgs.append(f"{col}: {check}: {len(cgrp)} failure(s), e.g. {sample}{at}")
    return msgs


def _labels(index_values: Iterable[Any]) -> list[Any]:
    """Distinct, non-null row labels in first-seen order (numpy ints as int)."""
    out: list[Any] = []
    for i in index_values:
        if not is_null(i):
            i = i.item() if isinstance(i, np.generic) else i
            if i not in out:
                out.append(i)
    return out


def _row_keys(table: str, df: pd.DataFrame, rows: list[Any]) -> str:
    """Primary-key values of the given row labels, for people to find them."""
    pk = [c for c in load_spec(table).primary_key if c in df.columns]
    try:
        keys = [tuple(_plain(df.loc[r, c]) for c in pk) for r in rows] \
            if pk and df.index.is_unique else []
    except (KeyError, TypeError):
        keys = []
    if not keys:
        return f"rows {rows}"
    shown = ", ".join(_short(k[0] if len(k) == 1 else k, 160) for k in keys)
    return f"{', '.join(pk)} = {shown} (rows {rows})"


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def _short(v: Any, limit: int = 80) -> str:
    s = repr(_plain(v))
    return s if len(s) <= limit else s[:limit - 3] + "..."


def cross_table_errors(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Foreign-key rules between tables (from the YAML ``foreign_keys``): every value,
    and every item of a list column, exists in the referenced table. Missing tables or
    columns are reported, never raised."""
    errors = []
    for t in TABLES:
        spec = load_spec(t)
        for fk in spec.foreign_keys:
            label = _fk_text(spec, fk)
            child, parent = tables.get(t), tables.get(fk.ref_table)
            if child is None or parent is None:
                missing = t if child is None else fk.ref_table
                errors.append(f"{t}: cannot check {label}: table {missing} is missing")
                continue
            if not set(fk.columns) <= set(child.columns) or \
                    not set(fk.ref_columns) <= set(parent.columns):
                errors.append(f"{t}: cannot check {label}: column missing")
                continue
            known = set(zip(*(parent[c] for c in fk.ref_columns)))
            dangling = sorted({v for v in _key_values(spec, child, fk) if v not in known},
                              key=repr)
            if dangling:
                shown = [v[0] if len(v) == 1 else v for v in dangling[:5]]
                errors.append(f"{t}: {label}: {len(dangling)} value(s) not found in "
                              f"{fk.ref_table}, e.g. {shown}")
    return errors


def _key_values(spec: TableSpec, df: pd.DataFrame, fk: ForeignKey) -> Iterable[tuple]:
    # Nulls are not references; non-list values in a list column are the pandera check's job.
    if is_list_foreign_key(spec, fk):
        (col,) = fk.columns
        for v in df[col]:
            if type(v) is list and set(map(type, v)) <= {str}:
                yield from zip(v)   # (item,) each: a str is never null
            elif _is_listlike(v):
                yield from ((i,) for i in v if not is_null(i))
        return
    cols = [df[c].to_numpy(dtype=object) for c in fk.columns]
    null = np.logical_or.reduce([_null_mask(a) for a in cols])
    yield from zip(*(a[~null] for a in cols))


def integrity_errors(tables: Mapping[str, pd.DataFrame],
                     today: dt.date | None = None) -> list[str]:
    """The whole release gate: every contract table present (and no others), each
    passing :func:`validate_table`, and :func:`cross_table_errors`. Empty = valid."""
    errors = [f"unknown table {t!r} (not in the data contract)" for t in tables if t not in TABLES]
    for t in TABLES:
        if t not in tables:
            errors.append(f"{t}: table is missing")
        else:
            errors += validate_table(t, tables[t], today=today)
    return errors + cross_table_errors(tables)


# ------------------------------------------------------------------------ frames


def is_null(v: Any) -> bool:
    """True for the scalar nulls pandas may hold: None, NaN, NaT, pd.NA (never for a list)."""
    if isinstance(v, np.datetime64):
        return bool(np.isnat(v))
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    return isinstance(v, float) and math.isnan(v)


def _is_listlike(v: Any) -> bool:
    return isinstance(v, (list, tuple, np.ndarray))


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row frame with the table's columns in order and canonical dtypes."""
    spec = load_spec(table)
    dtypes = {"int32": "int32", "float64": "float64"}
    return pd.DataFrame({c.name: pd.Series([], dtype=dtypes.get(c.type, object))
                         for c in spec.columns})


def coerce(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Canonical copy of ``df``: contract columns first in order (unknown columns kept at
    the end so validation reports them), canonical dtypes, rows sorted by primary key,
    fresh RangeIndex. Nulls become ``None``; dates from ``date``/``datetime``/
    ``Timestamp``/``datetime64``/ISO strings become ``datetime.date``; integers become
    int32; list-likes become ``list``. Missing columns are left missing (validation
    reports them). Raises ValueError when a value cannot be converted (e.g. a null or
    out-of-range value in an int32 column, an unreadable date).
    """
    spec = load_spec(table)
    known = [c for c in spec.column_names if c in df.columns]
    extra = [c for c in df.columns if c not in spec.column_names]
    out = {}
    for name in known:
        col = spec.column(name)
        values = df[name]
        try:
            if col.type == "string":
                out[name] = _to_strings(values)
            elif col.type == "date32":
                out[name] = _to_dates(values)
            elif col.type == "int32":
                out[name] = pd.Series(_to_int32(values), dtype="int32")
            elif col.type == "float64":
                out[name] = pd.Series(_to_float64(values), dtype="float64")
            else:
                out[name] = _to_lists(values)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ValueError(f"{table}.{name}: {exc}") from exc
    for name in extra:
        out[name] = df[name].reset_index(drop=True)
    res = pd.DataFrame(out, columns=known + extra)
    pk = [c for c in spec.primary_key if c in res.columns]
    if pk and len(res):
        res = res.sort_values(pk, kind="mergesort", key=_sort_key).reset_index(drop=True)
    return res.reset_index(drop=True)


def _sort_key(s: pd.Series) -> pd.Series:
    # None or mixed values would make sort_values raise: sort by text, nulls first.
    if s.dtype == object:
        arr = s.to_numpy(dtype=object, copy=True)
        arr[_null_mask(arr)] = ""
        if set(map(type, arr)) <= {str}:   # the usual case, without a call per value
            return pd.Series(arr, index=s.index, dtype=object)
        return s.map(lambda v: "" if is_null(v) else v if isinstance(v, str) else repr(v))
    return s


# coerce() runs on every table several times a run (resolve, the checks' reads of the
# latest release, publish), so the common cases skip the call per value. Each fast path
# gives exactly what the value-by-value conversion gives, or is not taken.

_NULL_TYPES = frozenset({type(None), float, type(pd.NaT), type(pd.NA)})


def _null_mask(arr: np.ndarray) -> np.ndarray:
    """`is_null` of every value of an object array. pd.isna finds a superset of those
    nulls (it also takes e.g. Decimal("NaN")); what it finds is checked one by one,
    unless every value it found is None, a float NaN, NaT or NA (all of them nulls)."""
    mask = np.asarray(pd.isna(arr), dtype=bool).copy()
    found = np.flatnonzero(mask)
    if not len(found) or set(map(type, arr[found])) <= _NULL_TYPES:
        return mask
    for i in found:
        if not is_null(arr[i]):
            mask[i] = False
    return mask


def _to_strings(values: pd.Series) -> pd.Series:
    if values.dtype != object:
        return pd.Series([None if is_null(v) else v for v in values], dtype=object)
    arr = values.to_numpy(dtype=object, copy=True)
    arr[_null_mask(arr)] = None
    return pd.Series(arr, dtype=object)


def _to_dates(values: pd.Series) -> pd.Series:
    if values.dtype == object:
        arr = values.to_numpy(dtype=object, copy=True)
        if set(map(type, arr)) <= {dt.date, type(None)}:   # already canonical
            return pd.Series(arr, dtype=object)
    return pd.Series([_to_date(v) for v in values], dtype=object)


def _to_date(v: Any) -> dt.date | None:
    if is_null(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, np.datetime64):
        return None if np.isnat(v) else pd.Timestamp(v).date()
    if isinstance(v, str):
        return dt.date.fromisoformat(v)
    raise TypeError(f"not a date: {v!r}")


def _to_int32(values: pd.Series) -> np.ndarray:
    if values.dtype.kind in "iu":   # a numpy integer column: no nulls, no floats, no bools
        arr = values.to_numpy()
        if len(arr) and not (-(2**31) <= int(arr.min()) and int(arr.max()) < 2**31):
            bad = next(int(v) for v in arr if not -(2**31) <= int(v) < 2**31)
            raise OverflowError(f"out of int32 range: {bad}")
        return arr.astype(np.int32)
    items = list(values)
    if any(is_null(v) for v in items):
        raise ValueError("null in a non-nullable int32 column")
    arr = []
    for v in items:
        numeric = isinstance(v, (int, np.integer, float, np.floating))
        if isinstance(v, (bool, np.bool_)) or not numeric:
            raise TypeError(f"not an integer: {v!r}")
        if isinstance(v, (float, np.floating)) and not float(v).is_integer():
            raise ValueError(f"not an integer: {v!r}")
        iv = int(v)
        if not -(2**31) <= iv < 2**31:
            raise OverflowError(f"out of int32 range: {iv}")
        arr.append(iv)
    return np.array(arr, dtype=np.int32)


def _to_float64(values: pd.Series) -> np.ndarray:
    if values.dtype == np.float64:   # NaN is already the null
        return values.to_numpy(dtype=np.float64, copy=True)
    arr = []
    for v in values:
        if is_null(v):
            arr.append(math.nan)
            continue
        numeric = isinstance(v, (int, np.integer, float, np.floating))
        if isinstance(v, (bool, np.bool_)) or not numeric:
            raise TypeError(f"not a number: {v!r}")
        arr.append(float(v))
    return np.array(arr, dtype=np.float64)


def row_texts(table: str, df: pd.DataFrame) -> list[str] | None:
    """Every row of a canonical frame as JSON text (``[cell, ...]``, the text the content
    fingerprint hashes, pipeline.publish.build; tests/test_publish.py compares it with the
    row-by-row encoding), built column by column. Equal texts mean equal values of the
    same types. None when a column holds a value of a type it should not, or is not in
    the contract (then the caller encodes row by row, or validates every row)."""
    spec = load_spec(table)
    columns = []
    for name in df.columns:
        kind = spec.column(name).type if name in spec.column_names else None
        cells = _column_json(kind, df[name])
        if cells is None:
            return None
        columns.append(cells)
    if not columns:
        return ["[]"] * len(df)
    return ["[" + ",".join(cells) + "]" for cells in zip(*columns)]


_ENC = json.encoder.encode_basestring  # what _ROW_JSON writes for a str (ensure_ascii=False)


def _column_json(kind: str | None, s: pd.Series) -> list[str] | None:
    if kind == "int32" and s.dtype.kind in "iu":
        return [str(v) for v in s.tolist()]
    if kind == "float64" and s.dtype == np.float64:
        return ["null" if v != v else "Infinity" if v == math.inf else "-Infinity" if v == -math.inf
                else float.__repr__(v) for v in s.tolist()]
    if s.dtype != object:
        return None
    values = s.tolist()
    types = set(map(type, values))
    if kind == "string" and types <= {str, type(None)}:
        return ["null" if v is None else _ENC(v) for v in values]
    if kind == "date32" and types <= {dt.date, type(None)}:
        return ["null" if v is None else '"' + v.isoformat() + '"' for v in values]
    if kind == "list<string>" and types <= {list, type(None)}:
        out = []
        for v in values:
            if v is None:
                out.append("null")
            elif all(type(i) is str for i in v):
                out.append("[" + ",".join(map(_ENC, v)) + "]")
            else:
                return None
        return out
    return None


_PLAIN_ITEMS = frozenset({str, int, float, bool, type(None)})


def _to_lists(values: pd.Series) -> pd.Series:
    """`_to_list` of every value: when every cell is a list or None and every item a
    plain value (the usual case), each list is copied without a call per cell."""
    vals = values.tolist() if values.dtype == object else None
    if vals is not None and set(map(type, vals)) <= {list, type(None)}:
        lists = [v for v in vals if v is not None]
        if set(map(type, itertools.chain.from_iterable(lists))) <= _PLAIN_ITEMS:
            return pd.Series([None if v is None else v[:] for v in vals], dtype=object)
    return pd.Series([_to_list(v) for v in values], dtype=object)


def _to_list(v: Any) -> Any:
    if type(v) is list:   # the usual case first: a list is never null
        return v[:] if set(map(type, v)) <= _PLAIN_ITEMS else \
            [i.item() if isinstance(i, np.generic) else i for i in v]
    if v is None or is_null(v):
        return None
    if _is_listlike(v):
        items = v.tolist() if isinstance(v, np.ndarray) and v.ndim == 1 and v.dtype != object \
            else list(v)   # tolist() turns numpy scalars into Python ones, as .item() does
        if set(map(type, items)) <= _PLAIN_ITEMS:
            return items
        return [i.item() if isinstance(i, np.generic) else i for i in items]
    return v  # left as is: validation reports a non-list value
