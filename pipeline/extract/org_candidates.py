"""Organisation candidates in one parsed article, each with its evidence.

In: a spaCy Doc (tokens, sentence starts, entities; no POS/lemma). Out: `Cand` records
(char offsets into the body, the rule that found them, country clues, acronym and
alias evidence, flags for the filters). Nothing here merges mentions: that is
org_resolve's job.

Rules (ids in `Cand.rule`):
  head      capitalised span ending in a field head noun ("Harnby Technology Park"), or
            head-initial ("Ministry of Digital Technologies of Uzbekistan"), or head plus
            a country/acronym ("IT Park Uzbekistan", "Technopark KTU")
  ent       a spaCy entity of any label with no head noun ("CleanTech Estonia")
  list      an item of a coordinated list whose other items are organisations
  acr       a bare acronym ("OTS", "SHTP"), resolved later
  anaphor   "the Park", "the Organization", "the IT park": points back, never creates
  minister  "Minister of Digital Technologies of Uzbekistan" -> Ministry of ...
  registry  a name from the reference registry
  company   a name read from a company context, head noun or not ("startups such as X,
            Y and Z", "Georgian startups X and Y", "the fintech X", "X, a Tbilisi-based
            startup", "X's founder", "CEO of X", "the companies of Y Park – X and Z",
            'the company "X"', 'a startup called "X"')

Heads of other languages ("Parque Tecnológico del Litoral", "Universität Bremen") take
their complements with that language's connectors; embassy-like heads keep their seat
("Embassy of India in Uzbekistan"). The filters drop fairs and events ("Hannover Messe",
"GITEX 2024"), outlets credited as the source, all-capital job titles and headings.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.extract.org_lexicon import (
    ANAPHOR_HEADS, ATTRIBUTIVE_NOUNS, COMMA_LEGAL, CONCEPT_FOLLOWERS, CONCEPTS, CREATION_WORDS, DOCUMENT_WORDS,
    COMPANY_NOUNS, COMPANY_NOUNS_SINGULAR, COMPANY_NOUNS_WEAK, COMPANYISH_WORDS, ELIDED,
    EVENT_NAME_ENDS, EVENT_NOUNS, OUTLET_ENDS, OUTLET_PAIRS, SOURCE_BEFORE,
    FOREIGN_CONNECTORS, FOREIGN_HEADS, FOUNDER_WORDS,
    FACILITY_GROUP_NOUNS, FACILITY_NOUNS, FURNITURE_LINE, FURNITURE_SEPARATORS, GENERIC, GROUP_HEADS, HEADS,
    HYPOTHETICAL_MODIFIERS, NAME_INTRO_NOUNS, ORDINAL_WORDS, LEGAL_PREFIXES, LEGAL_SUFFIXES, MINISTER_ADJECTIVES, NAME_ADJECTIVES,
    NAME_CONNECTORS,
    NEWS_AGENCIES, ORGAN_BOARD_WORDS, PLACE_OFFICE_TITLES, PROGRAMME_NOUNS,
    APPOSITIVE_ORG_NOUNS, UNIT_OF_HEADS, PERSON_TITLES, ROLE_OF, SEATED_OFFICE_WORDS,
    SOCIAL, SOURCE_VERBS, STOP_CAP, TECH_WORDS, TITLE_WORDS, UNIT_HEADS, URLISH, WEAK_HEADS,
    YEAR,
)
from pipeline.extract.org_names import analyse, is_generic_word
from pipeline.extract.org_places import (
    city_of, country_of_demonym, country_of_name, is_place, is_region, place_country,
    region_country,
)
from pipeline.reference.names import is_acronym

_OPEN_QUOTES = frozenset({'"', "“", "«", "„", "'", "‘"})
_CLOSE_QUOTES = frozenset({'"', "”", "»", "“", "'", "’"})
_DASHES = frozenset({"-", "–", "—"})
# lower-case particles inside foreign place and person names ("São José dos Campos")
_INNER_CONNECTORS = NAME_CONNECTORS - {"of", "for", "and", "&", "y", "e", "et", "für"}
_POSSESSIVE = frozenset({"'s", "’s", "ʼs", "'", "’"})
_GLUED_POSS = re.compile(r"^(.*?)(['’ʼ]s)$")
_CAMEL_GLUE = re.compile(r"^([A-Z][a-z]+)([A-Z][a-z]{2,}.*)$")
_ACR_TOKEN = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
# One-word heads that are names on their own ("Technopark" in Zurich).
COMPOUND_HEADS = frozenset({"technopark", "technopolis", "cyberpark", "teknopark", "teknokent",
                            "technopole", "technoparc", "technocity"})
_ENT_LABELS = frozenset({"ORG", "PERSON", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART",
                         "PRODUCT", "EVENT", "LAW"})


@dataclass
class Cand:
    """One organisation mention candidate; offsets are into the article body."""

    start: int                   # first token
    end: int                     # token after the last
    cs: int                      # char start
    ce: int                      # char end
    rule: str
    label: str = ""              # spaCy label for "ent"
    hclass: str | None = None    # class of the head noun (HEADS value)
    lower_head: bool = False     # head written in lower case ("IT park")
    country: str | None = None   # explicit clue from the context
    cstrength: int = 0           # 5 "(Country)"/"of Country", 4 possessive, 3 "in City"
    city: str | None = None
    acr: str | None = None       # "(OTS)" right after it
    paren_alias: tuple[int, int] | None = None   # "(Daegu Technopark)" right after it
    alias_spans: list[tuple[int, int]] = field(default_factory=list)  # possessive forms
    derived: str | None = None   # constructed name (minister -> ministry)
    display: str | None = None   # the name without an acronym inside it ("X (XO) Office")
    alias_texts: list[str] = field(default_factory=list)  # other forms: "XO Office", "XO"
    evidence: set[str] = field(default_factory=set)   # list, role, paren, registry
    registry_id: str | None = None
    drop: str | None = None      # why it is not an organisation mention
    event_key: bool = False      # this name is an event's name: drop it everywhere
    parent_after: int | None = None  # token where "at/under/of <Org>" starts
    parent_rel: str = ""         # the word linking them: "under", "at", "within", "of"
    list_id: int | None = None   # coordinated list it belongs to
    span_p: float | None = None  # the span model's mean in-name probability over its tokens
    span_exact: bool = False     # the span model reads exactly this span as a name


class SpanIndex:
    """Char spans answering overlap/cover queries in O(log n) (articles can hold thousands
    of candidates; pairwise checks made long articles quadratic)."""

    def __init__(self, spans):
        import bisect
        self._bisect = bisect
        sp = sorted((a, b) for a, b in spans)
        self.starts = [a for a, _ in sp]
        self.maxend: list[int] = []
        m = -1
        for _, b in sp:
            m = max(m, b)
            self.maxend.append(m)

    def _max_end_before(self, pos: int, inclusive: bool = False) -> int:
        """Largest end among spans starting before `pos` (at or before, when inclusive)."""
        f = self._bisect.bisect_right if inclusive else self._bisect.bisect_left
        i = f(self.starts, pos)
        return self.maxend[i - 1] if i else -1

    def overlaps(self, a: int, b: int) -> bool:
        """Some span shares a character with [a, b)."""
        return self._max_end_before(b) > a

    def covers(self, a: int, b: int) -> bool:
        """Some span contains [a, b)."""
        return self._max_end_before(a, inclusive=True) >= b

    def crosses_out(self, a: int, b: int) -> bool:
        """Some span overlaps [a, b) and reaches outside it on either side."""
        return self._max_end_before(a) > a or self._max_end_before(b) > b


class Ctx:
    """Per-token arrays for the rules (plain lists: fast index access)."""

    def __init__(self, doc):
        self.doc = doc
        self.body: str = doc.text
        toks = list(doc)
        self.n = len(toks)
        self.text = [t.text for t in toks]
        self.low = [t.lower_ for t in toks]
        self.ws = [t.whitespace_ for t in toks]
        self.idx = [t.idx for t in toks]
        self.space = [t.is_space or "\n" in t.text for t in toks]
        self.punct = [t.is_punct for t in toks]
        self.sent_start = [bool(t.is_sent_start) for t in toks]
        self.cap = [_capish(t.text) for t in toks]
        self.ent_label = [""] * self.n
        self.ent_start = [-1] * self.n
        self.ent_end = [-1] * self.n
        for e in doc.ents:
            for i in range(e.start, e.end):
                self.ent_label[i] = e.label_
                self.ent_start[i] = e.start
                self.ent_end[i] = e.end
        self.furniture = _furniture_tokens(self)

    def tend(self, i: int) -> int:
        """Char end of token i."""
        return self.idx[i] + len(self.text[i])

    def glued(self, i: int) -> bool:
        """Token i is a hyphen inside a word ("High-Tech")."""
        return (self.text[i] in _DASHES and 0 < i < self.n - 1 and self.ws[i - 1] == ""
                and self.ws[i] == "")

    def person_start(self, i: int) -> bool:
        return self.ent_label[i] == "PERSON" and self.ent_start[i] == i


def _capish(t: str) -> bool:
    """Capitalised like a name word: "Park", "IT", "iHub", "3D" (not "park", "2022")."""
    if not t:
        return False
    c = t[0]
    if c.isupper():
        return True
    if c.isdigit():
        return any(ch.isalpha() for ch in t) and not YEAR.search(t)
    if c.islower() and len(t) > 2 and t[1].isupper():
        return True  # "iHub", "eGov"
    return bool(ELIDED.match(t))  # "l'Innovation", "d'Industrie"


def _furniture_tokens(ctx: Ctx) -> list[bool]:
    """Tokens on page-furniture lines (share bars, menus, prompts)."""
    from pipeline.ingest.clean import is_furniture
    flags = [False] * ctx.n
    body = ctx.body
    pos = 0
    bad: list[tuple[int, int]] = []
    for line in body.split("\n"):
        s = line.strip()
        if s:
            furn = bool(FURNITURE_LINE.match(s)) or len(FURNITURE_SEPARATORS.findall(s)) >= 2
            if not furn:
                furn = is_furniture(s)
            if furn:
                bad.append((pos, pos + len(line)))
        pos += len(line) + 1
    if bad:
        j = 0
        for i in range(ctx.n):
            c = ctx.idx[i]
            while j < len(bad) and bad[j][1] < c:
                j += 1
            if j < len(bad) and bad[j][0] <= c <= bad[j][1]:
                flags[i] = True
    return flags


# ------------------------------------------------------------------ head spans


# Heads that name a body only when capitalised ("EU Delegation", not "a delegation").
_CAP_ONLY_HEADS = frozenset({"delegation", "mission", "angels", "partners"})


def _is_head(ctx: Ctx, i: int) -> bool:
    lo = ctx.low[i]
    if lo in ("sp", "sp.") and i > 0 and ctx.cap[i - 1] and _multi_legal_end(ctx, i):
        return True  # "Odra Soft Sp. z o.o."
    if lo not in HEADS and lo not in LEGAL_SUFFIXES:
        return False
    if lo in _CAP_ONLY_HEADS and not ctx.text[i][:1].isupper():
        return False
    if lo in LEGAL_SUFFIXES and lo not in HEADS:
        # "Co.", "LLC": only right after a capitalised word, and never the first half of a
        # hyphenated word ("Co-operation Zone", "Co-Incubation")
        return i > 0 and ctx.cap[i - 1] and ctx.cap[i] and not ctx.space[i - 1] and \
            not (i + 1 < ctx.n and ctx.glued(i + 1))
    return True


def _left_start(ctx: Ctx, h: int, lower_ok: bool = False) -> int:
    """First token of the modifiers before head h ("Latvian IT" in "Latvian IT Cluster")."""
    i = h
    j = h - 1
    while j >= 0:
        t, lo = ctx.text[j], ctx.low[j]
        if ctx.space[j] or ctx.furniture[j] != ctx.furniture[h]:
            break
        if ctx.glued(j) and j - 1 >= 0 and not ctx.space[j - 1]:
            i = j
            j -= 1
            continue
        if lo.isalpha() and j >= 2 and ctx.glued(j - 1) and ctx.cap[j - 2] and \
                not lo.endswith("ed") and (is_generic_word(lo) or not (
                    _is_countryish(ctx.text[j - 2]) or city_of(ctx.text[j - 2]) or
                    ctx.ent_label[j] == "PERSON")):
            # "Chengdu Hi-tech Zone", "Innovation Co-operation Zone": the lower-case half of
            # a hyphenated word (not "Almaty-based", "Tbilisi-born", "Jun-byeong Park")
            i = j
            j -= 1
            continue
        if lo in _INNER_CONNECTORS and j >= 1 and ctx.cap[j - 1] and not ctx.punct[j - 1] \
                and ctx.cap[j + 1] and j + 1 < h and ctx.low[j - 1] not in STOP_CAP:
            i = j  # "Sao Jose dos Campos Technology Park"
            j -= 1
            continue
        if t in _DASHES and j - 1 >= 0 and j + 1 <= h and ctx.ws[j - 1] and ctx.ws[j] and \
                _is_countryish(ctx.text[j - 1]) and _is_countryish(ctx.text[j + 1]):
            i = j  # "Vietnam - Korea Business Association"
            j -= 1
            continue
        if t in _CLOSE_QUOTES and j > 1:
            k = _quoted_name_start(ctx, j)
            if k is not None:
                i = k
                j = k - 1
                continue
            break
        if ctx.cap[j] and not ctx.punct[j] and (lo not in STOP_CAP and lo not in TITLE_WORDS
                                                or (j + 1 < h and ctx.glued(j + 1))
                                                or (lo == "executive" and j + 1 == h)):
            # ("Presidential Executive Office": a title word only before a person)
            # ("An-Najah": a word glued to a hyphen is part of the name whatever it is)
            if ctx.ent_label[j] == "PERSON" and ctx.ent_end[j] == j + 1 and \
                    ctx.ent_start[j] < j and not _any_head(ctx, ctx.ent_start[j], j + 1):
                break  # "... Kim Yangjin Park" -- a person's name ends here
            if _is_poss(ctx, j + 1) and j + 1 < h:
                break
            i = j
            j -= 1
            continue
        if lo in ("and", "&") and j - 1 >= 0 and i <= h and _can_cross_and(ctx, j - 1) and \
                j + 1 <= h and (is_generic_word(ctx.text[j + 1]) or _adjectival(ctx.text[j + 1])
                                or _name_adjective(ctx, j + 1)):
            i = j - 1
            j -= 2
            continue
        if lower_ok and lo.isalpha() and lo.islower() and lo not in STOP_CAP and \
                lo not in CREATION_WORDS and lo not in ("and", "of", "for", "in", "at", "on"):
            i = j
            j -= 1
            continue
        break
    # never start on a connector or dash
    while i < h and (ctx.low[i] in ("and", "&", "of", "for") or ctx.text[i] in _DASHES):
        i += 1
    return i


def _comma_list_start(ctx: Ctx, s: int) -> int:
    """Start of a name whose field words before the head are a comma list: "National
    Research, Design, and Innovation Office" (s at "Design"). Every item is one
    to three capitalised field words; a proper word anywhere keeps s."""
    j = s - 1
    start = s
    commas = 0
    while j >= 1:
        if ctx.low[j] == "and" and ctx.text[j - 1] == ",":
            j -= 2
        elif ctx.text[j] == ",":
            j -= 1
        else:
            break
        commas += 1
        k = j
        while k >= 0 and j - k < 3 and ctx.cap[k] and not ctx.punct[k] and not ctx.space[k] \
                and (is_generic_word(ctx.text[k]) or _adjectival(ctx.text[k])) \
                and ctx.low[k] not in HEADS and ctx.low[k] not in STOP_CAP:
            k -= 1
        if k == j:
            return s  # an empty item
        if k >= 1 and place_country(ctx.text[k]) and not ctx.space[k] and not (
                ctx.cap[k - 1] and not ctx.punct[k - 1] and ctx.low[k - 1] != "the"):
            return k  # a place opens the name: "Harnby Research, Design, and Testing Park"
        if k >= 0 and ctx.cap[k] and not ctx.punct[k] and ctx.low[k] != "the" and \
                ctx.low[k] not in STOP_CAP:
            return s  # a proper word before it
        start = k + 1
        j = k
    return start if commas else s


def _quoted_name_start(ctx: Ctx, close: int) -> int | None:
    """Start of a quoted proper name before a head: '"Oguz Han" Science Center'."""
    k = close - 1
    while k >= 0 and close - k <= 6:
        if ctx.text[k] in _OPEN_QUOTES:
            inner = range(k + 1, close)
            if inner and all(ctx.cap[m] or ctx.glued(m) or ctx.low[m] in ("and", "&", "of")
                             for m in inner) and ctx.cap[k + 1]:
                return k
            return None
        if ctx.space[k] or ctx.text[k] in (",", ".", "(", ")"):
            return None
        k -= 1
    return None


def _is_countryish(t: str) -> bool:
    return bool(country_of_name(t) or country_of_demonym(t))


def _is_poss(ctx: Ctx, i: int) -> bool:
    return 0 <= i < ctx.n and ctx.text[i] in _POSSESSIVE


def _any_head(ctx: Ctx, a: int, b: int) -> bool:
    return any(ctx.low[k] in HEADS for k in range(a, b))


def _can_cross_and(ctx: Ctx, k: int) -> bool:
    """'Science and Technology Park' yes; 'KOICA and IT Park', 'Samsung and IT Park' no."""
    t = ctx.text[k]
    if not ctx.cap[k] or ctx.space[k] or ctx.punct[k]:
        return False
    lo = t.lower()
    if lo in HEADS or lo in STOP_CAP or lo in TITLE_WORDS:
        return False
    if t.isupper() and len(t) > 1 and lo not in ("it", "ict"):
        return False
    return lo in GENERIC or all(p in GENERIC for p in lo.split("-") if p) or _adjectival(t) \
        or _name_adjective(ctx, k)


def _name_adjective(ctx: Ctx, k: int) -> bool:
    """Token k is a capitalised plain adjective of the name_adjectives list ("Big" in
    "Cloud Computing and Big Data Association") and no part of a person's name."""
    return ctx.cap[k] and ctx.low[k] in NAME_ADJECTIVES and ctx.ent_label[k] != "PERSON"


_ADJECTIVE_ENDS = ("al", "ic", "ive", "ied", "ary", "ous")


def _adjectival(t: str) -> bool:
    """A capitalised adjective by its ending ("Experimental", "Applied", "Scientific"): the
    left half of "Experimental and Applied Physics Institute", unlike "Samsung and IT Park"."""
    lo = t.lower()
    return len(lo) >= 6 and lo.isalpha() and lo.endswith(_ADJECTIVE_ENDS)


def _complement_end(ctx: Ctx, h: int, gov: bool) -> int:
    """End (exclusive) of a head-initial complement: "of Digital Technologies of Uzbekistan".

    Returns h + 1 when the head takes no complement. Stops before another organisation
    ("Agency of the Ministry of X" -> "Agency") unless the head names a unit of it
    ("Technology Center of the Czech Academy of Sciences": one name), before a person's name
    following a plural ("...of Technoparks Arno Veltin"), at punctuation and line breaks.
    """
    n = ctx.n
    k = h + 1
    if k >= n or ctx.low[k] not in ("of", "for", "on", "de", "des", "du") or ctx.space[h]:
        return h + 1
    if ctx.low[k] == "on" and ctx.low[h] not in ("committee", "commission", "council", "board") \
            and not (ctx.low[h] == "group" and h > 0 and ctx.low[h - 1] == "working"):
        return h + 1  # "Working Group on Trade" is a body that meets, like "Council on Exports"
    j = k + 1
    if j < n and ctx.low[j] == "the":
        j += 1
    if j >= n or not ctx.cap[j] or ctx.low[j] in STOP_CAP or _is_year_like(ctx.text[j]):
        return h + 1
    if ctx.low[j] in TITLE_WORDS and not ctx.low[j].endswith("s"):
        return h + 1  # "Head of Department", not a name
    if _run_ends_in_org(ctx, j):
        # "Technology Center of the Czech Academy of Sciences" is one organisation (a unit
        # named with its parent); "Agency of the Ministry" keeps to its own name
        if ctx.low[h] in UNIT_OF_HEADS:
            last = _run_last_cap(ctx, j)  # not None: the run ends in a head
            return max(last + 1, _complement_end(ctx, last, gov=False))
        return h + 1
    end = h + 1
    prev_plural = False
    while j < n:
        t, lo = ctx.text[j], ctx.low[j]
        if ctx.space[j]:
            break
        if ctx.glued(j):
            if end == j and j + 2 < n and ctx.text[j + 1][:1].isalnum() and not ctx.space[j + 1] \
                    and (ctx.cap[j + 2] or ctx.punct[j + 2]):
                # "of High-tech Industry": a hyphenated word is one word whatever its case
                # (not where lower-case words run on: "of High-tech industry" ends unknown)
                end = j + 2
                j += 2
                continue
            j += 1
            continue
        if ctx.cap[j] and not ctx.punct[j] and lo not in STOP_CAP and (
                lo not in TITLE_WORDS or (lo.endswith("s") and ctx.low[j - 1] == "of")):
            if j > k + 1 and _person_run(ctx, j):
                break
            if prev_plural and j - 1 >= 0 and ctx.cap[j - 1] and not is_generic_word(t) and \
                    not (city_of(t) or country_of_name(t)):
                # "Alliance of Incubators Arno Veltin"; a place is no person's name:
                # "Incubator of Applied Faculties Dunmore" keeps its town
                break
            end = j + 1
            prev_plural = len(t) > 3 and t.endswith("s") and not t.endswith("ss") and \
                not country_of_name(t)
            if (country_of_name(t) or (city_of(t) and not ctx.cap[min(j + 1, n - 1)])) and \
                    not (j + 1 < n and ctx.glued(j + 1)):  # "for Agri-Food": no town "Agri"
                # a country ends the complement unless "of" continues it
                if not (j + 1 < n and ctx.low[j + 1] in ("of",)):
                    break
            j += 1
            continue
        if lo == "of" and end == j:
            e2 = _of_country_tail(ctx, j)
            if e2 > j + 1 and ctx.text[e2 - 1] not in _POSSESSIVE and \
                    not (e2 < n and ctx.low[e2] == "of"):
                end = e2  # "... of Saudi Arabia", "... of the People's Republic of China"
                break
        if lo in ("of", "for", "and", "&", "the", "de", "on") and j + 1 < n:
            nxt = j + 1
            if ctx.low[nxt] == "the":
                nxt += 1
            if nxt >= n or not ctx.cap[nxt] or ctx.low[nxt] in STOP_CAP:
                break
            if _run_ends_in_org(ctx, nxt):
                break
            if lo in ("and", "&") and nxt != j + 1:
                break  # "Agency for Economic Cooperation and the Polish ... Agency"
            prev_plural = False
            j += 1
            continue
        if t == "," and (gov or HEADS[ctx.low[h]] == "academic"):
            e2 = _comma_continuation(ctx, j)
            if e2 and (gov or all(is_generic_word(ctx.text[q]) for q in range(j + 1, e2)
                                  if not ctx.punct[q])):
                # "University of Construction, Transport and Architecture"
                end = _of_country_tail(ctx, e2)
            break
        break
    if gov and end > k + 2:
        end = _person_tail(ctx, k + 2, end) or end  # "Minister of Trade Darya Kulmanova"
    return end


# Particles inside people's names ("Le Minh Hoan", "Abdullah bin Zayed")
_PERSON_PARTICLES = frozenset({"le", "van", "de", "al", "el", "bin", "ibn", "abu", "von", "da",
                               "di", "du", "ul", "ben"})


def _name_word(ctx: Ctx, j: int) -> bool:
    """Token j could be part of a person's name and of no organisation's name."""
    t, lo = ctx.text[j], ctx.low[j]
    if not t.isalpha() or not t[:1].isupper() or (len(t) > 1 and t.isupper()):
        return False
    if lo in STOP_CAP or lo in TITLE_WORDS or lo in PERSON_TITLES or lo in HEADS:
        return False
    if lo not in _PERSON_PARTICLES and is_generic_word(t):
        return False
    return not (country_of_name(t) or country_of_demonym(t) or city_of(t))


def _person_tail(ctx: Ctx, s: int, e: int) -> int | None:
    """Where a person's name starts at the end of the name run [s, e), right after the
    organisation's last descriptive word ("Ministry of Rural Affairs Ilse
    Varga" -> at "Ilse"); None when there is none."""
    k = e
    while k - 1 >= s and not ctx.space[k - 1] and _name_word(ctx, k - 1):
        k -= 1
    while k < e and ctx.low[k] in _PERSON_PARTICLES and \
            not (k + 1 < e and k > s and ctx.low[k - 1] not in _PERSON_PARTICLES):
        k += 1  # "... Committee Le Quoc Hung": "Le" opens the name; a trailing one does not
    ext = e  # the run may have stopped where spaCy's PERSON entity starts
    while ext < ctx.n and ctx.ent_label[ext] == "PERSON" and not ctx.space[ext] and \
            _name_word(ctx, ext):
        ext += 1
    words = [j for j in range(k, ext) if ctx.low[j] not in _PERSON_PARTICLES]
    if k <= s or not 2 <= len(words) <= 4:
        return None
    prev = ctx.text[k - 1]
    if ctx.space[k - 1] or not ctx.cap[k - 1] or not is_generic_word(prev) or \
            ctx.low[k - 1] in NAME_CONNECTORS:
        return None
    return k


def _of_country_tail(ctx: Ctx, e: int) -> int:
    """Extend over "of [the] <Country>" ("..., Technology and Innovation of Argentina")."""
    n = ctx.n
    if e >= n or ctx.low[e] != "of":
        return e
    j = e + 1
    if j < n and ctx.low[j] == "the":
        j += 1
    for m in (6, 5, 4, 3, 2, 1):
        # "of the People's Republic of China": the country's name may hold "'s" and "of"
        # no line break anywhere in it, its last token included: "of the Republic of
        # Korea.\n\nAs well as ..." ends at "Korea", not in the next paragraph
        if j + m <= n and ctx.cap[j] and not ctx.punct[j + m - 1] and not any(
                ctx.space[k] for k in range(j, j + m)):
            if country_of_name(ctx.body[ctx.idx[j]:ctx.tend(j + m - 1)]):
                return j + m
    return e


def _run_last_cap(ctx: Ctx, j: int) -> int | None:
    """Last capitalised token of the name run from j; None when it has none."""
    k = j
    last = None
    while k < ctx.n and not ctx.space[k] and (ctx.cap[k] or ctx.glued(k)) and \
            not ctx.punct[k] or (k < ctx.n and ctx.glued(k)):
        if ctx.cap[k]:
            last = k
        k += 1
    return last


def _person_run(ctx: Ctx, j: int) -> bool:
    """A person's name starts at token j: the tagger or a first name says so, and the
    capitalised run from j does not end in a plural generic noun ("Rural Industries",
    "Family Enterprises" read as a person are a field of the name before them)."""
    if not ctx.person_start(j):
        return False
    last = _run_last_cap(ctx, j)
    if last is None or last == j:
        return True
    t = ctx.text[last]
    return not (t.endswith("s") and is_generic_word(t))


def _run_ends_in_org(ctx: Ctx, j: int) -> bool:
    """The capitalised run from j ends in a singular head noun: another organisation."""
    last = _run_last_cap(ctx, j)
    return last is not None and ctx.low[last] in HEADS and ctx.low[last] not in ("capital",)


def _comma_continuation(ctx: Ctx, comma: int, ands: tuple[str, ...] = ("and", "&")) -> int | None:
    """'Ministry of Transport, Communications and High Technologies', 'Ministry of
    Education, Science & Technology': items with no head."""
    j = comma + 1
    n = ctx.n
    seen_and = False
    end = None
    items = 0
    while j < n and items < 6:
        run_start = j
        while j < n and (ctx.cap[j] or ctx.glued(j)) and not ctx.punct[j] or \
                (j < n and ctx.glued(j)):
            lo = ctx.low[j]
            if seen_and and j > run_start and (ctx.person_start(j) or not is_generic_word(
                    ctx.text[j])):
                break  # "... and Aerospace Industry Aidos Serikbayev"
            if lo in HEADS or lo in TITLE_WORDS or lo in STOP_CAP or ctx.ent_label[j] == "PERSON":
                return None
            if place_country(ctx.text[j]):
                return None
            j += 1
        if j == run_start or sum(1 for q in range(run_start, j) if not ctx.glued(q)) > 3:
            return None  # (a hyphen inside "Knowledge-Based" is no word of its own)
        items += 1
        if seen_and:
            end = j
            break
        if j < n and ctx.text[j] == ",":
            j += 1
            if j < n and ctx.low[j] in ands:
                j += 1
                seen_and = True
        elif j < n and ctx.low[j] in ands:
            j += 1
            seen_and = True
        else:
            return None
        if seen_and and j + 1 < n and ctx.low[j] == "the" and ctx.cap[j + 1]:
            j += 1  # "Ministry of Information, Communications and the Digital Economy"
    return end


def _is_year_like(t: str) -> bool:
    return bool(YEAR.search(t))


def head_spans(ctx: Ctx) -> list[Cand]:
    """Spans built around head nouns, with their head class."""
    out: list[Cand] = []
    n = ctx.n
    for h in range(n):
        if ctx.text[h] in LEGAL_PREFIXES and not ctx.furniture[h] and \
                (h == 0 or not ctx.cap[h - 1] or ctx.punct[h - 1] or ctx.space[h - 1]):
            # 'JSC "Uztelecom Digital"', 'LLC Silk Road Soft'
            q = _quoted_after(ctx, h + 1)
            if q is None and h + 1 < n and ctx.cap[h + 1] and not ctx.punct[h + 1]:
                q = h + 1
                while q < n and ctx.cap[q] and not ctx.punct[q] and not ctx.space[q] \
                        and ctx.low[q] not in STOP_CAP and q - h <= 6:
                    q += 1
            if q is not None and q > h + 1:
                out.append(_mk(ctx, h, q, "head", hclass="company"))
            continue
        if not _is_head(ctx, h) or ctx.furniture[h]:
            continue
        lo = ctx.low[h]
        cap_head = ctx.cap[h]
        # a head glued to the word before it ("Tech-Park Harnby") is no person's name
        glued_on = h >= 2 and ctx.glued(h - 1) and not ctx.punct[h - 2]
        # "Park" as a Korean surname: "Director ... Park Sunjin"
        if lo == "park" and cap_head and not glued_on and (
                ctx.person_start(h) or _surname_park(ctx, h)):
            continue
        if lo == "park" and ctx.ent_label[h] == "PERSON" and ctx.ent_end[h] == h + 1 and \
                not any(ctx.low[k] in TECH_WORDS for k in range(ctx.ent_start[h], h)):
            continue  # "Victoria Park, a partner at ..."
        if ctx.ent_label[h] == "PERSON" and ctx.ent_start[h] == h and ctx.ent_end[h] > h + 1 \
                and not glued_on \
                and not _any_head(ctx, h + 1, ctx.ent_end[h]) and lo not in FOREIGN_HEADS \
                and HEADS.get(lo) not in ("ministry", "agency", "academic", "embassy",
                                          "foundation", "cluster"):
            continue  # "Park Sunjin"; never "Fundación Málaga Digital", "Ministry of X"
        if (lo in LEGAL_SUFFIXES or lo in ("sp", "sp.")) and lo not in HEADS:
            t = ctx.text[h]
            if len(t) == 2 and t[0].isupper() and t[1].islower() and lo not in ("co", "oy"):
                continue  # "Sa", "As", "Ou" in title case are words ("Th Fr Sa"), not "SA", "AS", "OÜ"
            s = _left_start(ctx, h)
            if s == h:
                continue
            e = _multi_legal_end(ctx, h) or _legal_tail(ctx, h + 1)
            out.append(_mk(ctx, s, e, "head", hclass="company"))
            continue
        s = _left_start(ctx, h, lower_ok=False)
        inner_acr = None
        if cap_head and s == h and h >= 4 and ctx.text[h - 1] == ")" and \
                ctx.text[h - 3] == "(" and is_acronym(ctx.text[h - 2]) and ctx.cap[h - 4] and \
                not ctx.punct[h - 4] and ctx.low[h - 4] not in STOP_CAP:
            s2 = _left_start(ctx, h - 3)  # "... Testing (NRDT) Office": the name runs on
            if s2 < h - 3:
                s, inner_acr = s2, h - 2
        if cap_head and s < h and s > 1:
            s = _comma_list_start(ctx, s)
        if not cap_head and h > 0 and ctx.low[h - 1] in HEADS:
            continue  # "the Velmopark coworking space", "IT Park office"
        if HEADS[lo] == "embassy" and s == h and h >= 2 and _is_poss(ctx, h - 1) and \
                _is_countryish(ctx.text[h - 2]):
            s = h - 2  # "Pakistan's Embassy in Beijing": whose embassy is part of its name
        if not cap_head and HEADS[lo] == "embassy":
            e = _lower_embassy_end(ctx, s, h)
            if e is not None:  # "the Hungarian embassy in Berlin": named by its seat
                c = _mk(ctx, s, e, "head", hclass="embassy")
                c.lower_head = True
                out.append(c)
                continue
        if not cap_head:
            # lower-case head: a name only with a proper or field modifier ("Velmari IT park")
            if s == h:
                if lo in ANAPHOR_HEADS and _anaphor_context(ctx, h):
                    c = _mk(ctx, h, h + 1, "anaphor", hclass=HEADS[lo])
                    c.lower_head = True  # "the agency reported": only when unambiguous
                    out.append(c)
                continue
            if h + 1 < n and ctx.low[h + 1] in ("of", "for") and not ctx.cap[h - 1]:
                continue
            mods = [ctx.text[k] for k in range(s, h) if ctx.cap[k]]
            if not mods:
                continue
            if all(_is_countryish(m) or is_region(m) or city_of(m) for m in mods):
                if lo in ANAPHOR_HEADS and s > 0 and ctx.low[s - 1] in ("the", "this", "its"):
                    c = _mk(ctx, s, h + 1, "anaphor", hclass=HEADS[lo])
                    c.lower_head = True
                    out.append(c)
                continue  # "Korean technoparks", "the Lanzhou park": descriptions
        organ = False
        if lo in WEAK_HEADS:
            before = tuple(ctx.text[k] for k in range(s, h))
            from pipeline.extract.org_names import _weak_ok
            if not _weak_ok(lo, before):
                if not _organ_of_parent(ctx, s, h):
                    continue
                organ = True
        if lo == "region" and h + 1 < n and ctx.cap[h + 1] and not ctx.punct[h + 1]:
            continue  # "Harnby City Region Open Data Cooperative": the name goes on
        if lo == "delegation":
            # a body only as a bloc's mission ("EU Delegation to Georgia", "Delegation of
            # the European Union"); "Kazakh Delegation" in a headline is a visit
            after = " ".join(ctx.low[h + 1:h + 5])
            if not (any(ctx.low[k] in ("eu", "un", "european", "permanent") for k in range(s, h))
                    or re.match(r"of (?:the )?(?:eu|european union|united nations|un)\b", after)):
                continue
        gov = HEADS[lo] in ("ministry", "committee", "agency", "department", "government",
                            "authority", "administration", "service", "council", "commission",
                            "embassy", "mission")
        hh = h
        if lo == "consulate" and cap_head:
            # "Consulate General of Uzbekistan", "Consulate-General of Japan"
            k = h + 1
            if k < n and ctx.glued(k):
                k += 1
            if k < n and ctx.low[k] == "general":
                hh = k
        e = _complement_end(ctx, hh, gov) if cap_head else h + 1
        if lo in FOREIGN_HEADS and cap_head:
            e = max(e, _foreign_end(ctx, h))  # "Parque Tecnológico del Litoral"
        if e == hh + 1 and cap_head:
            q = _quoted_after(ctx, hh + 1)  # 'Free Economic Zone "Navoi Innovations"'
            e = q if q is not None else _suffix_end(ctx, s, hh)
        if HEADS[lo] in ("embassy", "mission") or (lo == "office" and any(
                ctx.low[k] in SEATED_OFFICE_WORDS for k in range(s, h))):
            e = _seat_tail(ctx, e)  # "Embassy of India in Uzbekistan", "EU Delegation to Georgia"
        elif cap_head and lo in ("park", "parks") and s < h and e == h + 1 and \
                ctx.low[e:e + 1] == ["in"] and all(is_generic_word(ctx.text[k]) for k in range(s, e)):
            # a descriptive park name is told apart by its city: "Science and Technology
            # Park in Kaunas" (not "Kaunas Science Park in Lithuania", "IT Park in Latvia",
            # "Norvale Engineering City in <City>": only the word "park" asks for its city)
            e2 = _seat_tail(ctx, e)
            if e2 > e and city_of(ctx.body[ctx.idx[e2 - 1]:ctx.tend(e2 - 1)]) and \
                    not country_of_name(ctx.text[e2 - 1]):
                e = e2
        e = _legal_tail(ctx, e)
        if cap_head:
            e = _named_after_tail(ctx, e)  # "Osh Technological University named after M. Adyshev"
        if s == h and e == h + 1:
            # a bare head: "Technopark" is a name, "the Park" an anaphor
            if lo in ANAPHOR_HEADS and not (lo in COMPOUND_HEADS and cap_head):
                c = _mk(ctx, h, h + 1, "anaphor", hclass=HEADS[lo])
                c.lower_head = not cap_head
                if _anaphor_context(ctx, h):
                    out.append(c)
                continue
            if not cap_head or lo not in COMPOUND_HEADS:
                continue
        c = _mk(ctx, s, e, "head", hclass=HEADS.get(lo, "company"))
        c.lower_head = not cap_head
        if organ:
            c.evidence.add("organ")  # an acronym in brackets after it is its parent's
        campus = _dash_place_tail(ctx, e) if cap_head and HEADS[lo] == "academic" else e
        if campus > e:  # "University of Engineering - Jamshoro": a form of the name
            c.alias_texts = [*c.alias_texts, ctx.body[c.cs:ctx.tend(campus - 1)]]
        if inner_acr is not None:
            # "National Research, Design and Testing (NRDT) Office" names
            # "National Research, Design and Testing Office", also "NRDT Office"
            tail = ctx.body[ctx.idx[h]:c.ce]
            c.display = ctx.body[c.cs:ctx.tend(inner_acr - 2)] + " " + tail
            c.alias_texts = [ctx.text[inner_acr] + " " + tail]
            c.acr = ctx.text[inner_acr]
        out.append(c)
    # keep the longest of nested spans ("Park Centre" over "Park"); when two spans
    # overlap, the earlier keeps its words and the later starts after it
    # ("Ministry of Transport, Communications and High Technologies and Turkish Technopark")
    out.sort(key=lambda c: (c.cs, -(c.ce - c.cs)))
    kept: list[Cand] = []
    for c in out:
        if kept and c.cs < kept[-1].ce:
            if c.rule == "anaphor" or c.ce <= kept[-1].ce:
                continue
            s = kept[-1].end
            while s < c.end and (ctx.low[s] in ("and", "&", "of", "for", "the", ",") or
                                 ctx.text[s] in _DASHES or ctx.punct[s]):
                s += 1
            if s >= c.end:
                continue
            c.start, c.cs = s, ctx.idx[s]
        kept.append(c)
    return kept


def _organ_of_parent(ctx: Ctx, s: int, h: int) -> bool:
    """Tokens [s, h] are an organ of another organisation named right after it as its
    parent: "Supervisory Board of the Riga Technology Park" names one body, that board.
    Not after a person's title ("Chairman of the Management Board of X": the person's
    role, X is the organisation)."""
    if s == h or ctx.low[h] not in UNIT_OF_HEADS or \
            not all(ctx.low[k] in ORGAN_BOARD_WORDS for k in range(s, h)):
        return False
    k = h + 1
    if k >= ctx.n or ctx.low[k] != "of" or ctx.space[h]:
        return False
    j = k + 1
    if j < ctx.n and ctx.low[j] == "the":
        j += 1
    if j >= ctx.n or not ctx.cap[j] or not _run_ends_in_org(ctx, j):
        return False
    p = s - 1
    if p >= 0 and ctx.low[p] == "the":
        p -= 1
    return not (p >= 0 and ctx.low[p] == "of")


def _foreign_end(ctx: Ctx, h: int) -> int:
    """End of a name after a head of another language: capitalised words and the
    connectors of that language ("Agencia de Innovación y Desarrollo de Andalucía",
    "Institut für Technologie", "Agence Régionale de l'Innovation du Grand Est")."""
    n = ctx.n
    j = h + 1
    end = h + 1
    if ctx.space[h]:
        return end
    while j < n and not ctx.space[j]:
        lo = ctx.low[j]
        if ctx.glued(j) and end == j:
            j += 1
            continue
        if ctx.cap[j] and not ctx.punct[j] and lo not in STOP_CAP and lo not in TITLE_WORDS:
            if j > h + 1 and ctx.person_start(j) and ctx.low[j - 1] not in FOREIGN_CONNECTORS:
                break
            end = j + 1
            j += 1
            continue
        if ctx.text[j][:1].isdigit() and j + 1 < n and ctx.cap[j + 1] and end == j and \
                not _is_year_like(ctx.text[j]):
            j += 1  # "Netzwerk Industrie 4.0 Bremen"
            continue
        if lo in FOREIGN_CONNECTORS and lo != "a" and ctx.ws[j - 1] is not None:
            k = j + 1
            while k < n and ctx.low[k] in FOREIGN_CONNECTORS and k - j < 2:
                k += 1  # "de la", "de l'"
            if k < n and ctx.cap[k] and not ctx.punct[k] and ctx.low[k] not in STOP_CAP:
                if lo in ("y", "e", "et", "und", "i", "și", "şi", "en", "och") and \
                        ctx.low[k] in HEADS:
                    break  # "Universidad de Chile y Instituto ...": a second body
                j = k
                continue
        break
    if end < n and ctx.text[end] == "," and HEADS.get(ctx.low[h]) in ("ministry", "agency"):
        # "Ministério da Ciência, Tecnologia e Inovação"
        e2 = _comma_continuation(ctx, end, ands=("and", "&", "y", "e", "et", "und", "i", "și"))
        if e2:
            end = e2
    return end


def _lower_embassy_end(ctx: Ctx, s: int, h: int) -> int | None:
    """End of a lower-case embassy named by its country and seat ("Ruritanian embassy in
    Harnby", "embassy of Velmaria in Quorvia"); None without both."""
    mods = [ctx.text[k] for k in range(s, h) if ctx.cap[k]]
    e = h + 1
    if not mods:
        e = _of_country_tail(ctx, e)  # "embassy of Korea"
        if e == h + 1:
            return None
    elif not all(_is_countryish(m) for m in mods):
        return None
    seat = _seat_tail(ctx, e)
    return seat if seat > e else None


def _seat_tail(ctx: Ctx, e: int) -> int:
    """Extend an embassy-like name over "in <place>" / "to <place>" (its seat)."""
    n = ctx.n
    if e >= n or e == 0 or ctx.low[e] not in ("in", "to") or ctx.space[e - 1]:
        return e
    j = e + 1
    if j < n and ctx.low[j] == "the":
        j += 1
    for m in (5, 4, 3, 2, 1):
        # capitalised words, "of"/"the" inside ("in the Kingdom of Saudi Arabia")
        if j + m > n or not ctx.cap[j] or not ctx.cap[j + m - 1] or not all(
                (ctx.cap[k] or ctx.low[k] in ("of", "the")) and not ctx.space[k]
                for k in range(j, j + m)):
            continue
        chunk = ctx.body[ctx.idx[j]:ctx.tend(j + m - 1)]
        if country_of_name(chunk) or (m <= 3 and city_of(chunk)) or \
                chunk in ("United Nations", "UN", "EU", "European Union", "OSCE", "WTO"):
            if j + m < n and ctx.cap[j + m] and not ctx.punct[j + m] and \
                    ctx.low[j + m] not in STOP_CAP:
                return e  # "... in Tashkent Region Office": unclear
            return j + m
    return e


def _dash_place_tail(ctx: Ctx, e: int) -> int:
    """End of " - <City>" after an institution's name, which writers add or leave out
    ("Institute of Management Sciences - Quetta"): a spaced dash, one to three
    capitalised words naming a city or region, then the end of the name (punctuation, a
    lower-case word or the end of the text). `e` when there is none."""
    n = ctx.n
    if e >= n - 1 or e == 0 or ctx.text[e] not in _DASHES or not ctx.ws[e - 1] or not ctx.ws[e]:
        return e
    j = e + 1
    for m in (3, 2, 1):
        if j + m > n or not all(ctx.cap[k] and not ctx.punct[k] and not ctx.space[k]
                                for k in range(j, j + m)):
            continue
        chunk = ctx.body[ctx.idx[j]:ctx.tend(j + m - 1)]
        if not (city_of(chunk) or is_region(chunk)):
            continue
        if j + m < n and ctx.cap[j + m] and not ctx.punct[j + m]:
            return e  # "X - Tashkent Branch ...": the dash starts something else
        return j + m
    return e


def _named_after_tail(ctx: Ctx, e: int) -> int:
    """Extend a name over "named after <Person>", part of many institutions' names."""
    n = ctx.n
    if e + 2 >= n or ctx.low[e] != "named" or ctx.low[e + 1] != "after" or ctx.space[e - 1] or ctx.space[e]:
        return e
    j = e + 2
    while j < n and j - (e + 2) < 5 and ctx.cap[j] and not ctx.punct[j] and not ctx.space[j - 1]:
        j += 1
    return j if j > e + 2 else e


def _quoted_after(ctx: Ctx, j: int) -> int | None:
    """End (after the closing quote) of a quoted capitalised name starting at token j."""
    n = ctx.n
    if j >= n or ctx.text[j] not in _OPEN_QUOTES or ctx.text[j] in ("'", "’"):
        return None
    k = j + 1
    if k >= n or not ctx.cap[k]:
        return None
    while k < n and k - j <= 8:
        t = ctx.text[k]
        if t in _CLOSE_QUOTES and k > j + 1:
            return k + 1
        if ctx.space[k] or t in (",", ".", ";", "(", ")", ":"):
            return None
        k += 1
    return None


def _surname_park(ctx: Ctx, h: int) -> bool:
    """'KOICA Uzbekistan Park Sunjin': Park followed by a given name, no field word before."""
    nxt = h + 1
    if nxt >= ctx.n or not ctx.cap[nxt] or ctx.space[h]:
        return False
    lo = ctx.low[nxt]
    if lo in HEADS or lo in ("of", "for") or is_acronym(ctx.text[nxt]) or place_country(ctx.text[nxt]):
        return False
    k = h - 1
    while k >= 0 and ctx.cap[k] and not ctx.space[k]:
        if ctx.low[k] in TECH_WORDS or any(p in TECH_WORDS for p in ctx.low[k].split("-")):
            return False
        k -= 1
    return True


def _suffix_end(ctx: Ctx, s: int, h: int) -> int:
    """Head + country/city or acronym when the name so far is generic ("IT Park Uzbekistan")."""
    n = ctx.n
    j = h + 1
    if j >= n or ctx.space[h] or not ctx.ws[h]:
        return h + 1
    words = [ctx.text[k] for k in range(s, h + 1)]
    generic = all(is_generic_word(w) or _is_countryish(w) for w in words if w not in _DASHES)
    if not generic:
        return h + 1
    for m in (3, 2, 1):
        if j + m > n:
            continue
        if not all(ctx.cap[k] and not ctx.punct[k] for k in range(j, j + m)):
            continue
        chunk = ctx.body[ctx.idx[j]:ctx.tend(j + m - 1)]
        if country_of_name(chunk) or (m <= 2 and city_of(chunk)):
            if j + m < n and ctx.cap[j + m] and not ctx.punct[j + m] and \
                    ctx.low[j + m] not in STOP_CAP:
                return h + 1  # "IT Park Tashkent Region Office": unclear, keep short
            return j + m
    t = ctx.text[j]
    followed = j + 1 < n and ctx.cap[j + 1] and not ctx.punct[j + 1]
    if _ACR_TOKEN.match(t) and is_acronym(t) and t.lower() not in CONCEPTS and \
            not place_country(t) and not followed:
        return j + 1
    # a place the gazetteer lacks: "Digital Park Erdenet", "IT Park Yunusabad"
    if t.isalpha() and t[0].isupper() and t[1:].islower() and len(t) > 2 and not followed \
            and t.lower() not in STOP_CAP and t.lower() not in TITLE_WORDS \
            and t.lower() not in HEADS and not is_generic_word(t) \
            and ctx.ent_label[j] in ("", "GPE", "LOC", "ORG", "FAC") \
            and not (ctx.sent_start[j]):
        return j + 1
    return h + 1


def _multi_legal_end(ctx: Ctx, i: int) -> int | None:
    """End of a legal form written in several tokens at i ("Sp. z o.o.")."""
    n = ctx.n
    j = i
    if ctx.text[j] in ("Sp", "sp") and j + 1 < n and ctx.text[j + 1] == ".":
        j += 2
    elif ctx.text[j] in ("Sp.", "sp."):
        j += 1
    else:
        return None
    if j < n and ctx.low[j] == "z" and j + 1 < n and ctx.low[j + 1].startswith("o.o"):
        j += 2
        if j < n and ctx.text[j] == "." and not ctx.low[j - 1].endswith("o.o."):
            # the closing full stop is the legal form's unless the sentence ends there
            j += 1 if (j + 1 >= n or not ctx.text[j + 1][:1].isupper()) else 0
        return j
    return None


def _legal_tail(ctx: Ctx, e: int) -> int:
    """Extend over 'LLC', ', Ltd.', 'Sp. z o.o.' after a company name."""
    n = ctx.n
    if 0 < e < n and not ctx.space[e - 1]:
        m = _multi_legal_end(ctx, e)
        if m:
            return m
    if e < n and ctx.low[e] in LEGAL_SUFFIXES and ctx.cap[e] and ctx.low[e] not in HEADS:
        e += 1
    if e + 1 < n and ctx.text[e] == "," and ctx.low[e + 1] in COMMA_LEGAL and \
            ctx.cap[e - 1] and (e + 2 >= n or not ctx.cap[e + 2] or ctx.punct[e + 2]):
        e += 2  # "Vostok Data Systems, Inc.", "Samsung ... Co., Ltd."
    return e


def _anaphor_context(ctx: Ctx, h: int) -> bool:
    """'the Park', 'this Agency', 'its park', "the Organization's" (not 'a park')."""
    if h == 0:
        return False
    p = ctx.low[h - 1]
    if p in ("the", "this", "its", "our", "that"):
        nxt = ctx.low[h + 1] if h + 1 < ctx.n else ""
        return nxt not in ("of", "for") and not (h + 1 < ctx.n and ctx.cap[h + 1]
                                                 and not ctx.punct[h + 1]
                                                 and ctx.text[h + 1] not in _POSSESSIVE)
    return False


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")  # "17th" (fullmatch); ordinal words: ORDINAL_WORDS


def _mk(ctx: Ctx, s: int, e: int, rule: str, **kw) -> Cand:
    if e - s >= 3 and _ORDINAL.fullmatch(ctx.low[s]) and ctx.cap[s + 1]:
        s += 1  # "the 17th Kazakh-Estonian Commission": the session's number, not the name
    return Cand(start=s, end=e, cs=ctx.idx[s], ce=ctx.tend(e - 1), rule=rule, **kw)


# ------------------------------------------------------------------ entities


def _cut_person_after_head(ctx: Ctx, s: int, t: int) -> int:
    """End of an entity without the person's name glued after its head noun: "City People's
    Committee Nguyen Van An" -> "... Committee". Two or more words after the head that are
    neither field words, places, acronyms nor heads are a name, not the body's."""
    for k in range(s + 1, t - 2):
        if ctx.low[k] not in HEADS or not ctx.cap[k]:
            continue
        rest = range(k + 1, t)
        if not all(ctx.cap[j] and not ctx.punct[j] for j in rest):
            continue
        if any(ctx.low[j] in HEADS or ctx.low[j] in NAME_CONNECTORS or place_country(ctx.text[j])
               or is_region(ctx.text[j]) or is_acronym(ctx.text[j]) for j in rest):
            continue
        if sum(not is_generic_word(ctx.text[j]) for j in rest) >= 2:
            return k + 1
    return t


def ent_spans(ctx: Ctx, taken: list[tuple[int, int]]) -> list[Cand]:
    """spaCy entities with no head noun, trimmed to a clean name."""
    out: list[Cand] = []
    index = SpanIndex(taken)
    for e in ctx.doc.ents:
        if e.label_ not in _ENT_LABELS:
            continue
        s, t = e.start, e.end
        # cut at the first comma, bracket, quote or line break
        k = s
        while k < t and not (ctx.space[k] or ctx.text[k] in {",", "(", ")", ";", ":"} or
                             ctx.text[k] in _OPEN_QUOTES | _CLOSE_QUOTES):
            k += 1
        t = k
        while s < t and (ctx.low[s] in ("the", "a", "an") or ctx.punct[s]):
            s += 1
        # "UNDP Resident Representative" -> "UNDP": a title ends the name
        for k in range(s + 1, t):
            if ctx.low[k] in TITLE_WORDS and ctx.low[k - 1] != "of":
                t = k
                break
        t = _cut_person_after_head(ctx, s, t)
        # "Kazakh company Steppe Cloud" -> "Steppe Cloud", country KZ
        cc = None
        k = s
        if k < t and _is_countryish(ctx.text[k]) and k + 1 < t and ctx.text[k + 1].islower():
            cc = country_of_name(ctx.text[k]) or country_of_demonym(ctx.text[k])
            k += 1
        if k < t and ctx.text[k].islower():
            while k < t and ctx.text[k].islower():
                k += 1
            s = k
        else:
            cc = None
        while t > s and (ctx.punct[t - 1] and not ctx.text[t - 1].endswith(".") or
                         ctx.text[t - 1] in _POSSESSIVE or ctx.space[t - 1]):
            t -= 1
        if t <= s:
            continue
        t = _legal_tail(ctx, t)
        cs, ce = ctx.idx[s], ctx.tend(t - 1)
        if index.overlaps(cs, ce):
            continue
        if any(ctx.text[k] in _DASHES and not ctx.glued(k) for k in range(s, t)):
            continue  # "Le Hoai Quoc - Head", "Viet - Kor"
        c = Cand(start=s, end=t, cs=cs, ce=ce, rule="ent", label=e.label_)
        if cc:
            c.country, c.cstrength = cc, 3
        out.append(c)
    return out


# ------------------------------------------------------------------ company contexts

_INTRO_WORDS = frozenset({"including", "like", "namely", "notably", "incl.", "e.g.", "viz."})
_WEAK_NOUNS = frozenset({"developer", "developers", "investor", "investors", "resident",
                         "clients", "customers", "partners",
                         "residents", "members", "participants", "finalists", "winners",
                         "teams", "maker", "makers", "producer", "producers", "contractor",
                         "contractors", "exporter", "exporters", "supplier", "suppliers",
                         "operator", "operators", "provider", "providers", "projects",
                         "tenants"})


def _name_run(ctx: Ctx, j: int, limit: int = 6) -> int:
    """End (exclusive) of a capitalised name starting at token j; j when there is none."""
    n = ctx.n
    if j >= n or not ctx.cap[j] or ctx.punct[j] or ctx.space[j] or ctx.low[j] in STOP_CAP \
            or ctx.low[j] in TITLE_WORDS or ctx.furniture[j]:
        return j
    k = j
    end = j
    while k < n and k - j < limit:
        if ctx.space[k]:
            break
        if ctx.glued(k) and end == k:
            k += 1
            continue
        lo = ctx.low[k]
        if ctx.cap[k] and not ctx.punct[k] and lo not in STOP_CAP and \
                (k == j or lo not in TITLE_WORDS):
            end = k + 1
            k += 1
            continue
        if ctx.text[k] == "&" and end == k and k + 1 < n and ctx.cap[k + 1]:
            k += 1
            continue
        break
    if end > j:
        end = _legal_tail(ctx, end)
    return end


def _left_run(ctx: Ctx, e: int, limit: int = 6) -> int:
    """Start of the capitalised name ending (exclusive) at token e; e when there is none."""
    s = e
    k = e - 1
    while k >= 0 and e - k <= limit:
        if ctx.space[k]:
            break
        if ctx.glued(k) and s == k + 1 and k > 0 and ctx.cap[k - 1]:
            k -= 1
            continue
        lo = ctx.low[k]
        if ctx.cap[k] and not ctx.punct[k] and lo not in TITLE_WORDS and \
                (lo not in STOP_CAP or (k + 1 < e and ctx.glued(k + 1))):
            s = k
            k -= 1
            continue
        break
    while s < e and (ctx.text[s] in _DASHES or ctx.punct[s]):
        s += 1
    return s


def _place_at(ctx: Ctx, j: int) -> tuple[str | None, str | None, int]:
    """(country, city, end) of a place name starting at token j ("the" skipped)."""
    n = ctx.n
    if j < n and ctx.low[j] == "the":
        j += 1
    for m in (3, 2, 1):
        if j + m > n or not all(ctx.cap[k] and not ctx.space[k] and not ctx.punct[k]
                                for k in range(j, j + m)):
            continue
        chunk = ctx.body[ctx.idx[j]:ctx.tend(j + m - 1)]
        cc = country_of_name(chunk)
        if cc:
            return cc, None, j + m
        ci = city_of(chunk)
        if ci:
            return ci[1], ci[0], j + m
        rc = region_country(chunk)
        if rc:
            return rc, None, j + m
    return None, None, j


def _based_place(ctx: Ctx, based: int) -> tuple[str | None, str | None]:
    """Place of "<Place>-based" whose "based" token is at `based`."""
    if based < 2 or ctx.low[based] not in ("based", "headquartered") or not ctx.glued(based - 1):
        return None, None
    k = based - 2
    while k > 0 and ctx.cap[k - 1] and not ctx.space[k - 1] and based - k < 5 and \
            not ctx.punct[k - 1]:
        k -= 1
    place = ctx.body[ctx.idx[k]:ctx.tend(based - 2)]
    cc = country_of_name(place) or country_of_demonym(place)
    if cc:
        return cc, None
    ci = city_of(place)
    if ci:
        return ci[1], ci[0]
    rc = region_country(place)
    return rc, None


def _paragraph_place(ctx: Ctx, i: int) -> tuple[str | None, str | None]:
    """The place an earlier sentence of the same paragraph opens with ("In Armenia, ...")."""
    k = i - 1
    while k >= 0 and not (ctx.space[k] and "\n" in ctx.text[k]):
        if ctx.sent_start[k] and ctx.low[k] in ("in", "at", "across") and k + 1 < ctx.n:
            cc, city, e = _place_at(ctx, k + 1)
            if cc and e < ctx.n and ctx.text[e] == ",":
                return cc, city
        k -= 1
    return None, None


def _noun_place(ctx: Ctx, i: int) -> tuple[str | None, str | None]:
    """Place qualifying the company noun at i: "Georgian startups", "Tbilisi-based startup",
    "local companies" (the paragraph's place), "Armenian technology companies"."""
    k = i - 1
    steps = 0
    while k >= 0 and steps < 3:
        lo = ctx.low[k]
        if lo in ("based", "headquartered"):
            return _based_place(ctx, k)
        if lo == "local":
            return _paragraph_place(ctx, k)
        if ctx.cap[k] and not ctx.punct[k]:
            cc = country_of_demonym(ctx.text[k]) or country_of_name(ctx.text[k])
            if cc:
                return cc, None
            ci = city_of(ctx.text[k])
            if ci and ctx.low[k] not in STOP_CAP:
                return ci[1], ci[0]
            if is_generic_word(ctx.text[k]) and ctx.low[k] not in STOP_CAP:
                k -= 1  # "Uzbek IT companies"
                steps += 1
                continue
            return None, None
        if not (lo.isalpha() and lo.islower()) or lo in ("the", "a", "an", "of", "and", "with",
                                                          "by", "for", "to", "from", "in"):
            return None, None
        k -= 1
        steps += 1
    return None, None


def _list_after(ctx: Ctx, j: int) -> list[tuple[int, int]]:
    """Names listed from token j: "X, Y and Z", "X and the Y"."""
    n = ctx.n
    items: list[tuple[int, int]] = []
    k = j
    while k < n and len(items) < 15:
        if ctx.low[k] == "the" and k + 1 < n and ctx.cap[k + 1]:
            k += 1
        e = _name_run(ctx, k)
        if e == k:
            break
        e = _lower_item_tail(ctx, e) if items else e
        items.append((k, e))
        k = e
        if k < n and ctx.text[k] == "(":  # "X (Georgia)"
            q = k + 1
            while q < n and ctx.text[q] != ")" and q - k < 6:
                q += 1
            if q < n and ctx.text[q] == ")":
                k = q + 1
                # "X (Pvt) Limited": a legal form after the bracket ends the same item
                if k < n and ctx.low[k] in LEGAL_SUFFIXES and ctx.cap[k] and ctx.ws[q]:
                    k += 1
        if k < n and ctx.text[k] in (",", ";"):
            k += 1
            if k < n and ctx.low[k] in ("and", "or"):
                k += 1
            elif k + 2 < n and ctx.low[k] == "as" and ctx.low[k + 1] == "well" and \
                    ctx.low[k + 2] == "as":
                k += 3
            continue
        if k < n and ctx.low[k] in ("and", "or", "&"):
            k += 1
            continue
        break
    return items


def _lower_item_tail(ctx: Ctx, e: int) -> int:
    """End of a listed name that goes on in lower case ("Quill, Brisk aerial, Zentiq"): one or
    two lower-case words after a capitalised run belong to it when a comma and another
    capitalised item follow them. In: the run's end e. Out: the item's end (e when not)."""
    k = e
    while k < ctx.n and k - e < 2 and ctx.low[k].isalpha() and ctx.text[k].islower() and \
            ctx.ws[k - 1] == " " and ctx.low[k] not in _LIST_STOP:
        k += 1
    if k == e or k + 1 >= ctx.n or ctx.text[k] != "," or not ctx.cap[k + 1] or \
            ctx.low[k + 1] in STOP_CAP:
        return e
    return k


# lower-case words that end a list item rather than continue its name
_LIST_STOP = frozenset({"and", "or", "as", "well", "etc", "others", "among", "in", "of", "at",
                        "from", "with", "for", "to", "on", "by", "which", "who", "that", "are",
                        "is", "was", "were", "have", "has", "had", "will", "also", "the", "a",
                        "an", "its", "their", "companies", "startups", "firms"})


def _parent_before_list(ctx: Ctx, j: int) -> int:
    """After a company noun, "of/at <Name> –" or "of/at the <Name>:" that introduces a list
    ("resident companies of Zentiq Park – Ostrel and Lumio"). In: the token j of "of"/"at".
    Out: the dash or colon's token, or j when no such name and dash or colon follow."""
    k = j + 1
    while k < ctx.n and ctx.space[k] and "\n" not in ctx.text[k]:
        k += 1  # a doubled space
    if k < ctx.n and ctx.low[k] == "the":
        k += 1
    e = _name_run(ctx, k)
    if e == k or e >= ctx.n or ctx.text[e] not in (":", "–", "—"):
        return j
    return e


def _quoted_name_end(ctx: Ctx, j: int) -> int | None:
    """A capitalised name in quotes opening at token j ('"Zentiq Labs"'): the token after the
    name when the closing quote follows it at once, else None."""
    if j >= ctx.n or ctx.text[j] not in _OPEN_QUOTES | _CLOSE_QUOTES or ctx.space[j]:
        return None
    e = _name_run(ctx, j + 1)
    if e == j + 1 or e >= ctx.n or ctx.text[e] not in _CLOSE_QUOTES:
        return None
    return e


def _sentence_adverb(ctx: Ctx, k: int) -> bool:
    """"Generally, a data centre is ...": a capitalised adverb opening the sentence."""
    return (k == 0 or ctx.sent_start[k] or ctx.space[k - 1] or ctx.punct[k - 1]) and \
        (ctx.low[k] in STOP_CAP or (ctx.low[k].endswith("ly") and ctx.low[k].isalpha()))


# Words after which an apposition's noun phrase no longer describes the name before it
_CLAUSE_WORDS = frozenset({"of", "in", "at", "for", "from", "with", "that", "which", "who",
                           "whose", "and", "to", "by", "on"})


def _list_before(ctx: Ctx, e: int) -> list[tuple[int, int]]:
    """Names listed right before token e: "X & Y, Z and W" -> [X & Y, Z, W]."""
    items: list[tuple[int, int]] = []
    while e > 0 and len(items) < 10:
        s = _left_run(ctx, e)
        while s >= 2 and ctx.text[s - 1] == "&" and ctx.cap[s - 2] and not ctx.space[s - 2]:
            s = _left_run(ctx, s - 1)  # "Quorvia & Holt": one name
        if s >= e or ctx.low[s] in STOP_CAP:
            break
        items.append((s, e))
        k = s - 1
        if k >= 0 and ctx.low[k] in ("and", "or"):
            k -= 1
            if k >= 0 and ctx.text[k] == ",":
                k -= 1
        elif not (k >= 0 and ctx.text[k] == ","):
            break
        else:
            k -= 1
        e = k + 1
    return items[::-1]


def _clause_intro(ctx: Ctx, j: int, limit: int = 14) -> int | None:
    """After a plural noun, the token after a later "include"/"such as"/"like" of the same
    clause when a capitalised name follows it ("MNCs that opened here include X, Y")."""
    for k in range(j, min(ctx.n - 1, j + limit)):
        lo = ctx.low[k]
        if ctx.space[k] or ctx.text[k] in (".", ";", ":", "!", "?", ",", "(", ")") or \
                ctx.sent_start[k] and k > j:
            return None
        nxt = k + 1
        if lo in ("include", "included", "including", "like") or (lo == "are" and ctx.low[nxt] in (
                "among", "including")):
            pass
        elif lo == "such" and ctx.low[nxt] == "as":
            nxt += 1
        else:
            continue
        if ctx.low[nxt] in ("among", "the") and nxt + 1 < ctx.n:
            nxt += 1
        return nxt if nxt < ctx.n and ctx.cap[nxt] and ctx.low[nxt] not in STOP_CAP else None
    return None


def company_spans(ctx: Ctx) -> list[Cand]:
    """Company names read from their context, with or without a head noun.

    "startups such as X, Y and Z", "Georgian startups X and Y", "startups from Georgia:
    X, Y", "resident companies of Y Park – X, Z", 'the company "X"', 'a startup called
    "X"', "the fintech X", "X, a Tbilisi-based startup", "X's founder", "CEO of X".
    """
    out: list[Cand] = []
    n = ctx.n

    def add(s: int, e: int, cc: str | None, city: str | None, strong: bool,
            described: str | None = None) -> None:
        if e <= s or ctx.furniture[s]:
            return
        c = Cand(start=s, end=e, cs=ctx.idx[s], ce=ctx.tend(e - 1), rule="company")
        c.evidence.add("company-strong" if strong else "company")
        if described:  # "X, the Crown research institute": typed by that noun
            c.evidence.add("described:" + described)
        if cc:
            c.country, c.cstrength = cc, 3
            c.city = city
        out.append(c)

    for i in range(n):
        lo = ctx.low[i]
        if ctx.furniture[i]:
            continue
        if lo in COMPANY_NOUNS and (not ctx.text[i][:1].isupper() or ctx.sent_start[i] or
                                    ctx.text[i][:-1].isupper()):  # "MNCs"
            # "X & Y and Z are among firms that ...": the list before the verb
            if lo.endswith("s") and lo not in COMPANY_NOUNS_WEAK:
                k = i - 1
                while k > i - 3 and k >= 0 and ctx.low[k].isalpha() and \
                        ctx.low[k].islower() and ctx.low[k] != "among":
                    k -= 1  # "among the leading firms"
                if k >= 2 and ctx.low[k] == "among" and ctx.low[k - 1] in ("are", "were"):
                    for s, e in _list_before(ctx, k - 1):
                        add(s, e, None, None, True)
                    continue
            cc, city = _noun_place(ctx, i)
            j = i + 1
            if j < n and ctx.low[j] == "from":  # "startups from Georgia: X, Y"
                pc, pcity, pj = _place_at(ctx, j + 1)
                if pc:
                    cc, city, j = pc, pcity, pj
            elif j < n and ctx.low[j] in ("of", "at"):  # "the companies of Zentiq Park – X, Y"
                j = _parent_before_list(ctx, j)
            if j + 1 < n and ctx.text[j] == "," and ctx.low[j + 1] in _INTRO_WORDS | {"such"}:
                j += 1
            intro = False
            if j + 1 < n and ctx.low[j] == "such" and ctx.low[j + 1] == "as":
                j, intro = j + 2, True
            elif j < n and (ctx.low[j] in _INTRO_WORDS or ctx.text[j] in (":", "–", "—")):
                j, intro = j + 1, True
            elif lo.endswith("s"):
                j2 = _clause_intro(ctx, j)  # "MNCs that have opened offices here include X, Y"
                if j2 is not None:
                    j, intro = j2, True
            if intro and j < n and ctx.low[j] in _INTRO_WORDS:
                j += 1  # "companies such as including X"
            if not intro:
                if lo in COMPANY_NOUNS_WEAK or j >= n or ctx.space[i]:
                    continue
                if not ctx.ws[i]:
                    continue
                # "the startup X", "Georgian startups X and Y", "startup X raised"
                prev = ctx.low[i - 1] if i > 0 else ""
                if not (cc or prev in ("the", "a", "an", "local", "its", "their") or
                        ctx.sent_start[i] or lo in COMPANY_NOUNS_SINGULAR or
                        not (prev.isalpha() and prev.islower())):
                    continue
                if ctx.low[j] in ("called", "named") and j + 1 < n:
                    j += 1  # "a startup called X"
                q = _quoted_name_end(ctx, j)
                if q is not None:  # 'the company "X"', 'a startup called "X"'
                    add(j + 1, q, cc, city, lo not in _WEAK_NOUNS)
                    continue
            items = _list_after(ctx, j)
            if not intro and len(items) > 1 and lo in COMPANY_NOUNS_SINGULAR:
                items = items[:1]  # "the startup X and Y Ltd" -- only X is named by "startup"
            strong = lo not in _WEAK_NOUNS  # "startups X": no person; "residents X": maybe
            for s, e in items:
                add(s, e, cc, city, strong)
            continue
        # "X, a Tbilisi-based startup", "X, an investor group from Mombasa"
        # "X, the Crown research institute", "X, an economic development organisation"
        if ctx.text[i] == "," and i > 0 and i + 2 < n and ctx.low[i + 1] in ("a", "an", "the") \
                and ctx.cap[i - 1] and not ctx.punct[i - 1]:
            k = i + 2
            noun = None
            while k < n and k - i <= 7 and not ctx.punct[k] or (k < n and ctx.glued(k)):
                lk = ctx.low[k]
                if ctx.low[i + 1] != "the" and (lk in COMPANY_NOUNS_SINGULAR or
                                                lk in ("group", "studio")):
                    noun = k
                    break
                if lk in APPOSITIVE_ORG_NOUNS and not ctx.cap[k] and \
                        not (k + 1 < n and ctx.text[k + 1] in _POSSESSIVE) and \
                        not _sentence_adverb(ctx, i - 1):
                    noun = k
                    break
                if lk in _CLAUSE_WORDS:
                    break
                k += 1
            if noun is None:
                continue
            s = _left_run(ctx, i)
            if s >= i:
                continue
            cc, city = None, None
            for q in range(i + 2, noun):
                if ctx.low[q] in ("based", "headquartered"):
                    cc, city = _based_place(ctx, q)
                elif ctx.cap[q] and not cc:
                    cc = country_of_demonym(ctx.text[q]) or country_of_name(ctx.text[q])
            if not cc:  # "an investor group from Mombasa", "a startup based in Riga"
                for q in range(noun + 1, min(n - 1, noun + 4)):
                    if ctx.punct[q]:
                        break
                    if ctx.low[q] in ("from", "in"):
                        cc, city, _ = _place_at(ctx, q + 1)
                        break
            nl = ctx.low[noun]
            add(s, i, cc, city, nl not in _WEAK_NOUNS,
                described=nl if nl in APPOSITIVE_ORG_NOUNS and nl not in COMPANY_NOUNS_SINGULAR
                else None)
            continue
        # "X's founder", "X's CEO"
        if ctx.text[i] in _POSSESSIVE and i > 0 and i + 1 < n and \
                ctx.low[i + 1] in FOUNDER_WORDS and ctx.cap[i - 1]:
            s = _left_run(ctx, i)
            if s < i:
                add(s, i, None, None, True)
            continue
        # "founder of X", "CEO of X"
        if lo in FOUNDER_WORDS and lo != "chief" and i + 2 < n and ctx.low[i + 1] == "of":
            j = i + 2
            if ctx.low[j] == "the":
                j += 1
            e = _name_run(ctx, j)
            if e > j:
                add(j, e, None, None, True)
    return out


# ------------------------------------------------------------------ acronyms


def _place_after_acronym(ctx: Ctx, i: int) -> bool:
    """Token i + 1 is a place that ends the name begun by acronym i: "KDB Kenya", "ZTX
    Accra" (a branch named by its country or city), not a longer run of capitalised words."""
    j = i + 1
    if j >= ctx.n or ctx.ws[i] != " " or ctx.space[j] or ctx.punct[j] or not ctx.cap[j]:
        return False
    t = ctx.text[j]
    if not (is_place(t) or city_of(t)) or ctx.furniture[j]:
        return False
    k = j + 1
    return k >= ctx.n or not (ctx.cap[k] and not ctx.punct[k] and not ctx.space[k]) or \
        ctx.text[k] in _POSSESSIVE


_INTRO_BLOCK_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                                  "QUANTITY", "NORP"})


def described_spans(ctx: Ctx) -> list[Cand]:
    """Names right after a lower-case noun of their kind and a modifier: "start-up
    incubator Velto Works", "local accelerator Brisk Ramp (BR)", "Ruritanian fintech
    Quorvia" -> rule "company" candidates typed by the noun (evidence "described:NOUN").

    Goes in: the article's tokens; comes out: candidates (runs of up to 8 capitalised
    tokens and connectors that are no place or date). "the fintech X" with nothing between
    is company_spans' case.
    """
    out: list[Cand] = []
    for i in range(1, ctx.n - 1):
        lo = ctx.low[i]
        if lo not in NAME_INTRO_NOUNS or not ctx.text[i].islower() or ctx.furniture[i]:
            continue
        p = ctx.text[i - 1]
        # a modifier before the noun: "start-up incubator", "Ruritanian fintech"
        if ctx.space[i - 1] or ctx.punct[i - 1] or ctx.low[i - 1] in ("the", "a", "an") or \
                not (p.islower() or country_of_demonym(p)):
            continue
        j = i + 1
        e = _name_run(ctx, j, 7)
        # "Community for Korvath Growth": a connector between capitalised runs
        while j < e < ctx.n - 1 and ctx.low[e] in ("for", "of") and \
                ctx.ws[e - 1] and _name_run(ctx, e + 1, 7) > e + 1:
            e = _name_run(ctx, e + 1, 7)
        if not j < e <= j + 8 or ctx.ent_label[j] in _INTRO_BLOCK_LABELS:
            continue
        text = ctx.body[ctx.idx[j]:ctx.tend(e - 1)]
        if is_place(text) or city_of(text):
            continue
        c = Cand(start=j, end=e, cs=ctx.idx[j], ce=ctx.tend(e - 1), rule="company")
        c.evidence.add("company-strong")
        if lo not in COMPANY_NOUNS_SINGULAR:
            c.evidence.add("described:" + lo)
        out.append(c)
    return out


def _brand_token(t: str) -> bool:
    """A coined one-word brand: capital inside ("VelPark") or letters then digits
    ("Qubit9", "ZORV42"): with a place after it, a branch's name like an acronym's."""
    if len(t) < 4 or not t.isalnum() or not t[0].isupper() or not t.isascii():
        return False
    camel = any(a.islower() and b.isupper() for a, b in zip(t, t[1:]))
    digits = t[-1].isdigit() and t[0].isalpha() and any(ch.isalpha() for ch in t[1:])
    return camel or digits


def acronym_place_spans(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """An acronym or coined brand ("VelPark", "Qubit9") and the place right after it, one
    name ("KDB Kenya", "VelPark Lisbon", rule "acr_place"),
    where no other rule's candidate overlaps it and spaCy's entities there lie inside it
    (an ORG entity of exactly these words is already a candidate)."""
    others = SpanIndex([(c.cs, c.ce) for c in cands if c.rule != "ent"])
    ents = SpanIndex([(c.cs, c.ce) for c in cands if c.rule == "ent"])
    org_ents = {(c.cs, c.ce) for c in cands if c.rule == "ent" and c.label == "ORG"}
    out = []
    for i in range(ctx.n - 1):
        t = ctx.text[i]
        if not (_ACR_TOKEN.match(t) and is_acronym(t) or _brand_token(t)) or t.lower() in CONCEPTS or \
                ctx.furniture[i] or place_country(t) or not _place_after_acronym(ctx, i):
            continue
        cs, ce = ctx.idx[i], ctx.tend(i + 1)
        if others.overlaps(cs, ce) or ents.crosses_out(cs, ce) or (cs, ce) in org_ents:
            continue
        out.append(Cand(start=i, end=i + 2, cs=cs, ce=ce, rule="acr_place",
                        label=ctx.ent_label[i]))
    return out


def acronym_spans(ctx: Ctx, taken: list[tuple[int, int]]) -> list[Cand]:
    """Bare acronym tokens outside other candidates ("OTS", "KOICAʼs" -> "KOICA")."""
    out = []
    index = SpanIndex(taken)
    for i in range(ctx.n):
        t = ctx.text[i]
        m = _GLUED_POSS.match(t)
        core = m.group(1) if m else t
        if not _ACR_TOKEN.match(core) or not is_acronym(core) or core.lower() in CONCEPTS:
            continue
        if ctx.furniture[i] or place_country(core):
            continue
        cs = ctx.idx[i]
        ce = cs + len(core)
        if index.overlaps(cs, ce):
            continue
        # neighbours capitalised: part of a longer name we did not take
        c = Cand(start=i, end=i + 1, cs=cs, ce=ce, rule="acr", label=ctx.ent_label[i])
        out.append(c)
    return out


# ------------------------------------------------------------------ ministers


def _trim_person_after_subjects(ctx: Ctx, j: int, e: int) -> int:
    """End of a minister's portfolio without the minister's name glued after it: "Minister
    of Trade and Industry Oskar Brandt" -> "Trade and Industry". After a coordinated
    portfolio ("X and Y"), a capitalised word that is no field word and no place starts
    the person's name."""
    seen_and = False
    for k in range(j, e):
        lo = ctx.low[k]
        if lo in ("and", "&"):
            seen_and = True
            continue
        if seen_and and lo in ("of", "for", "in"):
            break  # "... and Trade of the Czech Republic": a place follows, no person
        if not seen_and or k == j or not ctx.cap[k] or ctx.punct[k] or \
                not is_generic_word(ctx.text[k - 1]):
            continue
        t = ctx.text[k]
        if not is_generic_word(t) and not place_country(t) and not is_region(t) and \
                not is_acronym(t):
            return k
    return e


def minister_spans(ctx: Ctx, taken: list[tuple[int, int]]) -> list[Cand]:
    """'Minister of Digital Technologies of Uzbekistan' -> a mention of its ministry."""
    out = []
    index = SpanIndex(taken)
    for i in range(ctx.n):
        if ctx.text[i] not in ("Minister", "minister") or ctx.furniture[i]:
            continue
        j = i + 1
        derived = None
        s = i
        if j < ctx.n and ctx.low[j] in ("of", "for") and j + 1 < ctx.n and ctx.cap[j + 1]:
            e = _trim_person_after_subjects(ctx, j + 1, _complement_end(ctx, i, gov=True))
            if e <= i + 1:
                continue
            comp = ctx.body[ctx.idx[j + 1]:ctx.tend(e - 1)]
            if ctx.low[j + 1] == "the":
                comp = comp[4:]
            if place_country(comp) or not comp:
                continue  # "Prime Minister of Kazakhstan"
            derived = f"Ministry of {comp}"
        else:
            # "Foreign Minister", "Digital Development Minister"
            k = i - 1
            while k >= 0 and ctx.cap[k] and ctx.low[k] not in STOP_CAP and \
                    ctx.low[k] not in TITLE_WORDS and not _is_countryish(ctx.text[k]) \
                    and not ctx.space[k]:
                k -= 1
            if k + 1 == i:
                continue
            mods = ctx.body[ctx.idx[k + 1]:ctx.tend(i - 1)]
            if mods.lower() in ("prime",):
                continue
            derived = "Ministry of " + MINISTER_ADJECTIVES.get(mods.lower(), mods)
            s, e = k + 1, i + 1
        if index.overlaps(ctx.idx[s], ctx.tend(e - 1)):
            continue
        c = _mk(ctx, s, e, "minister", hclass="ministry")
        c.derived = derived
        out.append(c)
    return out


def _field_run_end(ctx: Ctx, j: int, lower_ok: bool) -> int:
    """End (exclusive) of a run of field words from token j ("Research, Innovation and
    Digital Economy"); j when there is none. Lower-case field words count only with
    `lower_ok`; a name word (a person's first name) or any other word ends the run."""
    end = k = j
    while k < ctx.n and not ctx.space[k]:
        t, lo = ctx.text[k], ctx.low[k]
        if (ctx.cap[k] or lower_ok) and not ctx.punct[k] and is_generic_word(t) and \
                lo not in STOP_CAP:
            end = k = k + 1
            while k < ctx.n and ctx.glued(k) and k + 1 < ctx.n and is_generic_word(ctx.text[k + 1]):
                end = k = k + 2  # "Science-Based"
            continue
        if k > j and (lo in ("and", "&") or t == ","):
            k += 1
            continue
        break
    return end


def vice_presidency_spans(ctx: Ctx) -> list[Cand]:
    """A vice-presidency for a field, a state office named by its title or its own name:
    "Chile's Vice President for Innovation and Technology" -> "Vice-Presidency for
    Innovation and Technology" (the title is kept as an alias), "the Vice-Presidency for
    research affairs". Not a deputy head inside an organisation: a capitalised word before
    the title other than a country ("Acme Vice President for ...", "Executive Vice
    President of ..."), or a run going on "of/at" an organisation ("... of Sales at X")."""
    out: list[Cand] = []
    n = ctx.n
    for i in range(n):
        lo = ctx.low[i]
        if lo not in ("president", "presidency") or not ctx.cap[i] or ctx.furniture[i]:
            continue
        if i >= 1 and ctx.low[i - 1] == "vice" and not ctx.space[i - 1]:
            v = i - 1
        elif i >= 2 and ctx.glued(i - 1) and ctx.low[i - 2] == "vice":
            v = i - 2
        else:
            continue
        if not ctx.cap[v] or i + 2 >= n or ctx.low[i + 1] not in ("for", "of"):
            continue
        office = lo == "presidency"
        p = v - 1
        if not office and p >= 0 and ctx.cap[p] and not ctx.punct[p] and \
                not _is_countryish(ctx.text[p]):
            continue  # "Executive Vice President", "Acme Vice President"
        if not office and p >= 1 and ctx.text[p] in _POSSESSIVE and \
                not _is_countryish(ctx.text[p - 1]):
            continue  # "the company's Vice President for ..."
        j = i + 2
        e = _field_run_end(ctx, j, lower_ok=office)
        while e > j and (ctx.low[e - 1] in ("and", "&") or ctx.text[e - 1] == ","):
            e -= 1
        if e <= j or not any(ctx.cap[k] or office for k in range(j, e)):
            continue
        if e + 1 < n and ctx.low[e] in ("of", "at") and ctx.cap[e + 1] and \
                not _is_countryish(ctx.text[e + 1]):
            continue  # "Vice President of Research at Acme": a post inside a company
        c = _mk(ctx, v, e, "head" if office else "minister",
                hclass=HEADS.get("vice-presidency", "government"))
        if not office:
            field = ctx.body[ctx.idx[j]:ctx.tend(e - 1)]
            c.derived = f"Vice-Presidency for {field}"
            c.alias_texts = [ctx.body[c.cs:c.ce]]  # the title names the office too
        out.append(c)
    return out


# ------------------------------------------------------------------ governments

_GOV_LEVELS = frozenset({"provincial", "state", "municipal", "city", "regional", "county",
                         "federal", "national", "local", "prefectural", "metropolitan"})
_SEAT_HEADS = frozenset({"city", "province", "municipality", "prefecture", "governorate",
                         "county"})


def _place_chunk(ctx: Ctx, s: int, e: int) -> bool:
    """Tokens [s, e) are one capitalised place name (country, demonym, region, city)."""
    if s < 0 or e > ctx.n or s >= e:
        return False
    if not all(ctx.cap[k] and not ctx.punct[k] and not ctx.furniture[k] for k in range(s, e)) or \
            any(ctx.space[k] for k in range(s, e - 1)):
        return False
    chunk = ctx.body[ctx.idx[s]:ctx.tend(e - 1)]
    return bool(place_country(chunk) or region_country(chunk))


def government_spans(ctx: Ctx, taken: list[tuple[int, int]]) -> list[Cand]:
    """Governments named by their place: "the Harnby government", "Velmar provincial
    government", "City of Velmora", "Province of Quorvia", "Harnby City Hall"."""
    out: list[Cand] = []
    index = SpanIndex(taken)
    n = ctx.n
    for i in range(n):
        lo = ctx.low[i]
        span = None
        if lo == "government":
            k = i - 1 if i > 0 and ctx.low[i - 1] in _GOV_LEVELS else i
            for m in (3, 2, 1):
                if _place_chunk(ctx, k - m, k) and not ctx.space[k - 1]:
                    span = (k - m, i + 1)
                    break
        elif lo == "hall" and ctx.cap[i] and i >= 2 and ctx.text[i - 1] == "City":
            for m in (3, 2, 1):
                if _place_chunk(ctx, i - 1 - m, i - 1):
                    span = (i - 1 - m, i + 1)
                    break
        elif lo in _SEAT_HEADS and ctx.cap[i] and i + 2 < n and ctx.low[i + 1] == "of" and \
                not ctx.space[i] and not ctx.space[i + 1]:
            for m in (3, 2, 1):
                e = i + 2 + m
                if _place_chunk(ctx, i + 2, e) and not (e < n and ctx.cap[e] and not ctx.punct[e]):
                    span = (i, e)
                    break
        elif lo == "governments" and i + 2 < n and ctx.low[i + 1] == "of":
            # "the governments of Kenya and Ghana" names two governments
            out.extend(_governments_of(ctx, i, index))
            continue
        if span is None:
            continue
        s, e = span
        if index.overlaps(ctx.idx[s], ctx.tend(e - 1)):
            continue
        c = _mk(ctx, s, e, "government", hclass="government")
        c.evidence.add("government")
        out.append(c)
    return out


def _place_after(ctx: Ctx, j: int) -> int | None:
    """End of the place name (countries, regions, cities) starting at token j, else None."""
    for m in (3, 2, 1):
        e = j + m
        if _place_chunk(ctx, j, e) and not (e < ctx.n and ctx.cap[e] and not ctx.punct[e]):
            return e
    return None


def _governments_of(ctx: Ctx, i: int, index: SpanIndex) -> list[Cand]:
    """Token i is "governments" before "of": one candidate per place of the list that follows.

    "governments of Kenya and Ghana" -> "government of Kenya", "government of Ghana"."""
    places: list[tuple[int, int]] = []
    j = i + 2
    last = False
    while j < ctx.n:
        e = _place_after(ctx, j)
        if e is None:
            break
        places.append((j, e))
        if last or e >= ctx.n or ctx.low[e] not in ("and", ","):
            break
        last = ctx.low[e] == "and"  # the item after "and" closes the list
        j = e + 1
    if len(places) < 2:
        return []
    out = []
    for k, (a, b) in enumerate(places):
        s = i if k == 0 else a
        if index.overlaps(ctx.idx[s], ctx.tend(b - 1)):
            continue
        c = _mk(ctx, s, b, "government", hclass="government")
        c.evidence.add("government")
        c.derived = "government of " + ctx.body[ctx.idx[a]:ctx.tend(b - 1)]
        out.append(c)
    return out


# ------------------------------------------------------------------ lists


def _segments(ctx: Ctx, a: int, b: int, starts: set[int]) -> list[tuple[int, int]]:
    """Token ranges between commas/semicolons/colons in [a, b); brackets stay inside.

    "X (Tanzania) and Lagos Startup Factory" splits at "and" after a bracket or before a
    known organisation ("and" inside names like "Print and media cluster" stays).
    """
    segs = []
    s = a
    depth = 0
    for k in range(a, b):
        t = ctx.text[k]
        if t == "(":
            depth += 1
        elif t == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and t in (",", ";", ":"):
            segs.append((s, k))
            s = k + 1
        elif depth == 0 and ctx.low[k] in ("and", "&") and k > s and \
                (ctx.text[k - 1] == ")" or (k + 1) in starts or
                 (k + 2 < b and ctx.low[k + 1] == "the" and (k + 2) in starts)):
            segs.append((s, k))
            s = k
    segs.append((s, b))
    return segs


def list_items(ctx: Ctx, cands: list[Cand]) -> list[Cand]:
    """Items of coordinated lists in which most items are already organisations.

    "Delta Lab (Georgia), Saryarka Tech Park (Kazakhstan), Ege Vadisi (Turkey)" and
    "Estonian IT Cluster, Smart Tallinn, Viru Wood, Furniture cluster" -> the items
    with no head noun become candidates too, with evidence "list".
    """
    out: list[Cand] = []
    by_start: dict[int, Cand] = {}
    for c in cands:
        if c.rule in ("head", "ent", "registry", "company"):
            by_start[c.start] = c
    ends = {c.end: c for c in by_start.values()}
    starts = {c.start for c in by_start.values() if c.rule in ("head", "registry")}
    list_no = 0
    for sent in ctx.doc.sents:
        a, b = sent.start, sent.end
        while b > a and (ctx.space[b - 1] or ctx.text[b - 1] in (".", "!", "?")):
            b -= 1
        segs = _segments(ctx, a, b, starts)
        if len(segs) < 3:
            continue
        infos = []
        for s, e in segs:
            s0 = s
            while s < e and (ctx.space[s] or ctx.low[s] in ("and", "the", "&", "•") or ctx.punct[s]):
                s += 1
            # a trailing "(Country)" is evidence, not part of the item
            e0 = e
            paren_cc = None
            if e - s >= 4 and ctx.text[e - 1] == ")":
                k = e - 2
                while k > s and ctx.text[k] != "(":
                    k -= 1
                if ctx.text[k] == "(":
                    inner = ctx.body[ctx.idx[k + 1]:ctx.tend(e - 2)]
                    paren_cc = country_of_name(inner)
                    if paren_cc:
                        e = k
            while e > s and (ctx.space[e - 1] or ctx.punct[e - 1] and ctx.text[e - 1] not in (")",)):
                e -= 1
            known = ends.get(e) if e in ends else None
            if known is not None and known.start != s:
                known = None  # "CEO of Velmora Hub": a role, not a list item
            org_like = bool(known and known.rule in ("head", "registry") and known.drop is None) \
                or paren_cc is not None
            short = 0 < e - s <= 8
            infos.append((s0, s, e, e0, org_like, short, paren_cc, known))
        # runs of consecutive short items, or items ending in a known organisation
        run: list[tuple] = []
        for info in infos + [None]:
            if info is not None and (info[5] or info[4]):
                run.append(info)
                continue
            if len(run) >= 3 and sum(1 for x in run if x[4]) * 2 >= len(run):
                list_no += 1
                # "(Country)" after people's names is no evidence of organisations: some
                # item must be an organisation by its own name
                n_named = sum(1 for x in run if x[7] is not None and x[7].rule in
                              ("head", "registry"))
                for (_s0, s, e, _e0, org_like, short, paren_cc, known) in run:
                    if known is not None and any(_glued_at(ctx, k) for k in range(known.start, known.end)):
                        known.drop = "glued"
                        known = None
                    if known is not None and known.rule == "ent" and known.label == "PERSON" \
                            and n_named == 0:
                        continue
                    if known is not None:
                        known.evidence.add("list")
                        known.list_id = list_no
                        if paren_cc:
                            known.country, known.cstrength = paren_cc, 5
                        continue
                    if e in ends and ends[e].start > s and ends[e].rule in ("head", "registry"):
                        continue  # "Investors included the X Network": X is already named
                    if not short or not ctx.cap[s] or ctx.low[s] in STOP_CAP:
                        continue
                    if ctx.low[e - 1] not in HEADS and any(
                            not ctx.cap[k] and not ctx.glued(k) and not ctx.glued(k - 1)
                            and ctx.low[k] not in ("and", "&", "of", "for", "the", "de")
                            for k in range(s, e)):
                        continue  # "Clusters who signed the Memorandum": a clause
                    span_text = ctx.body[ctx.idx[s]:ctx.tend(e - 1)]
                    if place_country(span_text) or is_region(span_text):
                        continue
                    if any(ctx.space[k] for k in range(s, e)):
                        continue
                    if ctx.ent_label[s] == "PERSON" and ctx.ent_start[s] == s and \
                            ctx.ent_end[s] >= e and (paren_cc is None or n_named == 0):
                        continue  # "In Seong Ha, CEO of ..., Chul Gyun Lyou, President of ..."
                    for piece in _split_glued(ctx, s, e):
                        piece.evidence.add("list")
                        piece.list_id = list_no
                        if paren_cc:
                            piece.country, piece.cstrength = paren_cc, 5
                        out.append(piece)
            run = []
    return out


def _glued_at(ctx: Ctx, k: int) -> bool:
    m = _CAMEL_GLUE.match(ctx.text[k])
    return bool(m and m.group(1).lower() in HEADS and (country_of_demonym(m.group(2)) or
                                                      country_of_name(m.group(2))))


def _split_glued(ctx: Ctx, s: int, e: int) -> list[Cand]:
    """Split 'Oak Robotics ClusterEstonian Food Cluster' (a lost comma) in two items."""
    for k in range(s, e):
        if _glued_at(ctx, k):
            cut = ctx.idx[k] + len(_CAMEL_GLUE.match(ctx.text[k]).group(1))
            first = Cand(start=s, end=k + 1, cs=ctx.idx[s], ce=cut, rule="list")
            second = Cand(start=k, end=e, cs=cut, ce=ctx.tend(e - 1), rule="list")
            return [first, second]
    return [Cand(start=s, end=e, cs=ctx.idx[s], ce=ctx.tend(e - 1), rule="list")]


# ------------------------------------------------------------------ context evidence


def attach_context(ctx: Ctx, cands: list[Cand]) -> None:
    """Country, acronym and alias evidence from the words around each candidate."""
    n = ctx.n
    body = ctx.body
    for c in cands:
        if c.rule in ("anaphor", "acr"):
            continue
        e = c.end
        # "(Azerbaijan)", "(OTS)", "(Daegu Technopark)"
        if e + 2 < n and ctx.text[e] == "(":
            k = e + 1
            while k < n and ctx.text[k] != ")" and k - e < 10 and not ctx.space[k]:
                k += 1
            if k < n and ctx.text[k] == ")" and k > e + 1:
                inner = body[ctx.idx[e + 1]:ctx.tend(k - 1)]
                cc = country_of_name(inner)
                ci = city_of(inner)
                if cc:
                    c.country, c.cstrength = cc, 5
                    c.evidence.add("paren")
                elif ci:
                    c.city, c.country, c.cstrength = ci[0], ci[1], 5
                elif k == e + 2 and _ACR_TOKEN.match(inner) and is_acronym(inner) and \
                        inner.lower() not in CONCEPTS:
                    if "organ" not in c.evidence:
                        c.acr = inner
                elif ctx.cap[e + 1] and k - e <= 7 and not ctx.person_start(e + 1) and \
                        not any(ctx.text[m] in (",", ";") for m in range(e + 1, k)):
                    c.paren_alias = (ctx.idx[e + 1], ctx.tend(k - 1))
        # possessive place before: "Velmaria's High Technology Park"
        s = c.start
        if s >= 2 and ctx.text[s - 1] in _POSSESSIVE and c.cstrength < 5:
            p = s - 2
            q = p
            while q - 1 >= 0 and ctx.cap[q - 1] and not ctx.space[q - 1] and q > p - 3:
                q -= 1
            for a in range(q, p + 1):
                chunk = body[ctx.idx[a]:ctx.tend(p)]
                cc = country_of_name(chunk) or (city_of(chunk) or (None, None))[1]
                if cc:
                    c.country, c.cstrength = cc, 4
                    c.alias_spans.append((ctx.idx[a], c.ce))
                    ci = city_of(chunk)
                    if ci:
                        c.city = ci[0]
                    break
        # "the Uzbek company Samarkand Soft Group", "the Korean investor X"
        if c.cstrength < 3 and s >= 2 and ctx.text[s - 1].islower() and ctx.text[s - 1].isalpha():
            k = s - 1
            while k > 0 and s - k <= 2 and ctx.text[k].islower() and ctx.text[k].isalpha() \
                    and ctx.low[k] not in ("the", "a", "an", "of", "and", "with", "by", "in"):
                k -= 1
            if k < s - 1 and ctx.cap[k]:
                dc = country_of_demonym(ctx.text[k])
                if dc:
                    c.country, c.cstrength = dc, 3
        # "the Almaty-based Steppe Angels Network"
        if c.cstrength < 3 and s >= 3 and ctx.low[s - 1] in ("based", "headquartered") and \
                ctx.glued(s - 2):
            k = s - 3
            while k > 0 and ctx.cap[k - 1] and not ctx.space[k - 1] and s - k < 5 and \
                    not ctx.punct[k - 1]:
                k -= 1
            place = body[ctx.idx[k]:ctx.tend(s - 3)]
            cc = country_of_name(place)
            ci = None if cc else city_of(place)
            if cc or ci:
                c.country, c.cstrength = cc or ci[1], 3
                if ci:
                    c.city = ci[0]
        # seat: "X in Bishkek", "X, located in ... of Turkey", "X from the Republic of Korea"
        if c.cstrength < 3:
            cc, city = _seat_after(ctx, e)
            if cc:
                c.country, c.cstrength = cc, 3
                if city:
                    c.city = city
        # apposition: "Samsung ... Co., Ltd. - a Korean investor", "X, a Turkish company"
        if c.cstrength < 3 and e + 2 < n and ctx.text[e] in (",", "-", "–", "—") and \
                ctx.low[e + 1] in ("a", "an"):
            dc = country_of_demonym(ctx.text[e + 2])
            if dc:
                c.country, c.cstrength = dc, 3
        # parent organisation: "X under the Ministry", "X at the University"
        k = e
        if k < n and ctx.low[k] in ("under", "at", "within", "of") and k + 1 < n:
            c.parent_rel = ctx.low[k]
            k += 1
            if ctx.low[k] == "the":
                k += 1
            if k < n and ctx.cap[k]:
                c.parent_after = k


_SEAT_FILLERS = frozenset({"coworking", "co-working", "space", "office", "branch", "campus",
                           "which", "is", "located", "based", "situated", "headquartered",
                           "registered", "operating", ",", "that", "was", "established",
                           "founded", "created", "opened"})


def _seat_after(ctx: Ctx, e: int) -> tuple[str | None, str | None]:
    """Country (and city) of an 'in <place>' / 'from <country>' phrase right after a name."""
    n = ctx.n
    k = e
    steps = 0
    while k < n and steps < 4 and ctx.low[k] in _SEAT_FILLERS:
        k += 1
        steps += 1
    if k >= n or ctx.low[k] not in ("in", "from"):
        return None, None
    k += 1
    limit = min(n, k + 12)
    while k < limit:
        t = ctx.text[k]
        if ctx.space[k] or t in (".", ",", ";", "(", ")", ":") or ctx.low[k] in ("and", "with",
                                                                                 "to", "on"):
            break
        if ctx.cap[k]:
            for m in (4, 3, 2, 1):
                if k + m > limit or ctx.punct[k + m - 1]:
                    continue
                chunk = ctx.body[ctx.idx[k]:ctx.tend(k + m - 1)]
                cc = country_of_name(chunk)
                if cc:
                    return cc, None
                if m <= 2:
                    ci = city_of(chunk)
                    if ci:
                        return ci[1], ci[0]
        k += 1
    return None, None


# ------------------------------------------------------------------ filters


def judge(ctx: Ctx, c: Cand) -> None:
    """Set c.drop (and c.event_key) when the candidate is not an organisation mention."""
    if c.drop:
        return
    n = ctx.n
    body = ctx.body
    text = body[c.cs:c.ce]
    if ctx.furniture[c.start]:
        c.drop = "furniture"
        return
    if URLISH.search(text):
        c.drop = "url"
        return
    info = analyse(text)
    low = info.text.lower()
    if low in SOCIAL or low in NEWS_AGENCIES and c.hclass is None:
        c.drop = "social/news"
        return
    nxt = c.end
    while nxt < n and ctx.text[nxt] in _POSSESSIVE | _CLOSE_QUOTES:
        nxt += 1
    nlow = ctx.low[nxt] if nxt < n else ""
    ncap = ctx.cap[nxt] if nxt < n else False
    prev = c.start - 1
    plow = ctx.low[prev] if prev >= 0 else ""
    if c.rule == "anaphor":
        return
    # events: a year in the name, an event noun after it, 'forum "X"'
    if any(_is_year_like(w) for w in info.words[-1:]) or re.search(r"[-–]\s?(19|20)\d\d$", text):
        c.drop = "event"
        c.event_key = True
        return
    # "GITEX 2024", "Slush 2023": a name followed by a year is an edition of an event
    if c.hclass is None and c.rule != "registry" and nxt < n and not ctx.space[nxt - 1] and \
            re.fullmatch(r"(?:19|20)\d\d", ctx.text[nxt]) and \
            (info.text.isupper() or ctx.ent_label[c.start] == "EVENT"):
        c.drop = "event"
        c.event_key = True
        return
    # "Hannover Messe", "Nordic Tech Expo", "Riga Startup Week": fairs and events
    if c.hclass is None and c.rule in ("ent", "company", "list", "acr") and \
            len(info.words) >= 2 and info.words[-1][:1].isupper() and \
            info.words[-1].lower() in EVENT_NAME_ENDS:
        c.drop = "event"
        c.event_key = True
        return
    # news outlets credited as the source: "told the Riga Times", "By X, Baltic Daily"
    if _outlet_name(info) and c.rule != "registry" and _source_context(ctx, c):
        c.drop = "news-source"
        c.event_key = True  # every mention of the outlet goes
        return
    # "CLUSTER MANAGER", "PROJECT LEAD": all-capital job titles and section headings
    if _caps_heading(ctx, c, info):
        c.drop = "heading"
        return
    if nlow in EVENT_NOUNS and c.hclass is None and c.rule in ("ent", "company"):
        c.drop = "event"
        c.event_key = True
        return
    if nlow in EVENT_NOUNS and ncap and nxt < n and ctx.text[nxt][0].isupper():
        c.drop = "event-name"
        return
    if nlow in PROGRAMME_NOUNS and c.rule in ("head", "registry", "list"):
        c.drop = "programme-name"  # "the Green Ventures programme": the programme's name
        return
    if c.rule in ("ent", "company") and c.hclass is None and info.words and \
            (info.words[-1].lower() in EVENT_NOUNS or info.words[-1].lower() in
             ("facility", "window", "instrument")) and info.words[-1][:1].isupper() and \
            info.words[-1].lower() != "forum":
        c.drop = "event"  # "Tashkent Startup Week", "GovTech Summit"
        c.event_key = True
        return
    if plow in ("called", "dubbed", "titled", "entitled", "named", "branded") and c.rule in (
            "ent", "company", "list") and any(ctx.low[k] in PROGRAMME_NOUNS or ctx.low[k] in (
                "platform", "app", "application", "service", "product", "scheme", "event")
            for k in range(max(0, prev - 6), prev)):
        c.drop = "title"  # "the programme, called Ajira Digital"
        return
    q = prev
    if q >= 0 and ctx.text[q] in _OPEN_QUOTES:
        q -= 1
        if q >= 0 and ctx.low[q] in EVENT_NOUNS:
            c.drop = "event"
            c.event_key = c.hclass is None
            return
        if q >= 0 and ctx.low[q] in ("on", "titled", "entitled", "called", "themed", "theme") and \
                not (c.rule == "company" and q >= 1 and ctx.low[q - 1] in COMPANY_NOUNS):
            c.drop = "title"  # but 'a startup called "X"' names the startup
            return
    if c.hclass is None and plow in EVENT_NOUNS and (c.rule == "ent" and c.label in (
            "WORK_OF_ART", "EVENT", "ORG") or c.rule == "company"):
        c.drop = "event"
        c.event_key = True
        return
    # facilities and attributive uses: "the Park Centre building", "Viet-Kor cooperation"
    if nlow in FACILITY_NOUNS and not ncap:
        c.drop = "facility"
        return
    if c.hclass is None and nlow in ATTRIBUTIVE_NOUNS and not ncap and c.rule != "list":
        if c.rule in ("ent", "acr") and len(info.words) == 1 and is_acronym(info.words[0]) \
                and info.words[0].lower() not in CONCEPTS and not place_country(text):
            c.rule = "acr"  # "HTP residents": counts only as a short form of a named body
            return
        c.drop = "attributive"
        return
    if c.rule == "head" and not info.specific and nlow in CONCEPT_FOLLOWERS and not ncap:
        c.drop = "attributive"  # "Smart Park projects": a kind of thing, no body
        return
    if c.rule in ("head", "ent", "span_model") and _facility_list_item(ctx, c):
        c.drop = "facility"  # "facilities such as a Fitness Studio, Child Care Centre and Maker Hub"
        return
    # not existing yet: "creating an Association of ...", "a joint Velmora Technologies Park"
    if _hypothetical(ctx, c):
        c.drop = "hypothetical"
        return
    # a kind, not a name: "the first IT Park in X", "the 4th generation Technology Park"
    if not info.specific and _after_ordinal(ctx, c):
        c.drop = "kind"
        return
    # news sources: "Velmar Wire reports", "according to Harnby Press", "told Quorvia News"
    if c.hclass is None and c.rule in ("ent", "acr", "acr_place", "company"):
        if (nlow in SOURCE_VERBS and c.rule != "company") or \
                (prev >= 1 and ctx.low[prev - 1] == "according" and plow == "to") \
                or plow == "told" or (low in NEWS_AGENCIES):
            c.drop = "news-source"
            return
    if c.rule == "minister":
        return
    words = info.words
    if not words:
        c.drop = "empty"
        return
    if (c.hclass is None and c.rule in ("ent", "span_model", "company") or
            c.hclass == "company" and c.rule == "head") and \
            not c.evidence & {"list", "registry"} and _person_context(ctx, c):
        c.drop = "person"
        return
    if c.hclass is None and c.rule in ("ent", "span_model") and \
            not c.evidence & {"list", "registry", "role"} and _named_as_person(ctx, c, info):
        c.drop = "person"  # "... said Ratas" where the text also has "Prime Minister Juri Ratas"
        return
    if c.rule in ("ent", "span_model", "company", "list") and _plural_group(info):
        c.drop = "group"  # "visited Coastal Free Trade Zones": a kind, many bodies
        return
    if c.hclass is None and c.rule in ("ent", "span_model") and \
            not c.evidence & {"list", "registry", "role"} and _appositive_person(ctx, c, info):
        c.drop = "person"  # "the chairman of the Harnby Assembly, Oskar Brinn, said": who holds it
        return
    if c.hclass is None and c.rule in ("ent", "span_model") and \
            not c.evidence & {"list", "registry"} and _office_place(ctx, c, info):
        c.drop = "office-place"  # "the governor of Varnholm Ilse Dravik": place and holder
        return
    if c.rule == "head":
        _judge_head(ctx, c, info)
        return
    if c.rule == "list":
        if place_country(info.text) or is_region(info.text):
            c.drop = "place"
        return
    if c.rule == "ent":
        _judge_ent(ctx, c, info)
    elif c.rule == "company":
        _judge_company(ctx, c, info)
    elif c.rule == "span_model":
        _judge_span(ctx, c, info)


def _plural_group(info) -> bool:
    """A name ending in the plural of a group head ("Regional Business Associations",
    "Regional Service Centres", "Free Trade Zones") with no "of"/"for" before it, so the
    plural is its head: it names several bodies of a kind, not one organisation. In: the
    name analysis; out: True for such a group."""
    words = [w.lower() for w in info.words]
    if len(words) < 2 or not info.words[-1][:1].isupper() or \
            any(w in ("of", "for") for w in words[:-1]):
        return False
    last = words[-1]
    if last in HEADS or not last.endswith("s") or last.endswith("ss"):
        return False
    singular = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return singular in GROUP_HEADS


_TITLE_PREFIXES = frozenset({"the", "a", "its", "his", "her", "their", "former", "then"})


def _person_surnames(ctx: Ctx) -> dict[str, list[str]]:
    """Last word -> full names of the people the text names: spaCy PERSON entities of two
    or more words, and names right after a person's title ("Prime Minister Juri Ratas")."""
    got = getattr(ctx, "_surnames", None)
    if got is not None:
        return got
    out: dict[str, list[str]] = defaultdict(list)
    for e in ctx.doc.ents:
        if e.label_ == "PERSON" and e.end - e.start >= 2 and ctx.cap[e.end - 1]:
            out[ctx.low[e.end - 1]].append(e.text)
    for i in range(ctx.n - 1):
        if ctx.low[i] in PERSON_TITLES and not ctx.punct[i] and ctx.cap[i + 1]:
            k = i + 1
            while k < ctx.n and k - i <= 4 and ctx.cap[k] and not ctx.punct[k] and \
                    not ctx.space[k] and not is_generic_word(ctx.text[k]) and \
                    ctx.low[k] not in TITLE_WORDS:
                k += 1
            if k - i >= 3:  # a first name and a surname at least
                out[ctx.low[k - 1]].append(ctx.body[ctx.idx[i + 1]:ctx.tend(k - 1)])
    ctx._surnames = out
    return out


def _named_as_person(ctx: Ctx, c: Cand, info) -> bool:
    """A headless name of at most three proper words ending in a surname the text gives
    another, longer person's name ("Kallasmaa" after "Prime Minister Jaan Kallasmaa")."""
    words = info.words
    if not 1 <= len(words) <= 3 or any(is_generic_word(w) or is_acronym(w) for w in words):
        return False
    last = ctx.text[c.end - 1]
    if city_of(last) or country_of_name(last) or country_of_demonym(last):
        return False
    text = ctx.body[c.cs:c.ce]
    return any(full != text and len(full) > len(text)
               for full in _person_surnames(ctx).get(ctx.low[c.end - 1], ()))


def _person_context(ctx: Ctx, c: Cand) -> bool:
    """A person's title right before the name ("Prime Minister Jüri Ratas") or in
    apposition after it ("Tan Chuan Ou, Deputy General Secretary of ...")."""
    p = c.start - 1
    if p >= 0 and not ctx.space[p] and ctx.low[p] in PERSON_TITLES and not ctx.punct[p]:
        return True
    k = c.end
    if k + 1 < ctx.n and ctx.text[k] == "," and not ctx.space[k]:
        k += 1
        while k < ctx.n and ctx.low[k] in _TITLE_PREFIXES:
            k += 1
        return k < ctx.n and ctx.low[k] in PERSON_TITLES
    return False


_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.",
                         "sir"})
_CLAUSE_STOPS = frozenset({",", ";", ":", "(", ")", ".", "!", "?", "\"", "“", "”", "–", "—"})


def _appositive_person(ctx: Ctx, c: Cand, info) -> bool:
    """A headless proper name in apposition after a person's title phrase: "the chairman of
    the Harnby Assembly, Oskar Brinn, said", "Head of Relations at the Harbour Chamber, Ilse Varga,
    met", "the State Governor, Tomas Ebi,". In: the candidate and its name analysis; out:
    True when the name is the person holding that title."""
    words = info.words
    if not 1 <= len(words) <= 4 or info.head is not None or \
            any(is_generic_word(w) or is_acronym(w) or not w[:1].isupper() for w in words):
        return False
    if city_of(words[-1]) or country_of_name(words[-1]) or country_of_demonym(words[0]):
        return False
    p = c.start - 1
    if p < 1 or ctx.text[p] != "," or ctx.space[p] or ctx.ent_label[p - 1] == "PERSON":
        return False  # "Dr. Lena Park, Kestrel Dynamics": a person, then whom she works for
    k = p - 1
    while k >= 0 and p - k <= 16 and not ctx.space[k] and ctx.text[k] not in _CLAUSE_STOPS:
        lo = ctx.low[k]
        if lo in _HONORIFICS:
            return False
        if lo in PERSON_TITLES or lo == "head" and k + 1 < ctx.n and ctx.low[k + 1] == "of":
            return True
        if ctx.sent_start[k]:
            break
        k -= 1
    return False


def _office_place(ctx: Ctx, c: Cand, info) -> bool:
    """A headless name that is the place governed by the holder of an office and/or that
    holder, right after "<office over a place> of (the)": the tagger glues the place to the
    holder's name ("the governor of Varnholm Ilse Dravik visited") or gives the holder
    alone after the place ("Ilse Dravik" there). In: the candidate and its name analysis;
    out: True when the name is that place (plus the holder's name) or the holder, not an
    organisation."""
    words = info.words
    if info.head is not None or not 1 <= len(words) <= 5:
        return False
    if _after_place_office(ctx, c.start):
        for n in (3, 2, 1):  # the place: the name's first one to three words
            if len(words) > n and is_place(" ".join(words[:n])):
                rest = words[n:]
                # the holder: two or three proper words, none a company or field word, or
                # a first name whose surname the tagger left outside the name
                cut = len(rest) == 1 and c.end < ctx.n and ctx.cap[c.end] and \
                    not ctx.punct[c.end]
                return (2 <= len(rest) <= 3 or cut) and all(
                    w[:1].isupper() and w[1:].islower() and not is_generic_word(w) and
                    w.lower() not in COMPANYISH_WORDS for w in rest)
        return False
    if c.label != "PERSON" or len(words) < 2:
        return False
    k = _prev_word(ctx, c.start)
    for n in (1, 2, 3):  # the holder right after a place of one to three words
        j = k - n + 1
        if j >= 0 and all(ctx.cap[i] for i in range(j, k + 1)) and \
                is_place(ctx.body[ctx.idx[j]:ctx.tend(k)]) and _after_place_office(ctx, j):
            return True
    return False


def _after_place_office(ctx: Ctx, i: int) -> bool:
    """Token i comes right after "<office over a place> of (the)" ("the governor of")."""
    k = _prev_word(ctx, i)
    if k >= 0 and ctx.low[k] == "the":
        k = _prev_word(ctx, k)
    if k < 1 or ctx.low[k] != "of":
        return False
    k = _prev_word(ctx, k)
    return k >= 0 and ctx.low[k] in PLACE_OFFICE_TITLES


def _prev_word(ctx: Ctx, i: int) -> int:
    """Index of the last non-space token before token i (-1 at the start)."""
    k = i - 1
    while k >= 0 and ctx.space[k]:
        k -= 1
    return k


def _outlet_name(info) -> bool:
    """Named like a news outlet: "... Daily", "... Times", "... News Network"."""
    lw = [w.lower() for w in info.words]
    if not lw:
        return False
    if " ".join(lw) in NEWS_AGENCIES:
        return True
    if len(lw) >= 2 and lw[-1] in OUTLET_ENDS and info.words[-1][:1].isupper():
        return True
    return len(lw) >= 3 and (lw[-2], lw[-1]) in OUTLET_PAIRS


def _source_context(ctx: Ctx, c: Cand) -> bool:
    """The mention credits the story to an outlet: "according to X", "told X", "X reported",
    "Source: X", a byline "By Name, X", "(X)" after a dateline."""
    k = c.start - 1
    if k >= 0 and ctx.low[k] == "the":
        k -= 1
    before = []
    q = k
    while q >= 0 and len(before) < 2 and not ctx.space[q]:
        before.insert(0, ctx.low[q])
        q -= 1
    for pat in SOURCE_BEFORE:
        if tuple(before[-len(pat):]) == pat:
            return True
    nxt = c.end
    if nxt < ctx.n and ctx.low[nxt] in SOURCE_VERBS - {"said", "says", "noted", "notes"}:
        return True
    # byline: a line "By <Person>, <Outlet>"
    line_start = c.start
    while line_start > 0 and not ctx.space[line_start - 1]:
        line_start -= 1
    if ctx.low[line_start] == "by" and any(ctx.text[m] == "," for m in range(line_start, c.start)):
        return True
    # "BISHKEK (X) -": an outlet in brackets after the dateline place
    if c.start >= 2 and ctx.text[c.start - 1] == "(" and c.end < ctx.n and ctx.text[c.end] == ")":
        p = c.start - 2
        if p == line_start or (p - 1 >= line_start and ctx.text[p - 1] in (",",)):
            return True
    return False


def _caps_heading(ctx: Ctx, c: Cand, info) -> bool:
    """An all-capital job title or section heading ("CLUSTER MANAGER", "PROJECT LEAD")."""
    letters = [ch for ch in info.text if ch.isalpha()]
    if len(info.words) < 2 or not letters or not all(ch.isupper() for ch in letters):
        return False
    lw = [w.lower() for w in info.words]
    if any(w in TITLE_WORDS or w in ("lead", "coordinator", "assistant", "intern", "officer")
           for w in lw):
        return True
    # a short all-capital line of generic words: a heading, not a name
    s, e = c.start, c.end
    alone = (s == 0 or ctx.space[s - 1]) and (e >= ctx.n or ctx.space[e] or
                                               (ctx.punct[e] and (e + 1 >= ctx.n or
                                                                  ctx.space[e + 1])))
    return alone and not info.specific and not info.placed


def _named_vision(info) -> bool:
    """"Imereti Vision" is a company; "Digital Kazakhstan Vision" a document."""
    return info.words[-1].lower() == "vision" and len(info.words) >= 2 and \
        not info.placed and info.specific and not is_generic_word(info.words[0])


def _judge_company(ctx: Ctx, c: Cand, info) -> None:
    """A name read from a company context ("startups such as X", "the fintech X")."""
    text = info.text
    words = info.words
    low = [w.lower() for w in words]
    if text.lower() in CONCEPTS or all(w in CONCEPTS or w in STOP_CAP for w in low):
        c.drop = "concept"
        return
    if low[0] in DOCUMENT_WORDS or (low[-1] in DOCUMENT_WORDS and not _named_vision(info)):
        c.drop = "document"
        return
    if all(w.rstrip(".") in STOP_CAP or w in TITLE_WORDS for w in low):
        c.drop = "title-word"
        return
    if place_country(text) or is_region(text) or all(
            j in info.place_idx or w in ("and", "of", "the", "&") or city_of(words[j])
            for j, w in enumerate(low)):
        c.drop = "place"
        return
    if len(words) == 1 and is_acronym(words[0]):
        c.rule = "acr"  # "founder of AH": resolved with the other acronyms
        return
    if not info.specific:
        c.drop = "generic"
        return
    if any(w in EVENT_NAME_ENDS for w in low[-1:]) and len(words) > 1:
        c.drop = "event"
        c.event_key = True
        return
    companyish = any(w in COMPANYISH_WORDS or w in LEGAL_SUFFIXES for w in low) or \
        any(ch.isdigit() for ch in text) or any(w[1:] != w[1:].lower() for w in words)
    s = c.start
    is_person = ctx.ent_label[s] == "PERSON" and ctx.ent_start[s] == s and \
        ctx.ent_end[s] >= c.end
    if "company-strong" not in c.evidence and not companyish and \
            ctx.ent_label[s] not in ("ORG", "PRODUCT"):
        # "residents such as Ana Lima", "the developer Ivan Petrov": maybe people
        c.drop = "person" if is_person or len(words) >= 2 else "weak"
        return
    if ctx.ent_label[s] in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL",
                            "ORDINAL") and not companyish:
        c.drop = "number"


def _judge_head(ctx: Ctx, c: Cand, info) -> None:
    hc = info.head
    if hc is None:
        c.drop = "no-head"
        return
    state_body = _state_body(ctx, c, info)
    if not info.placed and _part_unit(ctx, c, info, state_body):
        c.drop = "unit"  # "Management Board", "Governing Council", "Center for Cooperation"
        return
    if info.text.lower() in CONCEPTS:
        c.drop = "concept"
        return
    if len(info.words) == 1 and info.words[0].lower() in ANAPHOR_HEADS and \
            info.words[0].lower() not in COMPOUND_HEADS:
        c.drop = "bare-head"
        return
    if c.lower_head and hc in UNIT_HEADS:
        c.drop = "unit-lower"  # "Southern Vietnam department": part of another body
        return
    # "Center for International Cooperation in the Development of Harnby Technopark"
    if c.parent_after is not None and _part_unit(ctx, c, info, state_body):
        c.drop = "unit-of"
        return
    if c.lower_head and not info.specific and c.cstrength < 4 and not info.placed:
        c.rule = "anaphor"  # "the IT park", "its tech park": points back at most


_ATTACHING = frozenset({"of", "from", "in", "at"})


def _part_unit(ctx: Ctx, c: Cand, info, state_body: bool) -> bool:
    """A generic unit name ("Department of Harbours", "Center for Cooperation") that is a
    part of another body here: of another named body after it, or attached by "of the" /
    "at the" / "the university's" before it. In: the candidate, its name analysis and
    whether it is a body of a state (`_state_body`); out: True when it is such a part."""
    if info.specific or info.head not in UNIT_HEADS or state_body:
        return False
    return c.parent_after is not None or not _standalone_unit(ctx, c)


def _standalone_unit(ctx: Ctx, c: Cand) -> bool:
    """A generic unit name ("Department of Harbours", "Higher Skills Commission") that
    stands as a body of its own rather than a part of another one: it has its own acronym
    in brackets, or nothing attaches it to something else (no "of/at <Org>" after it, no
    "director of the" / "held in the" / "the university's" before it). In: the candidate;
    out: True to let the keep model judge it instead of dropping it as a unit."""
    if c.acr:
        return True  # "the Higher Skills Commission (HSC)": a body the text abbreviates
    if c.parent_after is not None:
        return False
    k = _prev_word(ctx, c.start)
    if k >= 0 and ctx.low[k] == "the":
        k = _prev_word(ctx, k)
    if k >= 1 and ctx.text[k] in _POSSESSIVE and ctx.low[k - 1] in ANAPHOR_HEADS and \
            ctx.text[k - 1].islower():
        return False  # "the university's Department of Physics": a part of that university
    return k < 0 or ctx.low[k] not in _ATTACHING


_STATE_WORDS = frozenset({"national", "state", "federal", "republican", "presidential"})
_GOV_PARENTS = frozenset({"ministry", "government", "president", "cabinet", "agency",
                          "committee", "office", "administration", "council"})


def _state_body(ctx: Ctx, c: Cand, info) -> bool:
    """A generic-looking name that is a body of a state: "National Council for Science and
    Technology", "Centre for International Development under the Ministry of ..."."""
    if len(info.words) < 3 or info.head_idx is None:
        return False
    if info.words[0].lower() in _STATE_WORDS and info.head_idx <= 1 and \
            info.head_idx + 1 < len(info.words) and \
            info.words[info.head_idx + 1].lower() in ("for", "of", "on"):
        return True
    if info.words[0].lower() in _STATE_WORDS and info.head_idx == len(info.words) - 1 and \
            len(info.words) >= 4:
        return True  # "National Research, Design and Testing Office"
    if c.parent_rel == "under" and c.parent_after is not None:
        k = c.parent_after
        while k < ctx.n and ctx.cap[k] and k - c.parent_after < 6:
            if ctx.low[k] in _GOV_PARENTS:
                return True
            k += 1
    return False


def _judge_span(ctx: Ctx, c: Cand, info) -> None:
    """A name the span model read: only what is plainly no organisation name goes (a
    document, a title word, a place, all lower case); its keep probability decides the rest."""
    text = info.text
    if info.words[0].lower() in DOCUMENT_WORDS or (info.words[-1].lower() in DOCUMENT_WORDS
                                                   and not _named_vision(info)):
        c.drop = "document"
    elif all(w.lower().rstrip(".") in STOP_CAP or w.lower() in TITLE_WORDS for w in info.words):
        c.drop = "title-word"
    elif place_country(text) or is_region(text):
        c.drop = "place"
    elif all(w[:1].islower() for w in info.words):
        c.drop = "lowercase"
    elif not info.specific and not info.placed and (len(info.words) == 1 or info.head is None):
        c.drop = "generic"  # "Technology", "Enterprise", "City Region"
    elif _part_unit(ctx, c, info, _state_body(ctx, c, info)):
        # "the directors of the Department of Physics": the head-noun rule drops such a
        # part of another body, and the model reading the same name must not bring it back
        c.drop = "unit"


def _judge_ent(ctx: Ctx, c: Cand, info) -> None:
    text = info.text
    low = text.lower()
    if low in CONCEPTS or all(w.lower() in CONCEPTS for w in info.words):
        c.drop = "concept"
        return
    if info.words[0].lower() in DOCUMENT_WORDS or (info.words[-1].lower() in DOCUMENT_WORDS
                                                   and not _named_vision(info)):
        c.drop = "document"  # "Memorandum of Understanding", "Digital Kazakhstan Strategy"
        return
    if all(w.lower().rstrip(".") in STOP_CAP or w.lower() in TITLE_WORDS for w in info.words):
        c.drop = "title-word"  # "Assoc", "Prof", "Honorary Consul"
        return
    if place_country(text) or is_region(text) or (info.placed and not info.specific):
        if not ({"list", "registry"} & c.evidence) or place_country(text) or is_region(text):
            c.drop = "place"
            return
    if all(j in info.place_idx or w.lower() in ("and", "or", "of", "the", "&") or city_of(w)
           for j, w in enumerate(info.words)):
        c.drop = "places"  # "Osh and Jalal-Abad"
        return
    if not info.specific and "list" not in c.evidence:
        c.drop = "generic"
        return
    if all(w[:1].islower() for w in info.words):
        c.drop = "lowercase"
        return
    if c.label == "ORG":
        if len(info.words) == 1 and info.words[0].isupper() and is_acronym(info.words[0]):
            c.rule = "acr"  # resolved with the other acronyms
        return
    if {"list", "role", "registry"} & c.evidence:
        return
    if c.label == "PERSON" and len(info.words) >= 2 and \
            info.words[-1].lower() in COMPANYISH_WORDS and not is_generic_word(info.words[0]):
        return  # "Sevan Pay", "Hrazdan Soft": no person's name ends so
    c.drop = f"label-{c.label}"


_LIST_GLUE = frozenset({",", "and", "&", "a", "an", "the", "of", "for", "-", "–"})


def _facility_list_item(ctx: Ctx, c: Cand) -> bool:
    """An item of a list of facilities: "facilities such as the Drone Testing Hub, Maker
    Hub and ...", "amenities, including a Fitness Studio, Child Care Centre, Bank". In: the candidate;
    out: True when, back over capitalised list items, the list opens with a plural of
    FACILITY_GROUP_NOUNS and "such as" / "including" / "like" / ":"."""
    k = c.start - 1
    steps = 0
    while k >= 0 and steps < 40 and not ctx.sent_start[k + 1] and not ctx.space[k] and \
            (ctx.cap[k] or ctx.low[k] in _LIST_GLUE or ctx.text[k].isdigit()):
        k -= 1
        steps += 1
    if k < 1:
        return False
    lo = ctx.low[k]
    if lo == "as" and ctx.low[k - 1] == "such":
        k -= 2
    elif lo in ("including", "like", ":"):
        k -= 1
    else:
        return False
    if k >= 0 and ctx.text[k] == ",":
        k -= 1
    return k >= 0 and ctx.low[k] in FACILITY_GROUP_NOUNS


def _hypothetical(ctx: Ctx, c: Cand) -> bool:
    """'creating an Association of X', 'establish joint Velmora Technologies Park', 'a new Hub'."""
    k = c.start - 1
    seen_indef = False
    steps = 0
    while k >= 0 and steps < 4:
        lo = ctx.low[k]
        if lo in ("a", "an"):
            seen_indef = True
        elif lo in CREATION_WORDS:
            return True
        elif lo in HYPOTHETICAL_MODIFIERS or (lo.isalpha() and lo.islower() and lo not in
                                              ("the", "of", "with", "and", "by", "to", "at",
                                               "for", "in", "from", "between", "that")):
            pass
        else:
            break
        k -= 1
        steps += 1
    if seen_indef:
        return True
    return False


def _after_ordinal(ctx: Ctx, c: Cand) -> bool:
    """An ordinal right before the name, past at most two lower-case words: "the first
    IT Park", "the 4th generation Technology Park"."""
    k = c.start - 1
    steps = 0
    while k >= 0 and steps < 3:
        lo = ctx.low[k]
        if lo in ORDINAL_WORDS or _ORDINAL.fullmatch(lo):
            return True
        if not (lo.isalpha() and lo.islower()) or lo in ("the", "a", "an", "of", "in", "at",
                                                          "and", "with", "by", "to", "for"):
            return False
        k -= 1
        steps += 1
    return False


def role_evidence(ctx: Ctx, cands: list[Cand]) -> None:
    """'CEO of X', 'representatives of X': X is an organisation a person acts for."""
    for c in cands:
        k = c.start - 1
        if k >= 0 and ctx.low[k] == "the":
            k -= 1
        if k >= 1 and ctx.low[k] in ("of", "at", "for", "from") and ctx.low[k - 1] in ROLE_OF:
            c.evidence.add("role")


