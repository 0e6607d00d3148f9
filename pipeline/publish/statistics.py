"""``statistics.json``: what a release holds, in numbers (for people, the release page
and dashboards).

Counts per table; organisations by type and country; agreements by type, status and
year; engagements by type, status and year; the network (organisations with a
partner, edges, distinct pairs, connected groups); the most connected organisations;
and the share of facts with a date, a country and evidence. Computed from the
canonical (validated) tables only, so the same tables always give the same bytes.
The document is checked against ``schemas/statistics.schema.json`` before a release
is written (:func:`validate_statistics`).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import networkx as nx
import pandas as pd

from pipeline import schemas

SCHEMA_PATH = schemas.SCHEMA_DIR / "statistics.schema.json"
TOP_CONNECTED = 25
STATISTICS_VERSION = "1.0"


def _counts(values: Iterable[Any], order: Iterable[str] | None = None) -> dict[str, int]:
    """{value: count}, nulls as "unknown"; by ``order`` when given, else most common first
    (ties by value)."""
    values = list(values)
    if set(map(type, values)) <= {str, type(None)}:  # a canonical text column: no call per value
        c = Counter(values)
        nulls = c.pop(None, 0)
        if nulls:
            c["unknown"] += nulls
    else:
        c = Counter("unknown" if schemas.is_null(v) else str(v) for v in values)
    if order is not None:
        keys = [k for k in order if k in c] + sorted(k for k in c if k not in set(order))
        return {k: c[k] for k in keys}
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def _years(dates: Iterable[Any]) -> dict[str, int]:
    dates = list(dates)
    if set(map(type, dates)) <= {dt.date, type(None)}:  # a canonical date column
        c = Counter("unknown" if d is None else str(d.year) for d in dates)
    else:
        c = Counter("unknown" if schemas.is_null(d) else str(d.year) for d in dates)
    return dict(sorted(c.items()))


def _share(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


def _enum(table: str, column: str) -> tuple[str, ...]:
    return schemas.load_spec(table).column(column).enum or ()


def network_graph(tables: Mapping[str, pd.DataFrame]) -> nx.Graph:
    """Undirected graph of organisations joined by cooperation edges; edge attribute
    ``weight`` = number of facts, ``relations`` = {relation: count}."""
    edges = tables.get("cooperation_edges")
    if edges is None:
        return nx.Graph()
    held = _graph_memo.get("edges")
    if held is not None and held is edges:  # the statistics and the page ask for the same graph
        return _graph_memo["graph"]
    # The pairs tallied first, then added at once in the order first seen (the same
    # nodes, edges and attributes, in the same order, as adding them one by one).
    pairs: dict[tuple[str, str], tuple[str, str, dict]] = {}
    for a, b, rel in zip(edges["org_a"], edges["org_b"], edges["relation"]):
        got = pairs.get((a, b)) or pairs.get((b, a))
        if got is None:
            pairs[(a, b)] = (a, b, {"weight": 1, "relations": {rel: 1}})
        else:
            d = got[2]
            d["weight"] += 1
            d["relations"][rel] = d["relations"].get(rel, 0) + 1
    g = nx.Graph()
    g.add_edges_from(pairs.values())
    _graph_memo.clear()
    _graph_memo.update(edges=edges, graph=g)
    return g


# The last graph built, with the frame it was built from (held, so that `is` compares
# the same object): one build per release. Callers only read it.
_graph_memo: dict[str, Any] = {}


def release_statistics(tables: Mapping[str, pd.DataFrame],
                       meta: Mapping[str, Any]) -> dict[str, Any]:
    """The statistics document of canonical ``tables``; ``meta`` gives ``release_id`` and
    ``created``."""
    orgs, agr, eng = tables["organisations"], tables["agreements"], tables["engagements"]
    edges = tables.get("cooperation_edges", schemas.empty_frame("cooperation_edges"))
    g = network_graph(tables)
    names = dict(zip(orgs["org_id"], orgs["name"]))
    otype = dict(zip(orgs["org_id"], orgs["org_type"]))
    country = dict(zip(orgs["org_id"], orgs["country"]))
    agr_by_org = _fact_counts(tables["agreement_parties"], "agreement_id")
    eng_by_org = _fact_counts(tables["engagement_participants"], "engagement_id")
    connected = sorted(g.nodes, key=lambda n: (-g.degree(n), -g.degree(n, weight="weight"),
                                               str(names.get(n, n)), n))[:TOP_CONNECTED]
    n_facts = len(agr) + len(eng)
    with_date = int(agr["signed_date"].notna().sum() + eng["start_date"].notna().sum())
    with_country = int(agr["location_country"].notna().sum()
                       + eng["location_country"].notna().sum())
    with_evidence = int(sum(isinstance(e, str) and bool(e.strip())
                            for e in list(agr["evidence"]) + list(eng["evidence"])))
    return {
        "statistics_version": STATISTICS_VERSION,
        "release_id": meta.get("release_id"),
        "created": meta.get("created"),
        "contract_version": schemas.contract_version(),
        "counts": {t: int(len(tables[t])) for t in schemas.TABLES if t in tables},
        "organisations": {
            "by_type": _counts(orgs["org_type"], _enum("organisations", "org_type")),
            "by_country": _counts(orgs["country"]),
        },
        "agreements": {
            "by_type": _counts(agr["agreement_type"], _enum("agreements", "agreement_type")),
            "by_status": _counts(agr["status"], _enum("agreements", "status")),
            "by_year": _years(agr["signed_date"]),
        },
        "engagements": {
            "by_type": _counts(eng["engagement_type"], _enum("engagements", "engagement_type")),
            "by_status": _counts(eng["status"], _enum("engagements", "status")),
            "by_year": _years(eng["start_date"]),
        },
        "network": {
            "organisations_with_partners": g.number_of_nodes(),
            "edges": int(len(edges)),
            "pairs": g.number_of_edges(),
            "connected_groups": nx.number_connected_components(g) if len(g) else 0,
            "largest_group": max((len(c) for c in nx.connected_components(g)), default=0),
            "by_relation": _counts(edges["relation"], _enum("cooperation_edges", "relation")),
        },
        "most_connected": [{
            "org_id": n, "name": names.get(n, n), "org_type": otype.get(n),
            "country": None if schemas.is_null(country.get(n)) else country.get(n),
            "partners": int(g.degree(n)),
            "agreements": int(agr_by_org.get(n, 0)), "engagements": int(eng_by_org.get(n, 0)),
        } for n in connected],
        "coverage": {
            "facts": n_facts,
            "facts_with_date": _share(with_date, n_facts),
            "facts_with_country": _share(with_country, n_facts),
            "facts_with_evidence": _share(with_evidence, n_facts),
            "organisations_with_country": _share(int(orgs["country"].notna().sum()), len(orgs)),
            "articles_with_date": _share(int(tables["articles"]["published_date"].notna().sum()),
                                         len(tables["articles"])),
        },
    }


def _fact_counts(bridge: pd.DataFrame, key: str) -> dict[str, int]:
    if bridge is None or not len(bridge):
        return {}
    return bridge.drop_duplicates([key, "org_id"]).groupby("org_id").size().to_dict()


@lru_cache(maxsize=1)
def statistics_schema() -> dict[str, Any]:
    """The JSON Schema of ``statistics.json`` (schemas/statistics.schema.json)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_statistics(doc: Mapping[str, Any]) -> list[str]:
    """One message per place ``doc`` breaks the schema, plus counts that disagree with
    each other; empty = valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(statistics_schema())
    errors = [f"statistics.json {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
              for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))]
    if errors:
        return errors
    counts = doc["counts"]
    for section, table in (("organisations", "organisations"), ("agreements", "agreements"),
                           ("engagements", "engagements")):
        for by, values in doc[section].items():
            if sum(values.values()) != counts.get(table, 0):
                errors.append(f"statistics.json {section}.{by} sums to {sum(values.values())}, "
                              f"not the {counts.get(table, 0)} rows of {table}")
    if doc["network"]["edges"] != counts.get("cooperation_edges", 0):
        errors.append("statistics.json network.edges differs from the cooperation_edges rows")
    return errors


def statistics_bytes(doc: Mapping[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
