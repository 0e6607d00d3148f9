"""The cooperation network as an edge list (the ``cooperation_edges`` table).

One row per pair of organisations joined by one fact: every pair of an agreement's
parties and funders (witnesses are not cooperating parties), every pair of an
engagement's participants. Undirected: ``org_a < org_b``. Derived only from the other
contract tables, so it is rebuilt whenever they are and never disagrees with them.
"""
from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import pandas as pd

from pipeline import schemas

AGREEMENT_ROLES = ("party", "funder")


def _members(bridge: pd.DataFrame, key: str, roles: tuple[str, ...] | None) -> dict[str, list[str]]:
    if bridge is None or not len(bridge):
        return {}
    rows = bridge if roles is None else bridge[bridge["role"].isin(roles)]
    out: dict[str, set[str]] = {}
    for fid, org in zip(rows[key], rows["org_id"]):
        out.setdefault(fid, set()).add(org)
    return {k: sorted(v) for k, v in out.items()}


def cooperation_edges(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The canonical ``cooperation_edges`` frame of the given contract tables."""
    rows = []
    facts = (
        ("agreement", tables.get("agreements"), "agreement_id", "agreement_type", "signed_date",
         _members(tables.get("agreement_parties"), "agreement_id", AGREEMENT_ROLES)),
        ("engagement", tables.get("engagements"), "engagement_id", "engagement_type", "start_date",
         _members(tables.get("engagement_participants"), "engagement_id", None)),
    )
    for fact_type, df, key, kind, date, members in facts:
        if df is None or not len(df):
            continue
        for rec in df[[key, kind, "status", date, "source_article_ids"]].itertuples(index=False):
            fid, relation, status, when, sources = rec
            for a, b in combinations(members.get(fid, []), 2):
                rows.append({"org_a": a, "org_b": b, "fact_type": fact_type, "fact_id": fid,
                             "relation": relation, "status": status, "date": when,
                             "source_article_ids": list(sources)})
    if not rows:
        return schemas.empty_frame("cooperation_edges")
    return schemas.coerce("cooperation_edges", pd.DataFrame(rows))
