"""Training labels from gold files (see the annotation guide): which extracted
organisations and events a careful reader also annotated, and which sentences state an
agreement or an engagement. Gold files name organisations, not offsets, so matching is
by normalised name, as the scorer does.
"""
from __future__ import annotations

import re
import unicodedata

_LEGAL = re.compile(
    r"(?:\s+(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|"
    r"jsc|ojsc|pjsc|cjsc|fzc|fze|fz llc|fz-llc|bv|nv|pte|pvt|sdn bhd|bhd|oy|ab|as|srl|spa|kft))+$")


def norm(name: str | None) -> str:
    """Match key of a name: case, diacritics, punctuation, a leading "the", a trailing
    "(Country)", a possessor ("Kyrgyzstan's ..."), legal-form suffixes ignored."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("\u2019", "'")
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)
    s = re.sub(r"^\s*the\s+", "", s)
    s = re.sub(r"^[\w-]+'s\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    s = _LEGAL.sub("", " ".join(s.split()))
    return " ".join(s.split())


def names_of(name: str, aliases=()) -> set[str]:
    out = {norm(name)} | {norm(a) for a in aliases or ()}
    out.discard("")
    return out


def match_orgs(orgs, gold_orgs: list[dict]) -> dict[int, int]:
    """Best one-to-one match of extracted orgs (LocalOrg-like: name, aliases) to gold
    organisations by shared normalised names: {org index: gold index}."""
    pairs = []
    gnames = [names_of(g["name"], g.get("aliases")) for g in gold_orgs]
    for i, o in enumerate(orgs):
        on = names_of(o.name, o.aliases)
        for gi, gn in enumerate(gnames):
            k = len(on & gn)
            if k:
                pairs.append((-k, gi, i))
    return greedy(pairs)


def greedy(pairs: list[tuple[float, int, int]]) -> dict[int, int]:
    """Best-first one-to-one assignment of (-score, gold index, extracted index) pairs:
    {extracted index: gold index}."""
    used_g, used_s, out = set(), set(), {}
    for _, gi, i in sorted(pairs):
        if gi in used_g or i in used_s:
            continue
        used_g.add(gi)
        used_s.add(i)
        out[i] = gi
    return out


def gold_members(kind: str, ev: dict) -> set[str]:
    if kind == "agreement":
        return set(ev.get("parties", []))
    return {p["org"] for p in ev.get("participants", [])}


def match_events(kind: str, members: list[set[int]], org_to_gold: dict[int, int],
                 gold_orgs: list[dict], gold_events: list[dict],
                 count_unmatched: bool = False) -> dict[int, int]:
    """Extracted events (sets of org indices) matched one-to-one to gold events when
    their members overlap at Jaccard >= 0.5. Members that name no gold organisation are
    set aside, or count against the match with `count_unmatched` (as the scorer does)."""
    pairs = []
    for i, ms in enumerate(members):
        named = {gold_orgs[org_to_gold[e]]["name"] if e in org_to_gold else f"sys:{e}"
                 for e in ms if count_unmatched or e in org_to_gold}
        if not named:
            continue
        for gi, g in enumerate(gold_events):
            gm = gold_members(kind, g)
            j = len(gm & named) / len(gm | named)
            if j >= 0.5:
                pairs.append((-j, gi, i))
    return greedy(pairs)


def _squash(s: str) -> str:
    return " ".join(s.split()).casefold()


def sentence_kinds(sentences: list[str], gold: dict) -> list[dict[str, dict]]:
    """For each sentence, {kind: gold event} for the agreements and engagements whose
    evidence contains the sentence or is contained in it (the first such event)."""
    ev: list[tuple[str, str, dict]] = []
    for kind, key in (("agreement", "agreements"), ("engagement", "engagements")):
        for e in gold.get(key, []):
            for s in e.get("evidence") or []:
                if s and s.strip():
                    ev.append((kind, _squash(s), e))
    out = []
    for text in sentences:
        t = _squash(text)
        kinds: dict[str, dict] = {}
        if len(t) >= 20:
            for kind, s, e in ev:
                if (t in s or s in t) and kind not in kinds:
                    kinds[kind] = e
        out.append(kinds)
    return out
