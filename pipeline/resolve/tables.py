"""Entity resolution across articles: per-article extractions in, contract tables out.

- Organisations: local orgs are linked when they share a registry id, or a name/alias
  key (names.org_key) with compatible countries. Generic names ("Technopark", "IT Park")
  link across articles only with the same country, and never by subset matching.
- Agreements / engagements: frames from different articles are one row when their
  member sets overlap (Jaccard >= 0.5 on resolved org ids), types are compatible and
  their dates do not contradict. Candidate pairs are blocked by shared org id (prefix
  filtering) within a date-sorted window, so the cost stays linear in the frames.
- Judgements (pipeline/judgements.py) are applied first: `not_same` pairs are never
  joined, `same` pairs always are. Every union is recorded with its rule and reason
  (the `org_merges` table).
- Ids: with an id ledger (pipeline/ids.py) every cluster keeps the oldest id its members
  carried in the previous release, and absorbed ids are redirected. A cluster new to the
  ledger (or every cluster, without one) gets a hash of stable anchors (registry id or
  smallest name key for orgs; the earliest (article_id, frame index) for events), the
  same for the same input in any file order.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping

import pandas as pd

from pipeline.models import EVENT_KINDS, ORG_TYPES, Article, ArticleExtraction, EventKind, LocalOrg
from pipeline.resolve import ids as idledger
from pipeline.resolve.judgements import ConstrainedUnionFind, Judgement, NodeView, match_sides
from pipeline.extract.org_lexicon import DROPPABLE_FIELD_WORDS
from pipeline.extract.org_names import fold_plural, is_generic_word
from pipeline.reference import geo
from pipeline.reference.names import acronym, is_acronym, loose_org_key, org_key
from pipeline.resolve.unionfind import UnionFind

# Head words too generic to identify an organisation on their own, across articles.
GENERIC_WORDS = frozenset(
    "it ict tech technology technologies high digital innovation innovations science "
    "scientific research national international state republic city regional "
    "park parks hub cluster lab laboratory center centre agency ministry office "
    "department committee council university institute academy college school "
    "association chamber union foundation fund bank company group network alliance "
    "government embassy consulate organization organisation valley incubator "
    "accelerator coworking space zone the of and for".split()
)


def _digest(*parts: str, n: int = 16) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:n]


def is_generic(key: str) -> bool:
    """True when every word of a name key is a generic word ("it park", "technology park")."""
    words = key.split()
    return not words or all(w in GENERIC_WORDS for w in words)


# ---------------------------------------------------------------- organisations


@dataclass
class _OrgNode:
    article_id: str
    local_index: int
    org: LocalOrg
    keys: set[str] = field(default_factory=set)       # name + alias keys usable for linking
    name_key: str = ""


LOOSE = "~"  # prefix of a loose key (names.loose_org_key) among a node's link keys


def _link_keys(org: LocalOrg) -> set[str]:
    return set(_surface_link_keys(org.name, tuple(org.aliases)))


@lru_cache(maxsize=200_000)
def _surface_link_keys(name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """_link_keys of an organisation named `name` with `aliases` (the same names recur
    in many articles: each set of names is worked out once per process)."""
    keys = set()
    for surface in [name, *aliases]:
        if is_acronym(surface):
            continue  # acronyms are ambiguous across the world ("ITU", "HTP")
        k = org_key(surface)
        if k and not _seatless_mission(k):
            keys.add(k)
        # plurals aside too ("Academy of Sciences" ~ "Academy of Science")
        words = sorted({fold_plural(w) for w in loose_org_key(surface).split()})
        # only names with a word of their own or a country ("Chinese Academy of Sciences" ~
        # "China Academy of Science": the exact keys of such names already link within one
        # country), and never missions ("embassy in X" vs "of X")
        if len(words) >= 2 and any(w not in GENERIC_WORDS for w in words) and not _is_mission(k):
            keys.add(LOOSE + " ".join(words))
        # spacing aside ("Quorvia IC" ~ "QuorviaIC"), for names with a word of their own
        squashed = k.replace(" ", "")
        if len(squashed) >= 6 and any(w not in GENERIC_WORDS for w in k.split()) and not _is_mission(k):
            keys.add(SQUASHED + squashed)
    return frozenset(keys)


SQUASHED = LOOSE + "#"  # prefix of a name key with its spaces taken out, among a node's link keys


@lru_cache(maxsize=200_000)
def _field_split(surface: str) -> tuple[str, frozenset[str]] | None:
    """A name's loose key without its droppable field words, and those field words:
    "Pardis Science and Technology Park" -> ("pardis park", {"science", "technology"}).
    None for acronyms, schools, and names whose rest has fewer than two words or no word of
    its own (_own_word)."""
    if is_acronym(surface):
        return None
    words = {fold_plural(w) for w in loose_org_key(surface).split()}
    rest = sorted(words - DROPPABLE_FIELD_WORDS)
    if len(rest) < 2 or _SCHOOLS & words or not any(_own_word(w) for w in rest):
        return None
    return " ".join(rest), frozenset(words & DROPPABLE_FIELD_WORDS)


# "X University of Technology" and "X University of Science and Technology" are two
# schools as a rule: their field words are part of the name.
_SCHOOLS = frozenset({"university", "institute", "academy", "college", "school"})


@lru_cache(maxsize=100_000)
def _own_word(w: str) -> bool:
    """A word of a name's own: not generic, no country, demonym or region. A city is one
    ("Pardis Technology Park" is named after its town)."""
    if w[0] == "@" or len(w) < 3 or w in GENERIC_WORDS or w in _NOT_DISTINCTIVE or is_generic_word(w):
        return False
    cap = w[:1].upper() + w[1:]
    return not (geo.country_code(cap) or geo.demonym_country(cap) or geo.is_region(cap))


ANY_COUNTRY = "*"


def _link_by_field_words(nodes: list[_OrgNode], uf: ConstrainedUnionFind) -> None:
    """Link names of one country that differ only by droppable field words, when those
    field words nest ({} < {technology} < {science, technology}): "Pardis Park" ~ "Pardis
    Technology Park". A group whose field words do not nest ("X Research Center" and "X
    Innovation Center") may name several bodies: none of it is linked. When the rest is
    distinctive (_distinctive: no place, no title), as for name_key_distinctive, whatever
    country each article gave it."""
    groups: dict[tuple[str, str], dict[frozenset[str], int]] = defaultdict(dict)
    for i, n in enumerate(nodes):
        if n.org.country is None:
            continue
        for surface in [n.org.name, *n.org.aliases]:
            split = _field_split(surface)
            if split is not None:
                rest = split[0]
                where = ANY_COUNTRY if _distinctive(" ".join(w for w in rest.split() if w[0] != "@")) \
                    else n.org.country
                groups[(rest, where)].setdefault(split[1], i)
    for (rest, where), by_fields in sorted(groups.items()):
        country = "any country" if where == ANY_COUNTRY else f"country {where}"
        if len(by_fields) < 2:
            continue
        chain = sorted(by_fields, key=lambda f: (len(f), sorted(f)))
        if not all(a < b for a, b in zip(chain, chain[1:])):
            continue
        for f in chain[1:]:
            uf.union(by_fields[chain[0]], by_fields[f], "name_loose_key",
                     f"both are \"{rest}\" with or without the field words "
                     f"{', '.join(sorted(f - chain[0]))} (loose name key), {country}")


_TOKEN = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=200_000)
def _contractions(surface: str) -> frozenset[str]:
    """Loose keys of `surface` with one run of its words written as their initials
    (names.acronym): "Harnby Testing Center Velmopolis" -> the loose key
    of "HTC Velmopolis". Runs of two significant words or more, initials of three letters
    or more; at least one other word stays, so a name never becomes its bare acronym."""
    words = _TOKEN.findall(surface)
    out = set()
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            if (i, j) == (0, len(words)) or words[j - 1].lower() in _SMALL or words[i].lower() in _SMALL:
                continue
            initials = acronym(" ".join(words[i:j]))
            if len(initials) < 3:
                continue
            k = loose_org_key(" ".join([*words[:i], initials, *words[j:]]))
            if k:
                out.add(k)
    return frozenset(out)


_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "&"})


def _written_acronym_key(surface: str) -> str | None:
    """The loose key of a name that writes part of itself as an acronym ("VNAS High
    Technology Park", "HTC Velmopolis"); None for names without one, and bare acronyms."""
    words = surface.split()
    if len(words) < 2 or not any(is_acronym(w) and len(w) >= 3 for w in words):
        return None
    return loose_org_key(surface) or None


def _link_by_acronym(nodes: list[_OrgNode], uf: ConstrainedUnionFind) -> None:
    """Link a name that writes a run of words as its acronym with one that spells them
    out, in one country: "High Technologies Park of ANAS" ~ "High Technologies Park of
    Azerbaijan National Academy of Sciences" (the initials of "Azerbaijan National Academy
    of Sciences"). Only the spelt-out side is contracted: two spelt-out names whose
    initials agree ("Institute of Space Technology", "Institute of Science and Technology")
    are not linked."""
    written: dict[tuple[str, str], int] = {}
    for i, n in enumerate(nodes):
        if n.org.country is None:
            continue
        for surface in [n.org.name, *n.org.aliases]:
            k = _written_acronym_key(surface)
            if k:
                written.setdefault((k, n.org.country), i)
    countries = {c for _, c in written}
    for i, n in enumerate(nodes):
        if n.org.country not in countries:
            continue  # nothing written with an acronym in its country: no contraction to try
        for surface in [n.org.name, *n.org.aliases]:
            if is_acronym(surface):
                continue
            for k in sorted(_contractions(surface)):
                j = written.get((k, n.org.country))
                if j is not None and j != i:
                    uf.union(j, i, "name_loose_key",
                             f"\"{surface}\" is \"{k}\" (loose name key) with a run of its words "
                             f"written as their initials, country {n.org.country}")


_MISSIONS = {"embassy", "consulate", "delegation", "representation"}
_DIPLOMATIC_MISSION = re.compile(r"\b(?:permanent|diplomatic) mission\b|\bmission (?:of|to)\b")


def _is_mission(key: str) -> bool:
    """A diplomatic mission ("embassy of india", "permanent mission of ..."), not "startup mission"."""
    return bool(_MISSIONS & set(key.split())) or bool(_DIPLOMATIC_MISSION.search(key))


def _seatless_mission(key: str) -> bool:
    """"embassy of india" names a country's many embassies; only "... in uzbekistan" is one."""
    return _is_mission(key) and not ({"in", "to"} & set(key.split()))


def resolve_organisations(
    nodes: list[_OrgNode],
    uf: ConstrainedUnionFind | None = None,
) -> list[int]:
    """Cluster local orgs; returns the cluster root index of each node. `uf` (optional)
    carries `not_same` constraints and `same` unions made beforehand (judgements), and
    records every union with its rule and reason."""
    uf = uf if uf is not None else ConstrainedUnionFind(len(nodes))
    by_registry: dict[str, int] = {}
    for i, n in enumerate(nodes):
        if n.org.registry_id:
            j = by_registry.setdefault(n.org.registry_id, i)
            uf.union(j, i, "registry_id", f"both resolve to registry entry {n.org.registry_id}")
    # Same key and same (non-null) country -> same org. Distinctive keys also link
    # when one side has no country, if the key is unambiguous (one country only).
    key_country: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        for k in n.keys:
            key_country[(k, n.org.country)].append(i)
    # exact keys before loose ones: a union is recorded with the strictest rule that makes it
    for (k, country), members in sorted(key_country.items(), key=lambda kv: kv[0][0].startswith(LOOSE)):
        if country is None and is_generic(k):
            continue  # "Technopark" with no country: could be any of many
        where = f"country {country}" if country else "no country"
        rule, what = ("name_loose_key", "name key without its spaces") if k.startswith(SQUASHED) else \
            ("name_loose_key", "loose name key: word order, small words and demonyms aside") \
            if k.startswith(LOOSE) else ("name_key", "name key")
        for j in members[1:]:
            uf.union(members[0], j, rule, f"both are named \"{k.lstrip(LOOSE + '#')}\" ({what}), {where}")
    countries_of_key: dict[str, set[str]] = defaultdict(set)
    for (k, country) in key_country:
        if country:
            countries_of_key[k].add(country)
    for (k, country), members in key_country.items():
        if country is not None or is_generic(k):
            continue
        cs = countries_of_key.get(k, set())
        if len(cs) == 1:
            c = next(iter(cs))
            uf.union(key_country[(k, c)][0], members[0], "name_key_one_country",
                     f"both are named \"{k.lstrip(LOOSE + '#')}\" (name key); one has no country and the name is "
                     f"only known in {c}")
    _link_by_field_words(nodes, uf)
    _link_by_acronym(nodes, uf)
    # A distinctive name ("Quorvia Ventures") is one organisation whatever country each
    # article read for it: an article often lends a foreign name its story's own country.
    distinct: dict[str, list[int]] = defaultdict(list)
    for (k, country), members in key_country.items():
        if country is not None and not k.startswith(LOOSE) and _distinctive(k):
            distinct[k].append(members[0])
    for k, firsts in sorted(distinct.items()):
        for j in firsts[1:]:
            uf.union(firsts[0], j, "name_key_distinctive",
                     f"both are named \"{k}\" (name key), a name with a word of its own; "
                     f"the articles gave them different countries")
    return [uf.find(i) for i in range(len(nodes))]


@lru_cache(maxsize=100_000)
def _distinctive(key: str) -> bool:
    """A name key with a word of its own: not a field or head word, no place, no title
    ("quest ventures"; not "ministry of economy", "national assembly of kenya")."""
    if _is_mission(key):
        return False
    for w in key.split():
        if len(w) < 3 or w in GENERIC_WORDS or w in _NOT_DISTINCTIVE or is_generic_word(w):
            continue
        cap = w[:1].upper() + w[1:]
        if geo.country_code(cap) or geo.demonym_country(cap) or geo.is_region(cap) or \
                geo.city_info(cap):
            continue
        return True
    return False


# Words that name kinds of bodies many countries have, without being field words
_NOT_DISTINCTIVE = frozenset({"assembly", "parliament", "senate", "minister", "ministers",
                              "president", "presidency", "people", "peoples", "municipal",
                              "general", "central", "supreme", "executive", "federation"})


def _pick(values: Iterable, priority: tuple | None = None):
    """Most common non-null value; ties broken by `priority` order, then sorted order."""
    present = [v for v in values if v is not None]
    if len(present) <= 1:  # most events have one report: no tally needed
        return present[0] if present else None
    c = Counter(present)
    best = max(c.values())
    tied = sorted(v for v, n in c.items() if n == best)
    if priority:
        tied.sort(key=lambda v: priority.index(v) if v in priority else len(priority))
    return tied[0]


def _org_type(entry, article_types: list[str]) -> str:
    """The published org_type of one organisation: its registry entry's, else the most common
    of its articles'. A registry "other" only says the entry fits no type, so the articles'
    type (typed by the name's head, org_resolve._types) wins over it."""
    if entry and entry.org_type and entry.org_type != "other":
        return entry.org_type
    return _pick(article_types, ORG_TYPES) or (entry.org_type if entry else None) or "other"


def _clean_item(s: str) -> str:
    return " ".join(s.replace(";", ",").split())


# ---------------------------------------------------------------- events


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _dates_compatible(a: dt.date | None, b: dt.date | None, days: int = 3) -> bool:
    return a is None or b is None or abs((a - b).days) <= days


@dataclass
class _Frame:
    article_id: str
    index: int
    kind: str              # agreement_type / engagement_type
    status: str
    date: dt.date | None
    members: dict[str, str]  # org_id -> role
    raw: Any               # the LocalAgreement / LocalEngagement
    published: dt.date | None = None  # the article's date


DONE_STATUSES = frozenset({"signed", "occurred"})


def _reported_before(a: _Frame, b: _Frame, days: int = 3) -> bool:
    """`a`, undated, reports as done an event that `b` dates after `a`'s article was
    published: two events (a report cannot describe a signing that had not happened)."""
    return (a.date is None and a.status in DONE_STATUSES and a.published is not None
            and b.date is not None and (b.date - a.published).days > days)


# Candidate pairs per blocking key are compared within a sliding window over frames
# sorted by date, so an organisation seen in thousands of articles stays linear.
PAIR_WINDOW = 200


def _same_event(a: _Frame, b: _Frame, compatible_types,
                sets: tuple[set, set] | None = None) -> bool:
    """Two reports of one event: other articles, compatible types and dates (an undated
    report of a done event is no later than its article), member
    sets overlapping (Jaccard >= 0.5) by at least two organisations — or by one when
    both reports give the same day (a lone shared name is too weak on its own).
    `sets`: the two frames' member sets, when the caller holds them already."""
    if a.article_id == b.article_id or not compatible_types(a.kind, b.kind):
        return False
    if not _dates_compatible(a.date, b.date) or _reported_before(a, b) or _reported_before(b, a):
        return False
    sa, sb = sets if sets is not None else (set(a.members), set(b.members))
    shared = sa & sb
    if _jaccard(sa, sb) < 0.5:
        return False
    return len(shared) >= 2 or (a.date is not None and b.date is not None)


def _cluster_frames(frames: list[_Frame], compatible_types) -> list[int]:
    """Union frames from *different* articles that describe the same event.

    Blocking: frames with Jaccard >= 0.5 share at least one of their members' rarest
    half (prefix filtering), so each frame is indexed only under those members."""
    uf = UnionFind(len(frames))
    freq = Counter(o for f in frames for o in f.members)
    by_org: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(frames):
        ranked = sorted(f.members, key=lambda o: (freq[o], o))
        prefix = len(ranked) - (len(ranked) + 1) // 2 + 1  # |x| - ceil(0.5|x|) + 1
        for o in ranked[:prefix]:
            by_org[o].append(i)
    seen: set[tuple[int, int]] = set()
    member_sets = [set(f.members) for f in frames]

    def consider(i: int, j: int) -> None:
        key = (i, j) if i < j else (j, i)
        if key not in seen:
            seen.add(key)
            if _same_event(frames[i], frames[j], compatible_types, (member_sets[i], member_sets[j])):
                uf.union(i, j)

    for idxs in by_org.values():
        dated = sorted((i for i in idxs if frames[i].date), key=lambda i: (frames[i].date, i))
        undated = [i for i in idxs if not frames[i].date]
        for x, i in enumerate(dated):
            for j in dated[x + 1: x + 1 + PAIR_WINDOW]:
                if (frames[j].date - frames[i].date).days > 3:  # type: ignore[operator]  # both dated
                    break  # sorted by date: every later frame is further away
                consider(i, j)
        # An undated report may match any report: compare within a bounded window.
        for x, i in enumerate(undated):
            for j in undated[x + 1: x + 1 + PAIR_WINDOW] + dated[:PAIR_WINDOW]:
                consider(i, j)
    return [uf.find(i) for i in range(len(frames))]


# ---------------------------------------------------------------- main entry


def build_tables(
    articles: list[Article],
    extractions: Mapping[str, ArticleExtraction],
    registry=None,
    judgements: list[Judgement] | None = None,
    ledger: idledger.Ledger | None = None,
) -> dict[str, pd.DataFrame]:
    """Resolve entities and events across articles into the contract's tables.

    `articles`: every published article (duplicates included); `extractions`: by
    article_id (articles without one contribute no facts); `registry`: an optional
    pipeline.reference.registry.Registry used for canonical names, types and countries.
    Returns DataFrames for articles, organisations, mentions, agreements,
    agreement_parties, engagements, engagement_participants and org_merges (unsorted;
    the publisher sorts and types them).

    `judgements` (pipeline.resolve.judgements) are applied before clustering: `same` pairs are
    merged, `not_same` pairs never are. `ledger` (pipeline.resolve.ids), when given, keeps the
    ids of its release for clusters that keep their members and records new ones;
    without it ids are hashes of stable anchors.
    """
    by_id = {a.article_id: a for a in articles}
    registry_entries = {e.registry_id: e for e in registry.entries} if registry is not None else {}
    pub = {a.article_id: a.published_date for a in articles}
    aids = sorted(aid for aid in extractions if aid in by_id)

    # --- organisations
    nodes: list[_OrgNode] = []
    node_of: dict[tuple[str, int], int] = {}
    for aid in aids:
        for li, org in enumerate(extractions[aid].organisations):
            node_of[(aid, li)] = len(nodes)
            keys = _link_keys(org)
            entry = registry_entries.get(org.registry_id) if org.registry_id else None
            if entry is not None:
                # the entry's own names too: an article that wrote only "HVSM" (matched to
                # the registry) links with one that spelled the name out unmatched
                keys |= _surface_link_keys(entry.name, entry.aliases)
            nodes.append(_OrgNode(aid, li, org, keys, org_key(org.name)))
    uf = ConstrainedUnionFind(len(nodes))
    _apply_judgements(uf, nodes, judgements or [], ledger)
    roots = resolve_organisations(nodes, uf)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(roots):
        clusters[r].append(i)

    mention_surfaces: dict[tuple[str, int], list[str]] = defaultdict(list)
    mention_starts: dict[tuple[str, int], list[int]] = defaultdict(list)
    for aid in aids:
        for m in extractions[aid].mentions:
            mention_surfaces[(aid, m.entity)].append(m.surface)
            mention_starts[(aid, m.entity)].append(m.char_start)

    org_rows, org_id_of_node = [], {}
    anchor_roots: dict[str, list[int]] = defaultdict(list)
    for members in clusters.values():
        ms = [nodes[i] for i in members]
        reg_ids = sorted({n.org.registry_id for n in ms if n.org.registry_id})
        entry = registry_entries.get(reg_ids[0]) if reg_ids else None
        country = entry.country if entry else _pick(n.org.country for n in ms)
        if reg_ids:
            anchor = "reg:" + reg_ids[0]
        else:
            key = min(n.name_key or org_key(n.org.name) for n in ms)
            anchor = f"key:{key}|{country or ''}"
            if country is None and is_generic(key):
                # Never linked across articles, so never sharing an id either.
                anchor += "|" + min(n.article_id for n in ms)
        # Clusters sharing an anchor become one row, unless a not_same judgement
        # keeps them apart: then this one hashes its own anchor.
        root = members[0]
        sharing = anchor_roots[anchor]
        if all(uf.can_union(root, r) for r in sharing):
            for r in sharing:
                uf.union(r, root, "same_anchor", f"both resolve to the anchor {anchor}")
        else:
            anchor += "|split:" + min(f"{n.article_id}:{n.name_key}" for n in ms)
        sharing.append(root)
        org_id = "org_" + _digest("org:v1", anchor)
        name = entry.name if entry else _pick_name([n.org.name for n in ms])
        surfaces = set()
        for n in ms:
            surfaces.update([n.org.name, *n.org.aliases, *mention_surfaces[(n.article_id, n.local_index)]])
        if entry:
            surfaces.update(entry.aliases)
        aliases = sorted({_clean_item(s) for s in surfaces if s and s.strip()} - {_clean_item(name)})
        src = sorted({n.article_id for n in ms})
        dates = [d for a in src if (d := pub.get(a))]
        org_rows.append({
            "org_id": org_id,
            "name": _clean_item(name),
            "aliases": aliases,
            "org_type": _org_type(entry, [n.org.org_type for n in ms]),
            "country": None if (entry and entry.org_type == "intergovernmental_organisation") else country,
            "city": (entry.city if entry and entry.city else None) or _pick(n.org.city for n in ms),
            "article_count": len(src),
            "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "source_article_ids": src,
            "confidence": _max_confidence(n.org.confidence for n in ms),
        })
        for i in members:
            org_id_of_node[(nodes[i].article_id, nodes[i].local_index)] = org_id
    if ledger is not None:
        by_hash: dict[str, set[str]] = defaultdict(set)
        for (aid, li), oid in org_id_of_node.items():
            # Members: the name in the article, and where it is mentioned (so an id also
            # survives an extractor that now reads another name at the same place).
            by_hash[oid].add(idledger.org_member(aid, nodes[node_of[(aid, li)]].name_key))
            by_hash[oid].update(idledger.mention_member(aid, start)
                                for start in mention_starts[(aid, li)])
        final = ledger.assign("organisation", by_hash)
        for row in org_rows:
            row["org_id"] = final[row["org_id"]]
        org_id_of_node = {k: final[v] for k, v in org_id_of_node.items()}
    # Two clusters can share an anchor only if they hash the same key: merge rows then.
    org_rows = _merge_rows_by_id(org_rows)
    org_merges = _org_merges(uf, nodes, org_id_of_node)

    mention_rows = []
    for aid in aids:
        for m in extractions[aid].mentions:
            mentioned = org_id_of_node.get((aid, m.entity))
            if mentioned:
                mention_rows.append({"article_id": aid, "org_id": mentioned, "surface": m.surface,
                                     "char_start": m.char_start, "char_end": m.char_end, "rule": m.rule})
    mentions = pd.DataFrame(mention_rows, columns=["article_id", "org_id", "surface", "char_start", "char_end",
                                                   "rule"])
    mentions = mentions.drop_duplicates(["article_id", "char_start", "char_end"])

    # --- agreements and engagements: one spec each (pipeline.models.EventKind)
    events = {}
    for kind in EVENT_KINDS:
        frames = []
        for aid in aids:
            for i, ev in enumerate(getattr(extractions[aid], f"{kind.name}s")):
                roles_of = _members(aid, getattr(ev, kind.member_field), org_id_of_node, kind.role_order)
                if roles_of:
                    frames.append(_Frame(aid, i, getattr(ev, kind.type_field), ev.status,
                                         getattr(ev, kind.date_fields[0]), roles_of, ev, pub.get(aid)))
        events[kind.name] = _event_tables(frames, kind, ledger)

    return {
        "articles": articles_table(articles),
        "organisations": pd.DataFrame(org_rows, columns=[
            "org_id", "name", "aliases", "org_type", "country", "city", "article_count",
            "first_seen", "last_seen", "source_article_ids", "confidence"]),
        "mentions": mentions,
        "agreements": events["agreement"][0],
        "agreement_parties": events["agreement"][1],
        "engagements": events["engagement"][0],
        "engagement_participants": events["engagement"][1],
        "org_merges": org_merges,
    }


def _apply_judgements(uf: ConstrainedUnionFind, nodes: list[_OrgNode],
                      judgements: list[Judgement], ledger) -> None:
    """Seed the union-find with the judgements: `not_same` constraints first, then the
    `same` unions (refused, and recorded as such, if they contradict a `not_same`)."""
    if not judgements:
        return
    views = [NodeView(idledger.org_member(n.article_id, n.name_key), n.name_key,
                      ({org_key(a) for a in n.org.aliases} | n.keys) - {n.name_key, ""})
             for n in nodes]
    matched = match_sides(judgements, views, ledger.id_members("organisation") if ledger else None)
    for k, (j, left, right) in enumerate(matched):
        if j.judgement == "not_same":
            uf.forbid(k, left, right)
    for j, left, right in matched:
        if j.judgement == "same" and left and right:
            every = sorted(left | right)
            for i in every[1:]:
                uf.union(every[0], i, "judgement", f"judged the same by a person: {j.describe()}")


def _org_merges(uf: ConstrainedUnionFind, nodes: list[_OrgNode], org_id_of_node) -> pd.DataFrame:
    """Why differently named organisations are one: one row per pair of names joined by
    a union (its rule and reason, the articles the two names were read in)."""
    rows: dict[tuple[str, str, str], dict] = {}
    for e in uf.edges:
        a, b = nodes[e.a], nodes[e.b]
        na, nb = _clean_item(a.org.name), _clean_item(b.org.name)
        oid = org_id_of_node.get((a.article_id, a.local_index))
        if oid is None or na.casefold() == nb.casefold():
            continue
        n1, n2 = sorted([na, nb])
        row = rows.setdefault((oid, n1, n2), {"org_id": oid, "name": n1, "other_name": n2,
                                              "rule": e.rule, "reason": e.reason,
                                              "article_ids": set()})
        row["article_ids"] |= {a.article_id, b.article_id}
    out = [{**r, "article_ids": sorted(r["article_ids"])} for r in rows.values()]
    return pd.DataFrame(out, columns=["org_id", "name", "other_name", "rule", "reason", "article_ids"])


def _pick_name(names: list[str]) -> str:
    """Most frequent display name; ties go to the longer, then alphabetical."""
    c = Counter(names)
    return sorted(c, key=lambda s: (-c[s], -len(s), s))[0]


def _first(values: Iterable):
    return next((v for v in values if v), None)


def _members(aid: str, members, org_id_of_node, role_order) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in members:
        oid = org_id_of_node.get((aid, m.entity))
        if oid is None:
            continue
        old = out.get(oid)
        if old is None or role_order.index(m.role) < role_order.index(old):
            out[oid] = m.role
    return out


def _fuse(kind: EventKind, fs: list[_Frame]) -> dict:
    """The merge rule: one row from the reports of one event."""
    kinds = [f.kind for f in fs if f.kind != kind.wildcard_type]
    return {
        kind.type_field: _pick(kinds) or kind.wildcard_type,
        "status": kind.done_status if any(f.status == kind.done_status for f in fs) else "planned",
        "title": _first(f.raw.title for f in fs),
        **{d: _pick(getattr(f.raw, d) for f in fs) for d in kind.date_fields},
        "location_city": _pick(f.raw.location_city for f in fs),
        "location_country": _pick(f.raw.location_country for f in fs),
        **{t: _first(getattr(f.raw, t) for f in fs) for t in kind.first_fields},
    }


def _event_tables(frames: list[_Frame], kind: EventKind, ledger):
    id_col = kind.id_column
    roots = _cluster_frames(frames, kind.types_compatible)
    groups: dict[int, list[_Frame]] = defaultdict(list)
    for i, r in enumerate(roots):
        groups[r].append(frames[i])
    rows, bridge = [], []
    prefix, role_order = kind.id_prefix, kind.role_order
    final = None
    if ledger is not None:
        final = ledger.assign(kind.name, {
            prefix + _digest(f"{kind.name}:v1", min((f.article_id, f.index) for f in fs)[0],
                             str(min((f.article_id, f.index) for f in fs)[1])):
            [idledger.event_member(f.article_id, f.index) for f in fs]
            for fs in groups.values()})
    for fs in groups.values():
        fs.sort(key=lambda f: (f.article_id, f.index))
        eid = prefix + _digest(f"{kind.name}:v1", fs[0].article_id, str(fs[0].index))
        if final is not None:
            eid = final[eid]
        roles: dict[str, str] = {}
        for f in fs:
            for oid, role in f.members.items():
                if oid not in roles or role_order.index(role) < role_order.index(roles[oid]):
                    roles[oid] = role
        evidence = []
        for f in fs:
            if f.raw.evidence and f.raw.evidence not in evidence:
                evidence.append(f.raw.evidence)
        rows.append({
            id_col: eid,
            **_fuse(kind, fs),
            kind.list_column: sorted(roles),
            "source_article_ids": sorted({f.article_id for f in fs}),
            "evidence": "\n".join(evidence),
            "confidence": _max_confidence(f.raw.confidence for f in fs),
        })
        bridge += [{id_col: eid, "org_id": o, "role": r} for o, r in sorted(roles.items())]
    columns = [id_col, kind.type_field, "status", "title", *kind.date_fields, "location_city",
               "location_country", *kind.first_fields, kind.list_column, "source_article_ids", "evidence",
               "confidence"]
    return (pd.DataFrame(rows, columns=columns),
            pd.DataFrame(bridge, columns=[id_col, "org_id", "role"]))


def _merge_rows_by_id(rows: list[dict]) -> list[dict]:
    out: dict[str, dict] = {}
    for r in rows:
        if r["org_id"] not in out:
            out[r["org_id"]] = r
            continue
        o = out[r["org_id"]]
        o["aliases"] = sorted(set(o["aliases"]) | set(r["aliases"]) | {r["name"]} - {o["name"]})
        o["source_article_ids"] = sorted(set(o["source_article_ids"]) | set(r["source_article_ids"]))
        o["article_count"] = len(o["source_article_ids"])
        for k, f in (("first_seen", min), ("last_seen", max)):
            vals = [v for v in (o[k], r[k]) if v]
            o[k] = f(vals) if vals else None
        o["confidence"] = _max_confidence((o["confidence"], r["confidence"]))
    return list(out.values())


def _max_confidence(values: Iterable[float | None]) -> float | None:
    """The highest model confidence among merged rows (one confident report suffices);
    None when no model judged any of them."""
    vals = [v for v in values if v is not None]
    return max(vals) if vals else None


def articles_table(articles: list[Article]) -> pd.DataFrame:
    """The published `articles` table (the body stays internal)."""
    cols = ["article_id", "sha256", "source_path", "title", "published_date", "publisher",
            "url", "language", "word_count", "duplicate_of"]
    return pd.DataFrame([{c: getattr(a, c) for c in cols} for a in articles], columns=cols)
