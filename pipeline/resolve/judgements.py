"""Merge decisions people can make: `pipeline/data/judgements.csv`, applied before the
organisations are clustered.

Each row says that two organisations are the same (`same`) or different (`not_same`):

    left,right,judgement,note
    Alatau IT Park,Alatau Creative Technopark,same,one park renamed in 2023
    org_1cbf92d0a1b2c3d4,Technopark,not_same,the Russian Technopark is not this one

`left` and `right` are each a published org id (`org_` + 16 hex digits, followed
through `id_redirects`) or a name. A name matches every local organisation whose own
name has the same name key (pipeline.reference.names.org_key: case, punctuation, spelling variants
folded); one whose name matches neither side matches through its aliases, unless its
aliases match both sides (then it is left alone: it is the very name in dispute).

- `same`: every organisation matching `left` is merged with every one matching `right`,
  whatever the rules would say (other countries, generic names).
- `not_same`: no cluster may ever hold an organisation matching `left` together with one
  matching `right`: every union the rules (or another judgement) would make that joins
  them is refused, so the resolver's cluster is split where they meet.

Every union the resolver makes is recorded with its rule and reason
(:class:`ConstrainedUnionFind.edges`), which becomes the published `org_merges` table.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from pipeline.reference.names import org_key
from pipeline.resolve.unionfind import UnionFind

JUDGEMENTS_PATH = Path(__file__).resolve().parent.parent / "data" / "judgements.csv"
COLUMNS = ["left", "right", "judgement", "note"]
VALUES = ("same", "not_same")
ORG_ID_RE = re.compile(r"^org_[0-9a-f]{16}$")


class JudgementError(ValueError):
    """The judgements file is malformed; the message names the line and what to fix."""


@dataclass(frozen=True)
class Judgement:
    left: str
    right: str
    judgement: str     # "same" | "not_same"
    note: str = ""
    line: int = 0      # line in the file (for messages)

    def describe(self) -> str:
        where = f"judgements.csv line {self.line}: " if self.line else ""
        note = f" ({self.note})" if self.note else ""
        return f"{where}{self.left!r} {self.judgement} {self.right!r}{note}"


def parse_judgements(text: str) -> list[Judgement]:
    """Judgements from CSV text (header `left,right,judgement,note`; `#` lines and blank
    lines are skipped). Raises :class:`JudgementError` on a bad row."""
    lines = [ln for ln in text.splitlines()]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out: list[Judgement] = []
    header_seen = False
    for lineno, row in enumerate(rows, start=1):
        if not row or not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if not header_seen:
            if [c.lower() for c in cells[:3]] != COLUMNS[:3]:
                raise JudgementError(f"judgements.csv line {lineno}: the header must be "
                                     f"{','.join(COLUMNS)}, not {','.join(cells)}")
            header_seen = True
            continue
        cells += [""] * (4 - len(cells))
        left, right, value = cells[0], cells[1], cells[2].lower()
        note = ",".join(row[3:]).strip()  # an unquoted comma in the note stays in the note
        if not left or not right:
            raise JudgementError(f"judgements.csv line {lineno}: both `left` and `right` are needed")
        if value not in VALUES:
            raise JudgementError(f"judgements.csv line {lineno}: judgement must be `same` or "
                                 f"`not_same`, not {cells[2]!r}")
        if _side_key(left) == _side_key(right):
            raise JudgementError(f"judgements.csv line {lineno}: {left!r} and {right!r} are "
                                 "the same name or id")
        out.append(Judgement(left, right, value, note, lineno))
    return out


def load_judgements(path: str | Path | None = None) -> list[Judgement]:
    """The project's judgements: `path`, else the file named by the environment variable
    PIPELINE_JUDGEMENTS_FILE, else `pipeline/data/judgements.csv`; [] when the file does
    not exist."""
    p = Path(path or os.environ.get("PIPELINE_JUDGEMENTS_FILE") or JUDGEMENTS_PATH)
    if not p.exists():
        return []
    return parse_judgements(p.read_text(encoding="utf-8-sig"))


def _side_key(side: str) -> str:
    return side if ORG_ID_RE.match(side) else org_key(side)


# ------------------------------------------------------------------------ matching


@dataclass
class NodeView:
    """What matching needs of one local organisation."""
    member: str                 # ledger member key ("<article_id>:<name key>")
    name_key: str
    alias_keys: set[str]


def match_sides(judgements: list[Judgement], nodes: list[NodeView],
                id_members: Mapping[str, set[str]] | None = None,
                ) -> list[tuple[Judgement, set[int], set[int]]]:
    """For each judgement, the nodes matching its left and right side (disjoint).

    `id_members`: published org id -> ledger member keys (already following redirects);
    an id side matches the nodes whose member key the ledger gave that id."""
    by_name: dict[str, set[int]] = {}
    by_alias: dict[str, set[int]] = {}
    by_member: dict[str, set[int]] = {}
    for i, n in enumerate(nodes):
        if n.name_key:
            by_name.setdefault(n.name_key, set()).add(i)
        for k in n.alias_keys:
            by_alias.setdefault(k, set()).add(i)
        by_member.setdefault(n.member, set()).add(i)

    def nodes_of(side: str) -> tuple[set[int], set[int]]:
        if ORG_ID_RE.match(side):
            found: set[int] = set()
            for m in (id_members or {}).get(side, ()):
                found |= by_member.get(m, set())
            return found, set()
        k = org_key(side)
        return set(by_name.get(k, ())), set(by_alias.get(k, ()))

    out = []
    for j in judgements:
        l_name, l_alias = nodes_of(j.left)
        r_name, r_alias = nodes_of(j.right)
        # The own name decides; aliases only for nodes whose name matches neither side,
        # and never for a node whose aliases match both (it is the name in dispute).
        named = l_name | r_name
        left = (l_name - r_name) | (l_alias - named - r_alias)
        right = (r_name - l_name) | (r_alias - named - l_alias)
        out.append((j, left, right))
    return out


# ------------------------------------------------------------------------ union-find


@dataclass
class Edge:
    """One union that joined two clusters: the nodes it linked, the rule and why."""
    a: int
    b: int
    rule: str
    reason: str


class ConstrainedUnionFind(UnionFind):
    """Disjoint sets over 0..n-1 that refuse any union putting both sides of a
    `not_same` judgement in one set. The smaller index becomes the root. Records every
    union that joined two sets (`edges`) and every refused one (`refused`)."""

    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.n = n
        self.tags: dict[int, set[tuple[int, str]]] = {}
        self.edges: list[Edge] = []
        self.refused: list[tuple[int, int, str]] = []

    def forbid(self, k: int, left: Iterable[int], right: Iterable[int]) -> None:
        """Constraint `k`: nothing of `left` may join anything of `right`. Call before
        any union."""
        for i in left:
            self.tags.setdefault(i, set()).add((k, "L"))
        for i in right:
            self.tags.setdefault(i, set()).add((k, "R"))

    def can_union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ta, tb = self.tags.get(ra, ()), self.tags.get(rb, ())
        if not ta or not tb:
            return True
        return not any((k, "R" if s == "L" else "L") in tb for k, s in ta)

    def union(self, a: int, b: int, rule: str = "", reason: str = "") -> bool:
        """Join the sets of `a` and `b`; False when they were already one, or when a
        `not_same` judgement forbids it (then it is recorded in `refused`)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if not self.can_union(ra, rb):
            self.refused.append((a, b, reason or rule))
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        if hi in self.tags:
            self.tags.setdefault(lo, set()).update(self.tags.pop(hi))
        self.edges.append(Edge(a, b, rule, reason))
        return True
