"""The id ledger: org, agreement and engagement ids that survive new, removed and edited
articles.

Every release folder holds `id_ledger.json` (listed in its SHA256SUMS): for each kind
(organisation, agreement, engagement) every live id with the generation it was first
assigned in and its *members*, and every id ever retired by a merge. A member is one
report of the entity in one article:

- organisation: ``<article_id>:<name key of the local organisation>``, and
  ``<article_id>@<character offset>`` for each place it is mentioned;
- agreement / engagement: ``<article_id>:<index of the report in the article>``.

A run reads the ledger of the current release (``latest`` locally, the index's
``last_successful`` on object storage), so a fresh machine publishing into the same
output continues the same ids. After clustering, :meth:`Ledger.assign` gives each new
cluster an id:

1. Every cluster *claims* the ids its members carried in the ledger (votes = members).
2. Old ids, oldest first (generation, then id), go to the claiming cluster with the most
   votes (then the smallest hash id) that has none yet: a cluster keeps the oldest id
   any of its members carried.
3. An old id claimed but not kept (its cluster absorbed another, or took an older one)
   is *retired*: published in `id_redirects` (old -> the id of the cluster holding most
   of its members) and never assigned again.
4. A cluster that claims nothing gets the hash of its stable anchors (the id the
   pipeline used before the ledger), or, when that id is taken or retired, a hash
   of it and a counter.

An id whose members are all gone is removed (reported in `changes`); when the same
anchor comes back later it gets the same hash id again.

No ledger in the current release (deleted, or a release older than the ledger) means
ids fall back to the anchor hashes: :attr:`Ledger.status` is ``"lost"`` and
:attr:`Ledger.message` says so (logged by the resolve asset, in its metadata and in the
release's `id_ledger.json`). Retired ids are then recovered from the release's
`id_redirects` table when it has one.
"""
from __future__ import annotations

import hashlib
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import pandas as pd


LEDGER_FILE = "id_ledger.json"
FORMAT = "techbridges-id-ledger/1"
KINDS = ("organisation", "agreement", "engagement")
TABLE_OF = {"organisation": "organisations", "agreement": "agreements", "engagement": "engagements"}
ID_COLUMN = {"organisation": "org_id", "agreement": "agreement_id", "engagement": "engagement_id"}
PREFIX = {"organisation": "org_", "agreement": "agr_", "engagement": "eng_"}


def org_member(article_id: str, name_key: str) -> str:
    return f"{article_id}:{name_key}"


def mention_member(article_id: str, char_start: int) -> str:
    return f"{article_id}@{char_start}"


def event_member(article_id: str, index: int) -> str:
    return f"{article_id}:{index}"


def _digest(*parts: str, n: int = 16) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:n]


@dataclass
class Retired:
    old_id: str
    new_id: str          # the id it was merged into (may itself be retired later)
    kind: str
    release_id: str      # the last release that published old_id as a live id
    reason: str


@dataclass
class Ledger:
    """The ledger read from the current release, and what this run assigns."""

    previous_release_id: str | None = None
    status: str = "first"          # "first" (no release yet) | "ledger" | "lost"
    message: str = ""
    generation: int = 0
    extractor_version: str | None = None   # of the release the ledger was read from
    live: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {k: {} for k in KINDS})   # kind -> id -> {"gen", "members"}
    retired: dict[str, Retired] = field(default_factory=dict)
    # This run:
    assigned: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {k: {} for k in KINDS})
    new_retired: dict[str, Retired] = field(default_factory=dict)

    # ------------------------------------------------------------------ reading

    def id_members(self, kind: str = "organisation") -> dict[str, set[str]]:
        """Published id -> member keys in the ledger, retired ids included (they
        resolve to the members of the id they were merged into)."""
        out = {i: set(e["members"]) for i, e in self.live[kind].items()}
        for old, r in self.retired.items():
            if r.kind == kind:
                target = self.follow(old)
                if target in out:
                    out[old] = out[target]
        return out

    def follow(self, id_: str) -> str:
        """The id a (possibly retired) id stands for now; itself when not retired."""
        seen = set()
        while id_ in self.retired and id_ not in seen:
            seen.add(id_)
            id_ = self.retired[id_].new_id
        return id_

    # ------------------------------------------------------------------ assigning

    def assign(self, kind: str, clusters: Mapping[str, Iterable[str]]) -> dict[str, str]:
        """Ids for this run's clusters of one kind.

        `clusters`: {hash id (anchor-based, as without a ledger): member keys}.
        Returns {hash id: published id}; distinct clusters get distinct ids. Records the
        assignment and any retired ids on the ledger (see the module docstring)."""
        members = {h: sorted(set(ms)) for h, ms in clusters.items()}
        owner: dict[str, str] = {}
        for i, e in self.live[kind].items():
            for m in e["members"]:
                owner[m] = i
        votes: dict[str, Counter] = {}
        claims: dict[str, list[str]] = defaultdict(list)
        for h, ms in members.items():
            c = Counter(owner[m] for m in ms if m in owner)
            votes[h] = c
            for old in c:
                claims[old].append(h)
        gen = {i: int(e.get("gen", 0)) for i, e in self.live[kind].items()}
        result: dict[str, str] = {}
        for old in sorted(claims, key=lambda i: (gen.get(i, 0), i)):
            free = [h for h in claims[old] if h not in result]
            if free:
                best = min(free, key=lambda h: (-votes[h][old], h))
                result[best] = old
        kept = set(result.values())
        for old in sorted(claims):
            if old in kept:
                continue
            best = min(claims[old], key=lambda h: (-votes[h][old], h))
            new = result[best]
            why = (f"merged into {new}: {votes[best][old]} of its {len(self.live[kind][old]['members'])} "
                   f"report(s) are now in the same cluster as {new}, which is older"
                   if (gen.get(new, 0), new) < (gen.get(old, 0), old) else
                   f"merged into {new}: {votes[best][old]} of its "
                   f"{len(self.live[kind][old]['members'])} report(s) are now in one cluster with it")
            self.new_retired[old] = Retired(old, new, kind, self.previous_release_id or "", why)
        taken = set(kept) | set(self.retired) | set(self.new_retired)
        for h in sorted(members):
            if h in result:
                continue
            candidate, n = h, 1
            while candidate in taken:
                n += 1
                candidate = PREFIX[kind] + _digest(f"{kind}:collision", h, str(n))
            result[h] = candidate
            taken.add(candidate)
        for h, i in result.items():
            entry = self.live[kind].get(i)
            self.assigned[kind][i] = {
                "gen": int(entry["gen"]) if entry else self.generation + 1,
                "members": members[h],
            }
        return result

    # ------------------------------------------------------------------ outputs

    def redirects_frame(self, live_ids: Mapping[str, set[str]]) -> pd.DataFrame:
        """The `id_redirects` table: every retired id (before and in this run) whose
        merge chain ends at an id published now (`live_ids`: kind -> ids)."""
        retired = {**self.retired, **self.new_retired}
        rows = []
        for old, r in sorted(retired.items()):
            target, seen = old, set()
            while target in retired and target not in seen:
                seen.add(target)
                target = retired[target].new_id
            if target in live_ids.get(r.kind, ()) and old not in live_ids.get(r.kind, ()):
                rows.append({"old_id": old, "new_id": target, "kind": r.kind,
                             "release_id": r.release_id, "reason": r.reason})
        return pd.DataFrame(rows, columns=["old_id", "new_id", "kind", "release_id", "reason"])

    def document(self) -> dict[str, Any]:
        """The ledger to store with this run's release (JSON-able)."""
        retired = {**self.retired, **self.new_retired}
        return {
            "format": FORMAT,
            "generation": self.generation + 1,
            "previous_release_id": self.previous_release_id,
            "previous_extractor_version": self.extractor_version,
            "status": self.status,
            "message": self.message,
            "ids": {k: {i: self.assigned[k][i] for i in sorted(self.assigned[k])} for k in KINDS},
            "retired": {o: {"new_id": r.new_id, "kind": r.kind, "release_id": r.release_id,
                            "reason": r.reason} for o, r in sorted(retired.items())},
        }


def document_bytes(doc: Mapping[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


# ------------------------------------------------------------------ loading


def from_document(doc: Mapping[str, Any], release_id: str | None) -> Ledger:
    """A ledger from a stored document; ValueError when it is not one."""
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document")
    led = Ledger(previous_release_id=release_id, status="ledger",
                 message=f"ids continue from the ledger of release {release_id}",
                 generation=int(doc.get("generation", 0)),
                 extractor_version=doc.get("extractor_version"))
    for k in KINDS:
        for i, e in (doc.get("ids", {}).get(k) or {}).items():
            led.live[k][i] = {"gen": int(e["gen"]), "members": list(e["members"])}
    for old, r in (doc.get("retired") or {}).items():
        led.retired[old] = Retired(old, r["new_id"], r["kind"], r.get("release_id") or "",
                                   r.get("reason") or "")
    return led


def load_ledger(rid: str | None, folder: Any) -> Ledger:
    """The ledger of the current release `rid`, whose folder is `folder` (a Path or UPath;
    pipeline.publish.release.current_release gives both).

    No release yet: an empty ledger (status "first"). A release without a readable
    ledger: an empty ledger with status "lost" and a message saying that ids fall back
    to anchor hashes (retired ids are recovered from its `id_redirects.parquet`)."""
    if rid is None:
        return Ledger(status="first", message="no earlier release: every id is new")
    try:
        raw = (folder / LEDGER_FILE).read_bytes()
        return from_document(json.loads(raw.decode("utf-8")), rid)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        led = Ledger(previous_release_id=rid, status="lost", message=(
            f"the id ledger of release {rid} ({LEDGER_FILE}) is missing or unreadable "
            f"({type(exc).__name__}); ids fall back to hashes of stable anchors, so ids "
            "published before may change (see `changes`)"))
    try:
        old = pd.read_parquet(io.BytesIO((folder / "id_redirects.parquet").read_bytes()))
        for r in old.itertuples(index=False):
            led.retired[r.old_id] = Retired(r.old_id, r.new_id, r.kind, r.release_id, r.reason)
    except (OSError, ValueError, AttributeError):
        pass
    return led
