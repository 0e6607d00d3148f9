"""Analysis of one organisation name string: words, places, head, specificity, keys.

Pure and cached by the name text, so the same name seen in many articles costs once.
Used by candidate filtering (is this a proper name?) and by in-article resolution
(which spellings name one organisation?).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.org_lexicon import (
    CONCEPTS, GENERIC, HEADS, LEGAL_PREFIXES, LEGAL_SUFFIXES, NAME_CONNECTORS, WEAK_HEADS,
)
from pipeline.extract.org_places import (city_of, country_of_demonym, country_of_name, is_region,
                                          region_country)
from pipeline.reference.names import is_acronym, org_key

_WORD = re.compile(r"[^\s\"“”«»„‟()\[\],;:!?]+")
_EDGE_PUNCT = "-–—.'’\"“”«»„/"
_QUOTES = re.compile(r"[\"“”«»„‟]")
_POSSESSIVE_END = re.compile(r"(?:['’ʼ]s|s['’])$")
_GLUED_NOTE = re.compile(r"(?<=[a-z])\d{1,2}$")
_PLACE_LINKERS = frozenset({"republic", "islamic", "kingdom", "state", "federal", "people's",
                            "democratic", "socialist", "the", "of"})


@dataclass(frozen=True)
class NameInfo:
    """What a name is made of. `words` keep their case; index lists point into them."""

    text: str                     # the cleaned display text
    words: tuple[str, ...]
    place_idx: frozenset[int]     # words that belong to a country, demonym or region
    countries: tuple[str, ...]    # ISO2 of countries/demonyms inside the name, in order
    cities: tuple[str, ...]       # canonical city names inside the name
    city_countries: tuple[str, ...]  # ISO2 of those cities
    head: str | None              # lower-case head noun (last head for head-final names)
    head_idx: int | None
    specific: bool                # has a word that is neither generic, place nor connector
    placed: bool                  # has a place word
    core: str                     # org_key without places, plurals folded
    sort_core: str                # core with words sorted (token-sort equality)
    full: str                     # org_key with plurals folded
    lead_demonym: str | None      # ISO2 when the name starts with a demonym or country
    lead_len: int                 # number of leading place words
    spans: tuple[tuple[int, int], ...] = ()   # char span of each word in `text`

    def rest_after_lead(self) -> str:
        """The name without its leading place words ("Ruritanian Harnby Technopark" -> ...)."""
        if not self.lead_len or self.lead_len >= len(self.words):
            return self.text
        return self.text[self.spans[self.lead_len][0]:].strip()


def clean_display(text: str) -> str:
    """Display form: quotes removed, spaces collapsed, no leading "the", no trailing 's."""
    s = _QUOTES.sub("", text)
    s = " ".join(s.split())
    if s[:4].lower() == "the ":
        s = s[4:]
    s = _POSSESSIVE_END.sub("", s) if s.endswith(("'s", "’s", "ʼs")) else s
    s = s.strip(" ,;:-–—")
    s = _strip_glued_note(s)
    # a sentence's full stop is no part of a name; "Ltd.", "Co.", "Inc." keep theirs
    if s.endswith(".") and not re.search(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z]|\b[a-z]\.[a-z])\.$", s):
        s = s[:-1].rstrip()
    return s


def _strip_glued_note(s: str) -> str:
    """Drop a footnote number glued to a closing country name ("Business Finland1").

    Only after a country: brands do carry digits ("Quorvia71", "Velmar50"), countries never do.
    """
    m = _GLUED_NOTE.search(s)
    if not m or " " not in s:
        return s
    last = s[:m.start()].rsplit(" ", 1)[-1]
    if country_of_name(last) and not is_region(last):
        return s[:m.start()]
    return s


def fold_plural(w: str) -> str:
    """One lower-case word in the singular ("sciences" -> "science", "zones" -> "zone")."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def fold_key(text: str) -> str:
    """org_key with plural words folded ("Products" ~ "Product")."""
    return " ".join(fold_plural(w) for w in org_key(text).split())


def is_generic_word(w: str) -> bool:
    """True for descriptive words ("Innovation", "High-Tech"), heads and connectors."""
    lw = w.lower().strip(_EDGE_PUNCT)
    if not lw:
        return True
    if lw in GENERIC or lw in HEADS or lw in NAME_CONNECTORS or lw in CONCEPTS:
        return True
    if lw in LEGAL_SUFFIXES:
        return True
    if "-" in lw:
        parts = [p for p in lw.split("-") if p]
        return all(p in GENERIC or p in HEADS or p in CONCEPTS for p in parts)
    return False


@lru_cache(maxsize=100_000)
def analyse(text: str) -> NameInfo:
    """Split a name into words and classify them (places, head, generic or specific)."""
    disp = clean_display(text)
    pairs = []
    for m in _WORD.finditer(disp):
        w = m.group(0)
        core = w.strip(_EDGE_PUNCT) or w
        if core and any(c.isalnum() or c == "&" for c in core):
            off = m.start() + w.find(core)
            pairs.append((core, (off, off + len(core))))
    words = tuple(p[0] for p in pairs)
    spans = tuple(p[1] for p in pairs)
    n = len(words)
    place: set[int] = set()
    city_idx: set[int] = set()
    countries: list[str] = []
    cities: list[str] = []
    city_cc: list[str] = []
    i = 0
    while i < n:
        hit = 0
        for m in range(min(5, n - i), 0, -1):
            chunk = " ".join(words[i:i + m])
            if not chunk[0].isupper() or words[i + m - 1].lower() in NAME_CONNECTORS:
                continue
            low = chunk.lower()
            if m == 1 and (low in HEADS or low in GENERIC and not country_of_name(chunk)):
                continue
            # a possessive country is still the country ("Pakistan's Embassy in Beijing")
            base = chunk[:-2] if chunk.endswith(("'s", "’s")) else chunk
            cc = country_of_name(base) or (country_of_demonym(chunk) if m <= 2 else None)
            if cc:
                countries.append(cc)
                hit = m
                break
            if is_region(chunk):
                hit = m
                break
            if m >= 2 and region_country(chunk):
                hit = -m  # "New Jersey", "New South Wales": not Jersey, not Wales
                break
            if m <= 3:
                ci = city_of(chunk)
                after = words[i + m] if i + m < n else ""
                # "Porto Verde Technopark" is no city of Porto: the city must stand alone
                if ci and not is_acronym(chunk) and (not after or is_generic_word(after)
                                                     or not after[:1].isupper()):
                    cities.append(ci[0])
                    city_cc.append(ci[1])
                    city_idx.update(range(i, i + m))
                    hit = -m
                    break
        if hit > 0:
            place.update(range(i, i + hit))
            i += hit
        elif hit < 0:
            i += -hit
        else:
            i += 1
    # "of the Republic of" around a place belongs to it.
    for j in sorted(place):
        k = j - 1
        while k >= 0 and k not in place and words[k].lower() in _PLACE_LINKERS:
            place.add(k)
            k -= 1
    head, head_idx = None, None
    for j in range(n - 1, -1, -1):
        lw = _hyphen_head(words[j].lower())
        if lw in HEADS or lw in LEGAL_SUFFIXES:
            if lw in WEAK_HEADS and not _weak_ok(lw, words[:j]):
                continue
            head, head_idx = lw, j
            # head-initial names ("Ministry of X", "University of Y") keep the first head
            # when the later one is inside the "of" complement
            break
    for j in range(n):
        lw = words[j].lower()
        if lw in HEADS and j + 1 < n and words[j + 1].lower() in ("of", "for", "on") and \
                (head_idx is None or head_idx > j):
            if not any(words[k].lower() in HEADS for k in range(0, j)):
                head, head_idx = lw, j
            break
    specific = any(j not in place and not is_generic_word(words[j]) for j in range(n))
    lead_len = 0
    lead = None
    while lead_len < n and lead_len in place:
        lead_len += 1
    if lead_len and lead_len < n:
        chunk = " ".join(words[:lead_len])
        lead = country_of_name(chunk) or country_of_demonym(chunk)
    core_words = [w for j, w in enumerate(words) if j not in place
                  and not (w in LEGAL_PREFIXES or (w.lower() in LEGAL_SUFFIXES and j > 0
                                                   and w.lower() not in HEADS))]
    while core_words and core_words[-1].lower() in NAME_CONNECTORS | {"the"}:
        core_words.pop()
    while core_words and core_words[0].lower() in NAME_CONNECTORS | {"the"}:
        core_words.pop(0)
    core = fold_key(" ".join(core_words)) if core_words else ""
    return NameInfo(
        text=disp, words=words, place_idx=frozenset(place), countries=tuple(countries),
        cities=tuple(cities), city_countries=tuple(city_cc), head=head, head_idx=head_idx, specific=specific,
        placed=bool(place), core=core, sort_core=" ".join(sorted(core.split())),
        full=fold_key(disp), lead_demonym=lead, lead_len=lead_len, spans=spans,
    )


def _hyphen_head(lw: str) -> str:
    """A hyphenated word of field words ending in a head noun is that head ("tech-park" ->
    "park", "techno-park"); any other word is itself ("t-hub", "high-tech")."""
    if "-" not in lw:
        return lw
    *first, last = [p for p in lw.split("-") if p] or [""]
    if first and last in HEADS and all(p in GENERIC or p in CONCEPTS for p in first):
        return last
    return lw


def _weak_ok(head: str, before: tuple[str, ...]) -> bool:
    """A weak head ("City", "Zone", "Factory") names an organisation only after a field word."""
    need = WEAK_HEADS[head]
    if not need:  # "Capital": needs a proper word before it
        return any(not is_generic_word(w) and w[:1].isupper() for w in before)
    return any(w.lower() in need or any(p in need for p in w.lower().split("-")) for w in before)


def head_of(text: str) -> str | None:
    return analyse(text).head
