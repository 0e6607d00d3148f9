"""The release's web pages, rendered with Jinja2 from ``templates/``:

* ``index.html`` in every release folder (with ``site.css`` and ``site.js`` beside it):
  what the dataset is, licence and how to cite, every file with its size and SHA-256,
  counts and bar charts from ``statistics.json``, the cooperation network as an SVG
  picture (layout by networkx, drawn at publish time), and searchable tables of
  organisations, agreements and engagements, each fact with its evidence and sources;
* ``index.html`` at the top of the output folder, listing every release with its
  counts and the change against the release before it.

Everything is static and local: no server, no request to another site when the page
is viewed. The same tables and release id give the same bytes.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pipeline import schemas, storage
from pipeline.publish.statistics import network_graph

ASSETS = ("site.css", "site.js")
MAX_NODES = 150          # the network picture shows the most connected organisations
PICTURE = 760            # SVG width and height (user units)
LABELS = 40              # names written on the picture (the most connected); others on hover
# Edge colours by relation (agreements warm, engagements cool); node colours by org type.
RELATION_COLOURS = {
    "memorandum_of_understanding": "#d95f02", "cooperation_agreement": "#e7298a",
    "grant_agreement": "#a6761d", "letter_of_intent": "#e6ab02", "contract": "#b2182b",
    "visit": "#1b9e77", "meeting": "#7570b3", "forum": "#2166ac", "exhibition": "#66a61e",
    "workshop": "#01665e", "programme": "#5e3c99", "other": "#888888",
}
TYPE_COLOURS = {
    "technology_park": "#1f78b4", "incubator_accelerator": "#33a02c", "it_cluster": "#6a3d9a",
    "association": "#ff7f00", "government_body": "#e31a1c", "intergovernmental_organisation":
    "#fb9a99", "company": "#a6cee3", "academic": "#b2df8a", "investor": "#fdbf6f",
    "other": "#bbbbbb",
}
CITATION_FILE = "CITATION.cff"


def read_index(output_root: str) -> dict[str, Any]:
    """``<output>/releases/index.json`` (local or object storage); ``{}`` when absent
    or unreadable."""
    try:
        data = storage.storage_at(output_root).read_bytes("releases", "index.json")
        doc = json.loads(data)
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.publish.site", "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["size"] = human_size
    env.filters["label"] = lambda s: str(s).replace("_", " ")
    env.filters["num"] = lambda n: f"{n:,}"
    env.filters["pct"] = lambda x: f"{100 * x:.0f}%"
    return env


def human_size(n: float) -> str:
    """1234567 -> '1.2 MB' (decimal units, as download pages show them)."""
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def asset_bytes() -> dict[str, bytes]:
    """The page's static files (stylesheet and script), copied into every release."""
    base = resources.files("pipeline.publish.site") / "static"
    return {name: (base / name).read_bytes() for name in ASSETS}


# ------------------------------------------------------------------------ network picture


def network_picture(tables: Mapping[str, pd.DataFrame], max_nodes: int = MAX_NODES) -> dict:
    """Nodes and edges of the network picture with positions in a PICTURE x PICTURE box.

    The ``max_nodes`` organisations with most partners are drawn (all when fewer);
    positions come from networkx's spring layout with a fixed seed (same graph -> same
    picture)."""
    g = network_graph(tables)
    orgs = tables["organisations"]
    names = dict(zip(orgs["org_id"], orgs["name"]))
    otype = dict(zip(orgs["org_id"], orgs["org_type"]))
    keep = sorted(g.nodes, key=lambda n: (-g.degree(n), n))[:max_nodes]
    sub = nx.Graph()
    sub.add_nodes_from(sorted(keep))
    sub.add_edges_from(sorted((a, b, d) for a, b, d in g.subgraph(keep).edges(data=True)))
    if not len(sub):
        return {"nodes": [], "edges": [], "shown": 0, "total": g.number_of_nodes(),
                "relations": [], "types": []}
    pos = nx.spring_layout(sub, seed=7, k=1.6 / math.sqrt(len(sub)), iterations=100)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    pad = 70  # room for the names written beside the dots

    def scale(v: float, lo: float, hi: float) -> float:
        return round(pad + (v - lo) / ((hi - lo) or 1) * (PICTURE - 2 * pad), 1)

    xy = {n: (scale(pos[n][0], min(xs), max(xs)), scale(pos[n][1], min(ys), max(ys)))
          for n in sub.nodes}
    labelled = set(sorted((n for n in sub.nodes if g.degree(n) >= 2),
                          key=lambda n: (-g.degree(n), n))[:LABELS])
    nodes = [{"id": n, "name": names.get(n, n), "type": otype.get(n, "other"),
              "label": n in labelled,
              "colour": TYPE_COLOURS.get(otype.get(n) or "other", "#bbbbbb"), "x": xy[n][0], "y": xy[n][1],
              "r": round(4 + 2.5 * math.sqrt(sub.degree(n)), 1), "partners": g.degree(n)}
             for n in sub.nodes]
    edges = []
    for a, b, d in sub.edges(data=True):
        rel = max(sorted(d["relations"]), key=lambda r: d["relations"][r])
        edges.append({"x1": xy[a][0], "y1": xy[a][1], "x2": xy[b][0], "y2": xy[b][1],
                      "colour": RELATION_COLOURS.get(rel, "#888888"), "relation": rel,
                      "width": round(min(1 + d["weight"], 6) * 0.8, 1),
                      "title": f"{names.get(a, a)} - {names.get(b, b)}: "
                               + ", ".join(f"{r.replace('_', ' ')} ({c})"
                                           for r, c in sorted(d["relations"].items()))})
    relations = sorted({e["relation"] for e in edges})
    types = sorted({n["type"] for n in nodes})
    return {"nodes": nodes, "edges": edges, "shown": len(nodes), "total": g.number_of_nodes(),
            "relations": [(r, RELATION_COLOURS.get(r, "#888888")) for r in relations],
            "types": [(t, TYPE_COLOURS.get(t, "#bbbbbb")) for t in types]}


# ------------------------------------------------------------------------ release page


def _sources(ids: Any, articles: Mapping[str, dict]) -> list[dict]:
    out = []
    for a in list(ids) if ids is not None else []:
        art = articles.get(a, {})
        out.append({"id": a, "title": art.get("title") or art.get("source_path") or a,
                    "url": art.get("url")})
    return out


def _records(df: pd.DataFrame, columns: tuple[str, ...]) -> Any:
    """Rows of `columns` as dicts, the values as ``to_dict("records")`` gives them
    (Python scalars), without its per-cell work on the columns not asked for."""
    return (dict(zip(columns, vals)) for vals in zip(*(df[c].tolist() for c in columns)))


def _rows(tables: Mapping[str, pd.DataFrame]) -> dict[str, list[dict]]:
    orgs = tables["organisations"]
    names = dict(zip(orgs["org_id"], orgs["name"]))
    art = tables["articles"]
    articles = {r["article_id"]: r for r in _records(art, ("article_id", "title", "source_path", "url"))}

    def parties(bridge: pd.DataFrame, key: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for fid, org, role in zip(bridge[key], bridge["org_id"], bridge["role"]):
            out.setdefault(fid, []).append(f"{names.get(org, org)} ({role})")
        return out

    ap = parties(tables["agreement_parties"], "agreement_id")
    ep = parties(tables["engagement_participants"], "engagement_id")
    org_rows = [{"id": r["org_id"], "name": r["name"], "type": r["org_type"],
                 "country": r["country"] or "", "city": r["city"] or "",
                 "aliases": "; ".join(a for a in (r["aliases"] or []) if a != r["name"]),
                 "articles": r["article_count"]}
                for r in _records(orgs, ("org_id", "name", "org_type", "country", "city", "aliases",
                                         "article_count"))]
    event = ("status", "title", "location_city", "location_country", "evidence", "source_article_ids")
    agr_rows = [{"id": r["agreement_id"], "type": r["agreement_type"], "status": r["status"],
                 "date": r["signed_date"].isoformat() if r["signed_date"] else "",
                 "title": r["title"] or "", "place": ", ".join(
                     x for x in (r["location_city"], r["location_country"]) if x),
                 "who": ap.get(r["agreement_id"], []), "evidence": r["evidence"],
                 "sources": _sources(r["source_article_ids"], articles)}
                for r in _records(tables["agreements"],
                                  ("agreement_id", "agreement_type", "signed_date", *event))]
    eng_rows = [{"id": r["engagement_id"], "type": r["engagement_type"], "status": r["status"],
                 "date": r["start_date"].isoformat() if r["start_date"] else "",
                 "title": r["title"] or "", "place": ", ".join(
                     x for x in (r["location_city"], r["location_country"]) if x),
                 "who": ep.get(r["engagement_id"], []), "evidence": r["evidence"],
                 "sources": _sources(r["source_article_ids"], articles)}
                for r in _records(tables["engagements"],
                                  ("engagement_id", "engagement_type", "start_date", *event))]
    return {"organisations": org_rows, "agreements": agr_rows, "engagements": eng_rows}


def _bars(tally: Mapping[str, int]) -> list[dict]:
    top = max(tally.values(), default=0) or 1
    return [{"label": k, "n": v, "width": round(100 * v / top, 1)} for k, v in tally.items()]


def release_page(tables: Mapping[str, pd.DataFrame], stats: Mapping[str, Any],
                 files: Mapping[str, tuple[int, str]]) -> bytes:
    """``index.html`` of one release. ``files`` maps every file already written to
    (size in bytes, sha256 hex)."""
    pkg = schemas.package_meta()
    charts = {
        "Organisations by type": _bars(stats["organisations"]["by_type"]),
        "Organisations by country (top 15)": _bars(dict(list(
            stats["organisations"]["by_country"].items())[:15])),
        "Agreements by type": _bars(stats["agreements"]["by_type"]),
        "Agreements by year": _bars(stats["agreements"]["by_year"]),
        "Engagements by type": _bars(stats["engagements"]["by_type"]),
        "Engagements by year": _bars(stats["engagements"]["by_year"]),
    }
    listed = [{"name": n, "size": files[n][0], "sha256": files[n][1],
               "title": _file_title(n)} for n in sorted(files, key=_file_order)]
    html = _env().get_template("release.html.j2").render(
        pkg=pkg, stats=stats, files=listed, charts=charts, net=network_picture(tables),
        picture=PICTURE, rows=_rows(tables), citation=citation_text(stats),
        licence=(pkg.get("licenses") or [{}])[0])
    return html.encode("utf-8")


def _file_order(name: str) -> tuple:
    kinds = {"index.html": 0, "README.md": 1, "datapackage.json": 2, "statistics.json": 3}
    stem = name.split(".")[0]
    table = list(schemas.TABLES).index(stem) if stem in schemas.TABLES else 99
    return (kinds.get(name, 4), table, name)


def _file_title(name: str) -> str:
    stem, _, ext = name.partition(".")
    if stem in schemas.TABLES:
        spec = schemas.load_spec(stem)
        return f"{spec.title} ({'Parquet, typed' if ext == 'parquet' else 'CSV'})"
    return {"README.md": "Data dictionary", "datapackage.json": "Frictionless Data Package",
            "statistics.json": "Statistics", "CHANGES.md": "Changes since the previous release",
            "id_ledger.json": "Id ledger"}.get(name, name)


def citation_text(stats: Mapping[str, Any]) -> str:
    pkg = schemas.package_meta()
    who = ", ".join(c.get("title", "") for c in pkg.get("contributors", [])) or pkg["name"]
    year = str(stats.get("created") or "")[:4]
    return (f"{who} ({year}). {pkg['title']}. Release {stats.get('release_id')}, "
            f"data contract {stats.get('contract_version')}. Licence "
            f"{(pkg.get('licenses') or [{}])[0].get('name', '')}.")


def page_files(tables: Mapping[str, pd.DataFrame], stats: Mapping[str, Any],
                  files: Mapping[str, tuple[int, str]]) -> dict[str, bytes]:
    """The page and its assets, to write into the release folder (after every other
    file but SHA256SUMS, so the page can list their sizes and checksums)."""
    out = asset_bytes()
    listed = dict(files)
    import hashlib

    for name, data in out.items():
        listed[name] = (len(data), hashlib.sha256(data).hexdigest())
    out["index.html"] = release_page(tables, stats, listed)
    return out


# ------------------------------------------------------------------------ releases page


def releases_page(index: Mapping[str, Any]) -> bytes:
    """The top-level ``index.html``: every release in ``releases/index.json``, newest
    first, with its counts and the change against the release before it."""
    items = [r for r in index.get("releases", []) if isinstance(r, dict) and r.get("id")]
    items.sort(key=lambda r: str(r["id"]))
    shown = []
    before: dict[str, int] = {}
    tables = [t for t in ("organisations", "agreements", "engagements", "cooperation_edges",
                          "articles")]
    for r in items:
        counts = r.get("row_counts") or {}
        shown.append({"id": r["id"], "created": r.get("created") or "",
                      "version": r.get("version") or "",
                      "cells": [(counts.get(t), (counts.get(t, 0) - before.get(t, 0))
                                 if before and t in counts else None) for t in tables]})
        before = counts
    html = _env().get_template("releases.html.j2").render(
        pkg=schemas.package_meta(), releases=list(reversed(shown)), tables=tables,
        last=index.get("last_successful"))
    return html.encode("utf-8")
