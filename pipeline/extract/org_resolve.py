"""In-article resolution: organisation candidates -> LocalOrg entities + OrgMentions.

In: the Ctx of one article and its judged candidates (org_candidates). Out: one
LocalOrg per real organisation (fullest name, every other surface form as an alias,
org_type, country, city, registry id) and one OrgMention per occurrence in the body.

Merge rules, in order (each guarded so that different organisations stay apart):
  1. same core key (names.org_key without places, plurals folded, word order free) and
     compatible countries ("IT Park Velmaria" ~ "Velmaria's IT park", never
     "IT Park Dushanbe");
  2. same acronym defined in brackets ("... Association (HVBIA)") or a bracketed
     alternative name ("Harnby Regional Technology Park (Harnby Technopark)");
  3. a generic short form joins the one organisation whose words contain it
     ("Innovation Agency" -> "Azerbaijan Innovation Agency"), never when two could;
  4. minister titles join their ministry; bare acronyms join the name they abbreviate;
  5. anaphors ("the Park", "the Organization") point to the latest organisation with
     that head, or the only one; they never create an organisation.

Then per organisation: type (head noun, list mates, registry; a government head beats a
park-typed registry entry), registry entry (a generic name takes the entry of the one
article country that has one), country (own clues, parent, list mates, the article's
dominant or dateline country for generic local bodies), bare aliases ("Latvian Ministry of
Foreign Affairs" -> "Ministry of Foreign Affairs"). A bloc named only as an adjective
("EU-funded", "EU member states") is dropped. Every step is linear or n log n in the
number of mentions: long articles must not cost quadratic time.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from pipeline.extract.org_candidates import Cand, Ctx
from pipeline.extract.org_described import defined_type, described_type, housed_by_academic
from pipeline.extract.org_lexicon import (
    ADJECTIVAL_AFTER, ATTRIBUTIVE_NOUNS, CONCEPTS, HEADS, LEGAL_PREFIXES, IT_WORDS, LEGAL_SUFFIXES, MULTISTATE_WORDS, NAME_CONNECTORS,
    NON_IT_INDUSTRY, REGION_PREFIXES, STOP_CAP, INCUBATOR_WORDS, INVESTOR_WORDS, STATE_WORDS,
    PLACE_AGENCY_NOUNS, INDUSTRIAL_PARK_WORDS, TECH_WORDS, ORGAN_BOARD_WORDS,
)
from pipeline.extract.org_names import (
    NameInfo, analyse, clean_display, fold_key, is_generic_word,
)
from pipeline.extract.org_places import (
    city_of, country_of_demonym, country_of_name, is_region, region_country, registry_entry,
    registry_lookup,
)
from pipeline.models import LocalOrg, OrgMention
from pipeline.reference.names import acronym, is_acronym
from pipeline.resolve.unionfind import UnionFind as _UF

_FUNCTION = NAME_CONNECTORS | {"the"}
_NORM = re.compile(r"[^\w]+")
# Local institutions whose country may come from the article's dominant country (not
# associations, companies or funds: they are often foreign or regional).
_FALLBACK_TYPES = frozenset({"technology_park", "it_cluster", "government_body", "academic",
                             "incubator_accelerator"})


def _norm(s: str) -> str:
    """Alias de-duplication key (case, punctuation, leading 'the'). Diacritics are kept:
    "Bilişim" and "Bilisim" are two surface forms, both worth listing."""
    s = s.casefold()
    s = re.sub(r"^the\s+", "", s)
    return " ".join(_NORM.sub(" ", s).split())


def _content(words: str) -> frozenset[str]:
    return frozenset(w for w in words.split() if w not in _FUNCTION)


def head_class(info: NameInfo) -> str | None:
    if info.head is None:
        return None
    return HEADS.get(info.head, "company")


def type_of(info: NameInfo) -> str | None:
    """org_type from the head noun and the words of a name; None without a head."""
    hc = info.head
    lw = [w.lower() for w in info.words]
    if hc is None:
        if _place_agency(info, lw):
            return "government_body"  # "Ruritanian Enterprise", "Enterprise Singapore"
        if info.words and _park_acronym(info.words[0]) and len(info.words[0]) >= 3 and all(
                    i in info.place_idx or w in NAME_CONNECTORS or w == "the" or
                    is_acronym(info.words[i]) or info.words[i] in _city_words(info)
                    for i, w in enumerate(lw) if i):
            return "technology_park"  # "STP Harnby", "HTP of VNAS": (science/hi-)tech park
        if len(lw) >= 2 and HEADS.get(lw[-1]) == "board" and not set(lw) & ORGAN_BOARD_WORDS:
            # a named board whose field word is not among the weak head's ("Norland
            # Information Technology Board") is still a statutory board, not a company
            return "government_body"
        return None
    ws = set(lw)
    for w in lw:
        ws.update(p for p in w.split("-") if p)
    cls = HEADS.get(hc)
    if (cls is None or cls == "company" or
            any(w in LEGAL_SUFFIXES and w not in HEADS for w in lw)) and _runs_park(lw, hc):
        return "technology_park"  # "Hong Kong Science and Technology Parks Corporation"
    if cls is None or any(w in LEGAL_SUFFIXES and w not in HEADS for w in lw):
        return "company"
    if ws & {"angels", "angel"} and cls in ("association", "fund", "company", "union"):
        return "investor"  # "Savannah Angels Network", "Colchis Angels"
    if hc == "partners":
        return "investor"
    if hc == "corporation" and _multistate_pre(ws, hc):
        return "intergovernmental_organisation"  # "Islamic Corporation for Development"
    if cls == "company" and ws & {"investment", "investments", "venture", "ventures"}:
        return "investor"  # "Azerbaijan Investment Company", "Venture Group"
    first = lw[0] if lw else ""
    regional = first in REGION_PREFIXES or (bool(info.words) and is_region(info.words[0])) \
        or "united nations" in " ".join(lw)
    multistate = bool((ws - {hc}) & (MULTISTATE_WORDS - {"organisation", "organization"}))
    if cls == "park":
        if hc == "city" and ws & {"region", "metropolitan", "municipal", "hall"}:
            return "government_body"  # "Harnby City Region", "Velmora Metropolitan City"
        if hc in _PLAIN_PARKS and ws & INDUSTRIAL_PARK_WORDS and \
                not ws & (TECH_WORDS - INDUSTRIAL_PARK_WORDS):
            return "other"  # "X Industrial Park": an industrial estate, not a technology park
        return "technology_park"
    if cls == "hub":
        # an unknown "X Hub" is a startup hub; hubs run as parks are in the registry or
        # described as parks in the text (org_resolve._types)
        return "incubator_accelerator"
    if cls == "incubator":
        if hc in ("laboratory", "lab") and ws & {"research", "scientific", "science", "physics",
                                                 "chemistry", "biology"}:
            return "academic"
        if hc in ("laboratory", "laboratories") and not ws & (INCUBATOR_WORDS | {
                "innovation", "innovations", "entrepreneurship", "venture"}):
            return "academic"  # "Harnby Laboratory": a research laboratory
        if hc == "labs" and not ws & {"innovation", "startup", "start-up", "venture",
                                      "incubation", "accelerator", "entrepreneurship"}:
            return "company"  # "Zerde Labs", "Aral Data Labs": companies
        return "incubator_accelerator"
    if cls == "cluster":
        return "it_cluster" if _it_cluster(lw) else "association"
    if cls in ("agency", "commission"):
        if regional or (cls == "commission" and (
                "intergovernmental" in ws or first == "eu" or _bilateral(info.words))):
            return "intergovernmental_organisation"  # "Belarus-Moldova Commission"
        return "government_body"
    if cls == "council":
        if ws & {"business", "industry", "export", "investors", "entrepreneurs", "employers",
                 "industrialists", "exporters", "trade"}:
            return "association"
        if regional or ws & {"turkic", "europe", "cooperation"}:
            return "intergovernmental_organisation"
        return "government_body"
    if cls in ("embassy", "mission"):
        if regional or first in ("eu", "un", "osce", "nato", "oecd", "undp") or \
                ws & {"european", "nations"}:
            return "intergovernmental_organisation"  # "EU Delegation to Georgia"
        if cls == "mission" and ws & INCUBATOR_WORDS:
            return "incubator_accelerator"  # "Kerala Startup Mission" runs incubators
        return "government_body"
    if cls in ("authority", "administration") and (_names_park(lw) or (
            _park_acronym(info.words[0]) and _head_second(lw, hc))):
        return "technology_park"  # "VTP Administration", "X Technopolis Development Authority"
    if cls == "authority" and "sovereign" in ws:
        return "investor"  # "X Sovereign Investment Authority": a sovereign wealth fund
    if cls in ("ministry", "department", "committee", "authority", "administration", "office",
               "service", "government", "board"):
        return "government_body"
    if hc == "network" and ws & {"europe", "european", "eu"}:
        return "intergovernmental_organisation"  # "Enterprise Ruritania Network"
    if cls == "union":
        if regional or ws & {"states", "nations", "countries", "economic", "telecommunication"}:
            return "intergovernmental_organisation"
        return "association"
    if cls == "association":
        return "association"
    if cls == "organisation":
        if multistate or regional:
            return "intergovernmental_organisation"
        if ws & {"research", "scientific"}:
            return "academic"  # "X Research Organization for Science": a research institute
        return "other"
    if cls == "academic":
        return "academic"
    if cls == "fund":
        if regional and "monetary" in ws:
            return "intergovernmental_organisation"
        if ws & STATE_WORDS and not ws & INVESTOR_WORDS:
            return "government_body"  # "State Fund for IT Development", "National Innovation Fund"
        return "investor"
    if cls == "foundation":
        if ws & INCUBATOR_WORDS:
            return "incubator_accelerator"  # "Enterprise Incubator Foundation"
        if (multistate or regional) and not ws & INVESTOR_WORDS:
            return "intergovernmental_organisation"
        return "investor"  # a foundation funds: grants, prizes, programmes
    if cls == "bank":
        if ws & {"central", "national"} and not ws & {"development"}:
            return "government_body"
        if regional or (multistate and "development" in ws) or first == "world":
            return "intergovernmental_organisation"
        if "development" in ws and not info.countries and not info.cities:
            return "intergovernmental_organisation"  # "Trans-Saharan Development Bank"
        return "company"
    if cls == "center":
        if ws & {"research", "science", "scientific", "r&d", "academic", "sciences", "studies",
                 "excellence"}:
            return "academic"  # "Center for Strategic Studies", "Nano Center of Excellence"
        if ws & INCUBATOR_WORDS:
            return "incubator_accelerator"  # "National Incubation Center for ...": an incubator
        if ws & {"national", "state", "republican", "federal", "presidential", "government",
                 "governmental"} or (ws & {"international"} and "development" in ws):
            # "National Innovation Center", "Centre for International Development"
            return "government_body"
        if ws & {"innovation", "innovations", "startup", "start-up", "incubation",
                 "entrepreneurship", "accelerator", "acceleration", "technology", "it", "tech",
                 "digital", "innovative", "business"}:
            return "incubator_accelerator"
        return "other"
    if cls == "company":
        return "company"
    return "other"


def _park_acronym(word: str) -> bool:
    """A (science / hi-tech) park's acronym: "STP", "HTP", "NTP"."""
    return is_acronym(word) and word.endswith("TP")


def _head_second(lw: list[str], hc: str) -> bool:
    """The head comes right after the first word ("VTP Administration")."""
    return len(lw) == 2 and lw[1] == hc


def _city_words(info: NameInfo) -> set[str]:
    return {w for c in info.cities for w in c.split()}


def _multistate_pre(ws: set[str], hc: str) -> bool:
    """Words of a body of several states ("Islamic", "Eurasian", "States") besides the head."""
    return bool((ws - {hc}) & (MULTISTATE_WORDS - {"organisation", "organization", "cooperation",
                                                   "central", "united"}))


def _place_agency(info: NameInfo, lw: list[str]) -> bool:
    """A headless name made of one state-agency noun and place words only ("Ruritanian
    Enterprise", "Enterprise Singapore", "Business Ruritania")."""
    rest = [i for i, w in enumerate(lw) if i not in info.place_idx]
    return len(rest) == 1 and lw[rest[0]] in PLACE_AGENCY_NOUNS and bool(info.place_idx) and \
        bool(info.countries or info.lead_demonym)


_PARK_NAME_WORDS = frozenset({"park", "parks", "technopark", "technoparks", "technopolis",
                              "technopole", "sciencepark", "teknopark", "technoparc"})


def _runs_park(lw: list[str], hc: str) -> bool:
    """A company or legal-form name built on a park's name ("Hong Kong Science and Technology
    Parks Corporation", "Technopolis Velmor Management Company"): the park's operator, which
    the text treats as the park. A holding or investment company of that name stays one."""
    if hc in _PARK_NAME_WORDS:
        return False
    ws = set(lw)
    if ws & (INVESTOR_WORDS | {"holding", "holdings", "group", "development", "construction",
                               "co", "co."}):
        return False
    return _names_park(lw)


def _names_park(lw: list[str]) -> bool:
    """The words name a technology park: a park word ("Technopolis", "Technopark"), or a plain
    "Park" after a field word ("Science Park"; not "Park Systems" or "National Park")."""
    if set(lw) & (_PARK_NAME_WORDS - {"park", "parks"}):
        return True
    return any(w in ("park", "parks") and i and lw[i - 1] in _PARK_FIELDS
               for i, w in enumerate(lw))


# park heads that say nothing of the park's field ("Park", not "Technopark")
_PLAIN_PARKS = frozenset({"park", "parks", "parc", "parque", "parco", "parcul"})
_PARK_FIELDS = frozenset({"science", "technology", "technologies", "tech", "hi-tech",
                          "high-tech", "innovation", "software", "it", "research", "digital",
                          "technological", "scientific", "ict"})


def _bilateral(words: tuple[str, ...]) -> bool:
    """A hyphenated pair of countries or demonyms ("Belarus-Moldova", "Belarusian-Czech")."""
    for w in words:
        parts = [p for p in re.split(r"[-–]", w) if p]
        if len(parts) == 2 and all(country_of_name(p) or country_of_demonym(p) for p in parts):
            return True
    return False


_IT_COMPOUND = re.compile(r"^(?:health|med|fin|ed|gov|reg|insur|prop|legal|e-?health|"
                          r"e-?gov|digital)-?tech$")
_IT_EXTRA = frozenset({"robotics", "robot", "robots", "ai", "artificial", "automation",
                       "mobile", "wireless", "semiconductor", "semiconductors",
                       "microelectronics", "cybersecurity", "blockchain", "cloud", "games",
                       "iot", "analytics", "fintech", "edtech", "healthtech", "medtech",
                       "govtech", "e-health", "ehealth", "e-commerce", "ecommerce",
                       "programming", "developers", "deeptech"})
# industries whose clusters stay associations even with a technology word
_NON_IT_STRONG = NON_IT_INDUSTRY - {"media", "security", "creative", "design", "space"}


def _it_cluster(lw: list[str]) -> bool:
    """A cluster of IT/ICT/digital/software/data/AI/robotics/health-tech/fintech/electronics
    companies (not wood, food, metalworking, tourism, export, health care...)."""
    ws: set[str] = set()
    compounds = False
    for w in lw:
        if _IT_COMPOUND.match(w):
            compounds = True
            continue
        ws.add(w)
        ws.update(p for p in w.split("-") if p)
    it = bool(ws & (IT_WORDS | _IT_EXTRA)) or compounds
    if not it:
        return False
    non_it = ws & NON_IT_INDUSTRY
    if not non_it:
        return True
    if compounds or ws & {"fintech", "ict", "it", "software", "digital", "ai", "robotics",
                          "data", "electronics", "cyber", "gaming", "game", "games"} and \
            not non_it & _NON_IT_STRONG:
        return True  # "Digital Media Cluster", "IT Security Cluster"
    return False


class _Mem:
    """A name mention with its analysis and country clue."""

    __slots__ = ("c", "info", "country", "cstr", "display", "full_alias", "city_only",
                 "bare")

    def __init__(self, c: Cand, body: str):
        self.c = c
        text = c.derived or c.display or body[c.cs:c.ce]
        self.info = analyse(text)
        info = self.info
        # the strongest clue wins: "(Country)"/"of Country" 5, country or demonym in the
        # name 4 ("Embassy of Finland in Buenos Aires" -> FI), seat "in City" 3, city in
        # the name or the registry 2
        clues: list[tuple[int, str]] = []
        if c.country:
            clues.append((c.cstrength, c.country))
        if len(set(info.countries)) == 1:
            clues.append((4, info.countries[0]))
        elif info.countries:
            clues.append((1, info.countries[0]))
        if info.city_countries:
            clues.append((2, info.city_countries[0]))
        if c.registry_id:
            reg = registry_entry(c.registry_id)
            if reg is not None and reg.country:
                clues.append((2, reg.country))
        hc = HEADS.get(info.head or "")
        if hc in ("embassy", "mission") and (info.countries or info.lead_demonym):
            # an embassy has the country it represents ("Embassy of India in Uzbekistan")
            rep_cc = info.lead_demonym or info.countries[0]
            clues.append((6, rep_cc))
        if not clues or max(x[0] for x in clues) < 2:
            rc = _region_in(info)
            if rc:
                clues.append((2, rc))  # "Kerala Startup Mission", "Lower Silesian Agency"
        if clues:
            self.cstr, self.country = max(clues, key=lambda x: x[0])
        else:
            self.country, self.cstr = None, 0
        # a city inside the name is the weakest clue ("Beira", "Porto" name places abroad)
        self.city_only = bool(clues) and self.cstr == 2 and bool(info.city_countries) and \
            self.country == info.city_countries[0] and not c.registry_id
        self.display = info.text
        self.full_alias = None
        # 'JSC "Uztelecom Digital"' -> "Uztelecom Digital" (+ alias with the legal form)
        if len(info.words) > 1 and info.words[0] in LEGAL_PREFIXES:
            self.display = info.text[info.spans[1][0]:].strip()
            self.full_alias = info.text
        # 'Free Economic Zone "Navoi Innovations"': the quoted part names it too
        raw = c.derived or c.display or body[c.cs:c.ce]
        q = re.search(r"[\"“«]([^\"”»]{3,60})[\"”»]\s*$", raw)
        if q and not self.full_alias and q.start() > 0:
            self.full_alias = q.group(1).strip()
        # "Turkish Technopark KTU" -> "Technopark KTU" (+ alias); "Estonian IT Cluster" stays;
        # a country name in the language of the name stays ("O'zbekiston Milliy Universiteti")
        if info.lead_len and info.lead_demonym and \
                not country_of_name(" ".join(info.words[:info.lead_len])):
            rest = info.rest_after_lead()
            rinfo = analyse(rest)
            # only before a proper word of its own: "Ruritanian Harnby Technopark",
            # "Turkish Technopark KTU" (not "Georgian Innovation Bureau of Kutaisi")
            hi = rinfo.head_idx if rinfo.head_idx is not None else len(rinfo.words)
            if rinfo.head is not None and any(
                    (w[:1].isupper() and not is_generic_word(w) and j not in rinfo.place_idx
                     and j < hi) or (is_acronym(w) and w.lower() not in CONCEPTS)
                    for j, w in enumerate(rinfo.words)):
                self.display = rinfo.text
                self.full_alias = info.text
        self.bare = _bare_forms(info)


def _region_in(info: NameInfo) -> str | None:
    """Country of a first-level region named inside a name ("Kerala Startup Mission")."""
    words = info.words
    n = len(words)
    for i in range(n):
        if not words[i][:1].isupper():
            continue
        for m in (3, 2, 1):
            if i + m > n:
                continue
            rc = region_country(" ".join(words[i:i + m]))
            if rc:
                return rc
    return None


_SEAT_TAIL = re.compile(r"^(.*\S)\s+(?:in|to)\s+(?:the\s+)?(\S.*)$")


def _bare_forms(info: NameInfo) -> list[str]:
    """Other forms a reader uses for a name: without its leading demonym or possessive
    country ("Latvian Ministry of Foreign Affairs" -> "Ministry of Foreign Affairs"),
    without its trailing country ("Ministry of High-Tech Industry of the Republic of
    Armenia" -> "Ministry of High-Tech Industry"), an embassy without its seat ("Embassy of
    India in Uzbekistan" -> "Embassy of India")."""
    out: list[str] = []
    words = info.words
    n = len(words)
    if n < 3 or info.head is None:
        return out
    hc = HEADS.get(info.head)
    text = info.text
    if hc in ("embassy", "mission") or info.head == "office":
        m = _SEAT_TAIL.match(text)
        if m and (country_of_name(m.group(2)) or city_of(m.group(2))) and \
                analyse(m.group(1)).head is not None:
            out.append(m.group(1))
    # leading demonym / country before a head-initial name
    if info.lead_len and info.lead_len < n and info.lead_demonym:
        rest = info.rest_after_lead()
        rinfo = analyse(rest)
        if rinfo.head_idx == 0 and len(rinfo.words) >= 3 and rinfo.words[1].lower() in (
                "of", "for", "on"):
            out.append(rest)
    # trailing city right after a specific name ("HVT University of Engineering and
    # Technology Harnby" -> without "Harnby"; never "University of Harnby")
    if info.cities and info.spans:
        for m in (3, 2, 1):
            if n - m >= 3 and city_of(" ".join(words[n - m:])) and words[n - m - 1].lower() not in \
                    _TRAILING_PLACE_LINK and words[n - m - 1][:1].isupper():
                stem = text[:info.spans[n - m - 1][1]].strip()
                sinfo = analyse(stem)
                if sinfo.head is not None and sinfo.specific and len(sinfo.words) >= 3:
                    out.append(stem)
                break
    # trailing "of [the Republic of] <Country>"
    for k in range(1, n - 1):
        if words[k].lower() != "of" or not all(j in info.place_idx for j in range(k + 1, n)):
            continue
        if not info.countries or not (k + 1 < n and any(
                country_of_name(" ".join(words[k + 1:j])) for j in range(k + 2, n + 1))):
            break
        stem = text[:info.spans[k][0]].strip().rstrip(",")
        sinfo = analyse(stem)
        if sinfo.head is not None and len(sinfo.words) >= 2 and \
                not (len(sinfo.words) == 2 and sinfo.words[0].lower() in ("the",)):
            out.append(stem)
        break
    return out


def resolve(ctx: Ctx, cands: list[Cand]) -> tuple[list[LocalOrg], list[OrgMention]]:
    """Merge judged candidates into organisations and mentions (see module docstring)."""
    body = ctx.body
    event_keys = {fold_key(_strip_year(clean_display(body[c.cs:c.ce])))
                  for c in cands if c.event_key}
    event_keys.discard("")
    mems: list[_Mem] = []
    acrs: list[Cand] = []
    anaphors: list[Cand] = []
    for c in sorted(cands, key=lambda c: c.cs):
        if c.drop:
            continue
        if c.rule == "acr":
            acrs.append(c)
        elif c.rule == "anaphor":
            anaphors.append(c)
        else:
            m = _Mem(c, body)
            if not m.info.core or fold_key(m.info.text) in event_keys:
                continue
            mems.append(m)
    n = len(mems)
    uf = _UF(n)

    # 1. same core key, split by country
    by_core: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mems):
        by_core[m.info.sort_core].append(i)
    dropped: set[int] = set()
    for idxs in by_core.values():
        countries = {mems[i].country for i in idxs if mems[i].country}
        if len(countries) <= 1:
            for i in idxs[1:]:
                uf.union(idxs[0], i)
            continue
        first_of: dict[str, int] = {}
        for i in idxs:
            cc = mems[i].country
            if cc and cc not in first_of:
                first_of[cc] = i
        last_clued = None  # idxs are in text order
        for i in idxs:
            cc = mems[i].country
            if cc:
                uf.union(first_of[cc], i)
                last_clued = i
            elif mems[i].info.specific:
                uf.union((last_clued if last_clued is not None else min(first_of.values())), i)
            else:
                dropped.add(i)  # a bare "IT Park" among several IT parks: ambiguous

    # 2. bracketed acronyms and alternative names
    acr_owner: dict[str, int] = {}
    for i, m in enumerate(mems):
        if m.c.acr:
            if m.c.acr in acr_owner:
                uf.union(acr_owner[m.c.acr], i)
            else:
                acr_owner[m.c.acr] = i
    extra_alias: dict[int, list[str]] = defaultdict(list)
    for i, m in enumerate(mems):
        if m.c.paren_alias:
            a, b = m.c.paren_alias
            alias = clean_display(body[a:b])
            ainfo = analyse(alias)
            hit = [j for j, o in enumerate(mems) if o.info.sort_core == ainfo.sort_core and j != i]
            for j in hit:
                uf.union(i, j)
            extra_alias[i].append(alias)
    # "X (XO) Office" ... "the XO Office": the form with the acronym names it too
    for i, m in enumerate(mems):
        for alias in m.c.alias_texts:
            for j in by_core.get(analyse(alias).sort_core, ()):
                if j != i:
                    uf.union(i, j)
    # "KOICA Agency", "ELTEC Cluster": the acronym alone names it too
    for i, m in enumerate(mems):
        w = m.info.words
        if 2 <= len(w) <= 3 and is_acronym(w[0]) and w[0].lower() not in CONCEPTS and \
                all(x.lower() in HEADS for x in w[1:]):
            acr_owner.setdefault(w[0], i)
        # "State Oil Company ZORCO": a description, then the acronym that names it
        elif _described_acronym(m.info):
            acr_owner.setdefault(w[-1], i)

    # 3. generic short forms join the one organisation that contains them
    _merge_short_forms(mems, uf, dropped)

    _merge_proper_short_forms(mems, uf, dropped)
    groups = _groups(uf, n, dropped)

    # 4. bare acronyms (may add organisations known only by their acronym)
    places = _article_places(ctx)
    acr_groups = _resolve_acronyms(ctx, acrs, mems, uf, groups, acr_owner, places)
    n = len(mems)
    groups = _groups(uf, n, dropped)

    # build entities
    order = sorted(groups, key=lambda r: min(mems[i].c.cs for i in groups[r]))
    orgs: list[LocalOrg] = []
    mentions: list[OrgMention] = []
    ent_of_root: dict[int, int] = {}
    members_of: list[list[_Mem]] = []
    for r in order:
        ent_of_root[r] = len(orgs)
        ms = [mems[i] for i in sorted(groups[r], key=lambda i: mems[i].c.cs)]
        members_of.append(ms)
        extra = [a for i in groups[r] for a in extra_alias.get(i, [])]
        orgs.append(_build_org(ms, extra, body))
    for acr, (occ, root) in acr_groups.items():
        if root is None:
            continue
        e = ent_of_root.get(uf.find(root))
        if e is None:
            continue
        if acr not in orgs[e].aliases and acr != orgs[e].name:
            orgs[e].aliases.append(acr)
        for c in occ:
            mentions.append(OrgMention(e, body[c.cs:c.ce], c.cs, c.ce, c.rule))
    for e, ms in enumerate(members_of):
        for m in ms:
            mentions.append(OrgMention(e, body[m.c.cs:m.c.ce], m.c.cs, m.c.ce, m.c.rule))
    # acronyms defined in brackets are aliases even when never repeated
    for acr, i in acr_owner.items():
        e = ent_of_root.get(uf.find(i))
        if e is not None and acr not in orgs[e].aliases and acr != orgs[e].name:
            orgs[e].aliases.append(acr)

    _explicit_countries(orgs, members_of)
    _types(orgs, members_of, ctx, places)
    _fallback_countries(orgs, members_of, mentions, ctx, places)
    _anaphora(anaphors, orgs, members_of, mentions, body)
    _sweep(ctx, orgs, mentions)
    orgs, mentions = _drop_adjectival(ctx, orgs, mentions)
    mentions.sort(key=lambda m: (m.char_start, m.char_end))
    return orgs, mentions


def _strip_year(s: str) -> str:
    return re.sub(r"[\s\-–]*(?:19|20)\d\d$", "", s).strip()


def _groups(uf: _UF, n: int, dropped: set[int]) -> dict[int, list[int]]:
    g: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        if i in dropped:
            continue
        g[uf.find(i)].append(i)
    return g


def _merge_short_forms(mems: list[_Mem], uf: _UF, dropped: set[int]) -> None:
    """A group of generic mentions joins the one group whose content words contain its own."""
    for _ in range(2):
        groups = _groups(uf, len(mems), dropped)
        info = {}
        place_words: dict[int, set[str]] = {}
        for r, idxs in groups.items():
            words: set[str] = set()
            for i in idxs:
                words |= _content(mems[i].info.core)
                words |= _content(mems[i].info.full)
            best = max(idxs, key=lambda i: len(mems[i].info.words))
            specific = any(mems[i].info.specific for i in idxs)
            placed = any(mems[i].info.placed for i in idxs)
            cc = {mems[i].country for i in idxs if mems[i].country}
            core = _content(mems[best].info.core)
            info[r] = (words, specific, placed, cc, core, head_class(mems[best].info))
            pw = set()
            for i in idxs:
                inf = mems[i].info
                pw |= {fold_key(inf.words[j]) for j in inf.place_idx
                       if inf.words[j].lower() not in _FUNCTION and
                       inf.words[j].lower() not in ("republic", "state", "kingdom")}
            place_words[r] = pw
        todo = sorted((r for r in groups if not info[r][1]), key=lambda r: -len(info[r][4]))
        changed = False
        by_word: dict[str, set[int]] = defaultdict(set)
        for t, v in info.items():
            for w in v[0]:
                by_word[w].add(t)
        for r in todo:
            words, specific, placed, cc, core, hc = info[r]
            if not core or hc is None:
                continue
            targets = []
            pool = None
            for w in core:
                pool = set(by_word.get(w, ())) if pool is None else pool & by_word.get(w, set())
                if not pool:
                    break
            for t in sorted(pool or ()):
                tw, ts, tp, tcc, tcore, thc = info[t]
                if uf.find(t) == uf.find(r) or thc != hc:
                    continue
                if not core <= tw or core == tcore and not ts:
                    continue
                if cc and tcc and not (cc & tcc):
                    continue
                if place_words[r] and not place_words[r] <= tw and not (cc & tcc):
                    continue  # "Vietnam National University" is no "An-Najah National University"
                targets.append((t, ts, tp))
            spec = [t for t, ts, _ in targets if ts]
            # generic into generic only between place-qualified names
            # ("Korean Association" -> "Korean Association for the Promotion of ...");
            # "Technopark" never joins "High Technology Park"
            pick = spec if spec else [t for t, _, tp in targets if tp and placed]
            roots = {uf.find(t) for t in pick}
            if len(roots) == 1:
                uf.union(next(iter(roots)), r)
                changed = True
            elif len(roots) > 1 and not placed and len(core) <= 2:
                for i in groups[r]:
                    dropped.add(i)  # "the IT Park" among several: ambiguous, never its own org
        if not changed:
            break


def _merge_proper_short_forms(mems: list[_Mem], uf: _UF, dropped: set[int]) -> None:
    """Short forms of specific names that join the one organisation they abbreviate.

    The long form must be the short one plus generic words only, before or after it:
    "Innosuisse" -> "Swiss Innovation Agency Innosuisse", "Sunrise Valley" -> "Sunrise
    Valley Science and Technology Park". Never between two different proper names.
    """
    groups = _groups(uf, len(mems), dropped)
    forms: dict[int, list[tuple[_Mem, tuple[str, ...]]]] = {
        r: [(mems[i], tuple(w.lower() for w in mems[i].info.words)) for i in idxs]
        for r, idxs in groups.items()}
    # every proper prefix and suffix of every form -> the forms having it (exact lookups
    # instead of comparing each short form with every other form)
    by_edge: dict[tuple[str, ...], list[tuple[int, _Mem, tuple[str, ...]]]] = defaultdict(list)
    for t, tmembers in forms.items():
        for m, f in tmembers:
            for k in range(1, len(f)):
                by_edge[f[:k]].append((t, m, f))
                if f[-k:] != f[:k]:
                    by_edge[f[-k:]].append((t, m, f))
    for r, members in forms.items():
        sw = min((f for _, f in members), key=len)
        short = next(m for m, f in members if f == sw)
        if not sw or max(len(f) for _, f in members) > len(sw) or not short.info.specific:
            continue
        if short.info.place_idx or (len(sw) == 1 and is_acronym(short.info.words[0])):
            continue  # places and acronyms have their own rules
        shc = head_class(short.info)
        hits = set()
        k = len(sw)
        seen_pairs: set[int] = set()
        for t, m, f in by_edge.get(sw, ()):
            if id(m) in seen_pairs:
                continue
            seen_pairs.add(id(m))
            if uf.find(t) == uf.find(r):
                continue
            if len(f) <= k:
                continue
            if f[:k] == sw:
                rest = range(k, len(f))
            elif f[-k:] == sw:
                rest = range(0, len(f) - k)
            else:
                continue
            if not all(is_generic_word(f[j]) or f[j] in _FUNCTION or j in m.info.place_idx
                       for j in rest):
                continue
            thc = head_class(m.info)
            if shc and thc and shc != thc:
                continue
            hits.add(uf.find(t))
        if len(hits) == 1:
            uf.union(next(iter(hits)), r)


_POSSESSIVE_S = frozenset({"'s", "’s", "ʼs"})


def _past_possessive(ctx: Ctx, k: int) -> int:
    """Token index k, or the one after the possessive "'s" tokens that start there."""
    while k < ctx.n and ctx.text[k] in _POSSESSIVE_S:
        k += 1
    return k


def _resolve_acronyms(ctx: Ctx, acrs: list[Cand], mems: list[_Mem], uf: _UF,
                      groups: dict[int, list[int]], acr_owner: dict[str, int],
                      places: Counter | None = None):
    """Bare acronyms -> the organisation they abbreviate, a registry entry, or a new org."""
    by_acr: dict[str, list[Cand]] = defaultdict(list)
    attributive: set[int] = set()
    for c in acrs:
        nxt = _past_possessive(ctx, c.end)
        if nxt < ctx.n and ctx.low[nxt] in ATTRIBUTIVE_NOUNS and not ctx.cap[nxt]:
            # "ITC ecosystem", "ICT sector": a mention only of an organisation named here
            attributive.add(c.cs)
        by_acr[ctx.body[c.cs:c.ce]].append(c)
    initials: dict[str, set[int]] = defaultdict(set)
    letters: dict[str, set[int]] = defaultdict(set)
    for r, idxs in groups.items():
        for i in idxs:
            m = mems[i]
            for form in {m.info.text, m.display, m.info.rest_after_lead(),
                         _without_trailing_place(m.info)}:
                for a in _initials(form):
                    initials[a].add(r)
                    letters["".join(sorted(a))].add(r)
    out: dict[str, tuple[list[Cand], int | None]] = {}
    generic_initials = [(r, _initials(mems[idxs[0]].info.text)) for r, idxs in groups.items()
                        if not any(mems[i].info.specific for i in idxs)] if by_acr else []
    for acr, occ in by_acr.items():
        root = acr_owner.get(acr)
        if root is None and len(initials.get(acr, ())) == 1:
            root = next(iter(initials[acr]))
        if root is None and len(letters.get("".join(sorted(acr)), ())) == 1:
            cand_root = next(iter(letters["".join(sorted(acr))]))
            if any(mems[i].info.text[:1].upper() == acr[:1] for i in groups[cand_root]):
                root = cand_root
        if root is None:
            # a place initial + the acronym of a generic name: "SHTP" ~ "High-Tech Park"
            for r, inits in generic_initials:
                if any(acr.endswith(a) and 1 <= len(acr) - len(a) <= 2 for a in inits):
                    if root is not None:
                        root = None
                        break
                    root = r
        if root is None:
            occ = [c for c in occ if c.cs not in attributive]
            if not occ:
                continue
            rid = next((c.registry_id for c in occ if c.registry_id), None)
            reg = registry_entry(rid) if rid else registry_lookup(acr)
            if reg is None and places:
                # a local acronym ("HTP") in the one article country that has it
                reg = _registry_by_article([acr], [], sorted(places))
            labelled = any(c.label == "ORG" for c in occ) or any(
                ctx.ent_label[c.start] == "ORG" for c in occ)
            if reg is not None or (labelled and len(occ) >= 2) or any(
                    _coordinated_with_org(ctx, c, mems) or _named_alone(ctx, c) for c in occ):
                fake = Cand(start=occ[0].start, end=occ[0].end, cs=occ[0].cs, ce=occ[0].ce,
                            rule="acr")
                # what the sentences say of it ("the companies Brivex and ZENTA") types it
                fake.evidence |= {ev for c in occ for ev in c.evidence if ev in (
                    "company", "company-strong", "government") or ev.startswith("described:")}
                if reg is not None:
                    fake.registry_id = getattr(reg, "registry_id", None)
                m = _Mem(fake, ctx.body)
                mems.append(m)
                uf.parent.append(len(uf.parent))
                root = len(mems) - 1
                out[acr] = (occ[1:], root)
                continue
        out[acr] = (occ, root)
    return out


_CLAUSE_WORDS = STOP_CAP | {"and", "or", "of", "&"}


def _named_alone(ctx: Ctx, c: Cand) -> bool:
    """A bare acronym spaCy reads as an organisation and the sentence uses as a noun of
    its own ("relations with ZETRA and ...", "during their visit to KORVA, officers ...",
    "the insurer ZETRA,"): followed by punctuation, a function word or the end, not by a
    noun it qualifies ("ZETRA framework"), a number ("CHF 3.75") or a capitalised word
    ("KVR Anand Rao"); not in brackets, where it abbreviates a name beside it that is
    no organisation ("Young Founders Programme (YFP)"). In: the parsed text and
    the acronym's candidate; out: True when it names an organisation on its own."""
    if ctx.ent_label[c.start] != "ORG" or c.end - c.start != 1 or ctx.low[c.start] in STOP_CAP:
        return False
    if c.start > 0 and ctx.text[c.start - 1] in "([":
        return False
    k = _past_possessive(ctx, c.end)
    if k >= ctx.n or ctx.space[k]:
        return True
    t = ctx.text[k]
    if ctx.punct[k]:
        return t not in "([-–—/"
    return t.islower() and ctx.low[k] in _CLAUSE_WORDS


def _coordinated_with_org(ctx: Ctx, c: Cand, mems: list[_Mem]) -> bool:
    """A bare acronym listed with a named organisation ("between ZETRA and Kalnik
    Technopark", "Kalnik Technopark, ZETRA and ..."): a member of the same list."""
    starts = {m.c.start for m in mems}
    ends = {m.c.end for m in mems}
    k = c.end
    if k + 1 < ctx.n and ctx.low[k] in ("and", ",", "&"):
        j = k + 1 + (ctx.low[k + 1] == "the")
        if j in starts:
            return True
    k = c.start - 1
    if k >= 1 and ctx.low[k] in ("and", ",", "&"):
        return k in ends
    return False


_TRAILING_PLACE_LINK = frozenset({"in", "of", "the", "-", "–", "—"})


def _without_trailing_place(info: NameInfo) -> str:
    """The name without the city, region or country that ends it, which its acronym
    leaves out: "Science Technology Park Belgrade" -> "Science Technology Park" ("STP"),
    "Innovation Centre in Tashkent" -> "Innovation Centre". The text itself when the
    name does not end in a place or when fewer than two words would remain."""
    words = info.words
    n = len(words)
    k = n
    for m in (3, 2, 1):
        if n - m < 2:
            continue
        chunk = " ".join(words[n - m:])
        if all(j in info.place_idx for j in range(n - m, n)) or city_of(chunk) or \
                is_region(chunk):
            k = n - m
            break
    if k == n:
        return info.text
    while k > 2 and words[k - 1].lower() in _TRAILING_PLACE_LINK:
        k -= 1
    if k < 2 or not info.spans:
        return info.text
    return info.text[:info.spans[k - 1][1]].strip()


def _initials(form: str) -> set[str]:
    """Acronyms a name may have: "High-Tech Park" -> {"HP", "HTP"}."""
    out = {acronym(form), acronym(form.replace("-", " "))}
    return {a for a in out if len(a) >= 2}


def _described_acronym(info: NameInfo) -> str | None:
    """The acronym that ends a company description ("State Oil Company ZORCO" -> "ZORCO"):
    generic or place words, a company head, then the acronym. None for any other name."""
    w = info.words
    if len(w) >= 3 and is_acronym(w[-1]) and w[-1].lower() not in CONCEPTS and \
            HEADS.get(w[-2].lower()) == "company" and \
            all(is_generic_word(x) or j in info.place_idx for j, x in enumerate(w[:-1])):
        return w[-1]
    return None


def _best_name(ms: list[_Mem]) -> _Mem:
    def score(m: _Mem):
        info = analyse(m.display)
        acr_only = len(info.words) == 1 and is_acronym(info.words[0])
        return (m.c.derived is None, not acr_only, info.specific, len(info.words),
                -m.c.cs)
    return max(ms, key=score)


def _build_org(ms: list[_Mem], extra: list[str], body: str) -> LocalOrg:
    best = _best_name(ms)
    # "State Oil Company ZORCO": the acronym is the name, the rest describes it
    name = _described_acronym(analyse(best.display)) or best.display
    seen = {_norm(name)}
    aliases: list[str] = []

    def add(a: str | None) -> None:
        if not a:
            return
        a = clean_display(a)
        k = _norm(a)
        if k and k not in seen:
            seen.add(k)
            aliases.append(a)

    for m in ms:
        if m.c.derived:
            for a in m.c.alias_texts:
                add(a)  # the title it was derived from: "Vice President for Research"
            continue
        add(m.display)
        add(m.info.text)
        add(m.full_alias)
        for b in m.bare:
            add(b)
        for a, b in m.c.alias_spans:
            add(body[a:b])
        for a in m.c.alias_texts:
            add(a)
    for a in extra:
        add(a)
    return LocalOrg(name=name, aliases=aliases)


_GOV_HEAD_CLASSES = frozenset({"agency", "ministry", "committee", "authority", "administration",
                               "department", "commission", "council", "government", "board",
                               "service", "embassy"})


def _registry_by_article(forms: list[str], longs: list[str], countries) -> object | None:
    """The registry entry a generic name has in the one article country that has one
    ("High Technology Park" in an article about Bishkek -> KG's park); None when no
    country or several countries have an entry of that name."""
    hits: dict[str, object] = {}
    forms = [f for f in forms if len(f) <= 120]
    for cc in countries:
        for form in forms:
            reg = registry_lookup(form, cc)
            if reg is None or getattr(reg, "country", None) != cc:
                continue
            if form not in longs and not _acronym_entry_fits(reg, form, longs):
                continue
            hits[cc] = reg
            break
        if len(hits) > 1:
            return None
    return next(iter(hits.values())) if len(hits) == 1 else None


_PARK_WORDS = r"(?:techno)?parks?|technopolis|science\s+parks?|technology\s+parks?"


def _park_windows(body: str) -> list[str]:
    """The 80 characters before each common-noun "park" of the text (found once)."""
    return [body[max(0, m.start() - 80):m.end()]
            for m in re.finditer(r"\b(?:techno)?parks?\b|\btechnopolis\b", body)]


def _described_as_park(windows: list[str], org: LocalOrg) -> bool:
    """The text calls a hub a park: "X Hub, a technology park", "the Almaty tech park"."""
    body = "\n".join(w for w in windows if any(
        f in w for f in [org.name] + org.aliases + list(analyse(org.name).words[:1])))
    if not body:
        return False
    for form in [org.name] + org.aliases:
        if len(form) < 4:
            continue
        esc = re.escape(form)
        if re.search(esc + r"(?:['’]s)?,?\s+(?:is\s+|was\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
                     r"(?:" + _PARK_WORDS + r")\b", body):
            return True
    info = analyse(org.name)
    w = _proper_first(org.name) or (info.words[0] if info.words and 0 in info.place_idx
                                    or info.cities else None)
    if w and re.search(r"\b" + re.escape(w) + r"(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,2}?(?:"
                       + _PARK_WORDS + r")\b", body):
        return True
    return False


def _types(orgs: list[LocalOrg], members_of: list[list[_Mem]], ctx: Ctx | None = None,
           places: Counter | None = None) -> None:
    """org_type per entity: head noun of the best-typed name, list siblings, registry."""
    list_types: dict[int, Counter] = defaultdict(Counter)
    typed: list[str | None] = []
    for e, ms in enumerate(members_of):
        t = None
        for m in sorted(ms, key=lambda m: (m.info.specific, len(m.info.words)), reverse=True):
            t = type_of(m.info)
            if t:
                break
        typed.append(t)
        if t:
            for m in ms:
                if m.c.list_id is not None:
                    list_types[m.c.list_id][t] += 1
    article_countries = sorted(places) if places else []
    windows: list[str] | None = None
    hubs: list[int] = []  # hubs not described as parks
    for e, ms in enumerate(members_of):
        t = typed[e]
        if t is None and ctx is not None:
            # a headless name the text describes: "X, a Kazakh accelerator", "the agency X"
            t = described_type(ctx.body, [orgs[e].name] + orgs[e].aliases)
        if t is None:
            described = next((ev.split(":", 1)[1] for m in ms for ev in sorted(m.c.evidence)
                              if ev.startswith("described:")), None)
            if described:  # "X, the Crown research institute" -> academic
                t = type_of(analyse(described.capitalize()))
        if t is None and any({"company", "company-strong"} & m.c.evidence for m in ms):
            t = "company"  # "startups such as X": a company whatever its list mates are
        if t in ("incubator_accelerator", "other") and ctx is not None and \
                _academic_centre(ctx.body, orgs[e], ms):
            t = "academic"  # "X Centre at the University of Y": a university's centre
        if any("government" in m.c.evidence for m in ms) and t in (None, "technology_park"):
            t = "government_body"  # "City of Velmora", "Velmar provincial government"
        if t is None:
            for m in ms:
                if m.c.list_id is not None and list_types[m.c.list_id]:
                    t = list_types[m.c.list_id].most_common(1)[0][0]
                    if t in ("it_cluster", "association") and \
                            list_types[m.c.list_id]["it_cluster"] + \
                            list_types[m.c.list_id]["association"] > 0:
                        # a list of clusters: the item's own words say which kind
                        t = "it_cluster" if _it_cluster([w.lower() for w in m.info.words]) \
                            else "association"
                    break
        reg = None
        rid = next((m.c.registry_id for m in ms if m.c.registry_id), None)
        if rid:
            reg = registry_entry(rid)
        if reg is None:
            forms = [orgs[e].name] + orgs[e].aliases
            longs = [f for f in forms if not is_acronym(f)]
            # an acronym defined in this text says nothing about the registry's holder of
            # the same letters ("JIC" in Johor is not "JIC" in Brno)
            for form in longs:
                reg = registry_lookup(form, orgs[e].country)
                if reg is not None:
                    break
            if reg is None:
                for form in forms:
                    if form in longs:
                        continue
                    cand = registry_lookup(form, orgs[e].country)
                    if cand is not None and _acronym_entry_fits(cand, form, longs):
                        reg = cand
                        break
            if reg is None and not orgs[e].country and article_countries:
                reg = _registry_by_article(forms, longs, article_countries)
        if reg is not None and orgs[e].country and reg.country and reg.country != orgs[e].country:
            reg = None
        best = _best_name(ms)
        if reg is not None and t == "government_body" and \
                HEADS.get(best.info.head or "") in _GOV_HEAD_CLASSES and \
                getattr(reg, "org_type", None) in ("technology_park", "company",
                                                   "incubator_accelerator", "other"):
            # "Konza Technopolis Development Authority" is the park's authority, not the park
            if getattr(reg, "country", None) and not orgs[e].country:
                orgs[e].country = reg.country
            reg = None
        if reg is not None:
            orgs[e].registry_id = getattr(reg, "registry_id", None)
            rt = getattr(reg, "org_type", None)
            if rt and not (rt == "other" and typed[e] not in (None, "other", "company")):
                # a registry "other" only says the entry fits no type; a name whose head
                # types it ("Nordic Enterprise Network", "X Science Park") says more
                t = rt
        elif t == "incubator_accelerator" and best.info.head in ("hub", "hubs") and \
                ctx is not None:
            if windows is None:
                windows = _park_windows(ctx.body)
            if _described_as_park(windows, orgs[e]):
                t = "technology_park"
            else:
                hubs.append(e)
        if t is None:
            only_acr = all(len(m.info.words) == 1 and is_acronym(m.info.words[0]) for m in ms)
            if only_acr and ctx is not None:
                # named by an acronym whose spelled-out form the text gives: "Office of X (OX)"
                t = defined_type(ctx.body, orgs[e].name, tuple(
                    f for i, o in enumerate(orgs) if i != e for f in [o.name] + o.aliases))
        if t is None and reg is None:
            t = _branch_type(ms, article_countries)  # "Zentra Almaty": Zentra's branch
        if t is None:
            t = "other" if only_acr else "company"
        orgs[e].org_type = t
        if reg is not None:
            if getattr(reg, "country", None) and not orgs[e].country:
                orgs[e].country = reg.country
            if getattr(reg, "city", None) and not orgs[e].city:
                orgs[e].city = reg.city
    # "the park's main assets" when the one hub is the only thing that can be the park
    if len(hubs) == 1 and ctx is not None and \
            not any(o.org_type == "technology_park" for o in orgs) and \
            re.search(r"\b(?:the|our|this|its)\s+(?:techno)?park\b(?!\s+[A-Z])", ctx.body,
                      re.IGNORECASE):
        orgs[hubs[0]].org_type = "technology_park"


def _branch_type(ms: list[_Mem], countries: list[str]) -> str | None:
    """The type of the organisation that a headless "<Name> <Place>" name is the local
    branch or office of ("ZORVA Kazakhstan", "Brindex Almaty"), when the registry knows
    the one-word <Name> (globally or in one of the article's `countries`): a branch is
    what its parent is. Only the type is taken, not the parent's id or country."""
    for m in ms:
        info, w = m.info, m.info.words
        if info.head is not None or len(w) < 2:
            continue
        k = len(w)
        while k > 1 and ((k - 1) in info.place_idx or city_of(w[k - 1])):
            k -= 1
        if k != 1 or k == len(w):
            continue
        for cc in [None, *countries]:
            reg = registry_lookup(w[0], cc)
            if reg is not None and getattr(reg, "org_type", None):
                return reg.org_type
    return None


def _academic_centre(body: str, org: LocalOrg, ms: list[_Mem]) -> bool:
    """A centre (Center, Centre, Zentrum) that the text places at or under a university or
    research laboratory, with no incubator word in its names: academic, as a part of
    that university ("the Brell Centre at the University of Oxland"). An incubation
    centre set up at a university stays an incubator."""
    if not any(HEADS.get(m.info.head or "") == "center" for m in ms):
        return False
    if any({w.lower() for w in m.info.words} & INCUBATOR_WORDS for m in ms):
        return False
    return housed_by_academic(body, [org.name] + org.aliases)


def _acronym_entry_fits(entry, acr: str, longs: list[str]) -> bool:
    """A registry entry found by acronym fits when our long forms agree with it: none,
    one containing the acronym ("KOICA Agency"), or one whose words are all in the
    entry's names ("High-Tech Park" ~ "Saigon Hi-Tech Park"; not "Johor Innovation
    Corporation" ~ "South Moravian Innovation Centre")."""
    if not longs:
        return True
    names = [n for n in getattr(entry, "all_names", ()) or () if n]
    ewords = set()
    for nm in names:
        ewords |= _content(fold_key(nm))
    for lf in longs:
        if acr in lf.split():
            return True
        if _content(fold_key(lf)) <= ewords:
            return True
    return False


def _explicit_countries(orgs: list[LocalOrg], members_of: list[list[_Mem]]) -> None:
    """Country and city per entity from the text's own clues, the strongest winning."""
    for e, ms in enumerate(members_of):
        votes: Counter = Counter()
        best = 0
        for m in ms:
            if m.country:
                votes[m.country] += 1 + 10 * m.cstr
                best = max(best, m.cstr)
        if votes:
            orgs[e].country = votes.most_common(1)[0][0]
        cities = [m.c.city for m in ms if m.c.city] + [c for m in ms for c in m.info.cities]
        for city in cities:
            ci = city_of(city)
            if ci and (orgs[e].country in (None, ci[1])):
                orgs[e].city = ci[0]
                orgs[e].country = orgs[e].country or ci[1]
                break


def _fallback_countries(orgs: list[LocalOrg], members_of: list[list[_Mem]],
                        mentions: list[OrgMention], ctx: Ctx,
                        places: Counter | None = None) -> None:
    """Countries the text implies: parent organisation, shared local name, the article's
    dominant country; null for intergovernmental bodies."""
    start_of: dict[int, int] = {}
    for mm in mentions:
        start_of.setdefault(_tok_at(ctx, mm.char_start), mm.entity)
    first_word: dict[str, set[str]] = defaultdict(set)
    # inherit from a parent organisation: "X under the Ministry", "X at the University"
    for _ in range(2):
        for e, ms in enumerate(members_of):
            if orgs[e].country:
                continue
            for m in ms:
                p = m.c.parent_after
                if p is not None and p in start_of and start_of[p] != e:
                    cc = orgs[start_of[p]].country
                    if cc:
                        orgs[e].country = cc
                        break
        # ... and a parent takes its unit's country ("the Agency under the Ministry of X")
        for e, ms in enumerate(members_of):
            if not orgs[e].country:
                continue
            for m in ms:
                p = m.c.parent_after
                if p is not None and p in start_of and start_of[p] != e and \
                        not orgs[start_of[p]].country and m.c.parent_rel == "under":
                    orgs[start_of[p]].country = orgs[e].country
    # local organisations sharing a proper first word ("Harnby TechnoPark",
    # "Harnby Development Institute") share a country
    for e, ms in enumerate(members_of):
        w = _proper_first(orgs[e].name)
        if w and orgs[e].country:
            first_word[w].add(orgs[e].country)
    for e, ms in enumerate(members_of):
        w = _proper_first(orgs[e].name)
        if w and not orgs[e].country and len(first_word.get(w, ())) == 1:
            orgs[e].country = next(iter(first_word[w]))
    # items of one coordinated list whose other items all share a country
    # ("Estonian IT Cluster, Smart Tallinn, Viru Wood, Furniture cluster")
    list_cc: dict[int, Counter] = defaultdict(Counter)
    for e, ms in enumerate(members_of):
        for lid in {m.c.list_id for m in ms if m.c.list_id is not None}:
            list_cc[lid][orgs[e].country] += 1
    for e, ms in enumerate(members_of):
        if orgs[e].country:
            continue
        for lid in {m.c.list_id for m in ms if m.c.list_id is not None}:
            known = {k: v for k, v in list_cc[lid].items() if k}
            if len(known) == 1 and sum(known.values()) >= 2:
                orgs[e].country = next(iter(known))
                break
    dominant = _dominant_country(ctx, places)
    if dominant:
        for e, ms in enumerate(members_of):
            o = orgs[e]
            clued = [m for m in ms if m.country]
            if o.country and o.country != dominant and clued and all(m.city_only for m in clued) \
                    and not o.registry_id:
                o.country, o.city = dominant, None  # the article's country beats a homonym city
    for e, o in enumerate(orgs):
        if o.org_type == "intergovernmental_organisation":
            o.country = None
            o.city = None
        elif o.country is None and dominant and o.org_type in _FALLBACK_TYPES and \
                not any(is_region(w) for w in analyse(o.name).words):
            o.country = dominant
    # the government the article presents: "YEREVAN - ... The Ministry of Economy said";
    # a generic local body in a datelined story: "TASHKENT - IT Park residents ..."
    main: tuple[str | None, bool] | None = None
    for e, o in enumerate(orgs):
        if o.country is not None or o.org_type not in _FALLBACK_TYPES:
            continue
        gov = o.org_type == "government_body"
        if not _generic_local_name(members_of[e], gov):
            continue
        if main is None:
            main = _main_country(ctx, orgs, places)
        cc, from_dateline = main
        if cc and (gov or from_dateline):
            o.country = cc


_GOV_WORDS = r"(?:government|authorities|cabinet|parliament|president|prime\s+minister|" \
    r"ministry|ministries|minister|ministers)"


def _generic_local_name(ms: list[_Mem], gov: bool) -> bool:
    """"Ministry of Economy", "State Committee for Investments", "IT Park": a body named
    with no proper word and no place."""
    for m in ms:
        info = m.info
        if info.specific or info.placed or info.cities or m.c.rule == "acr":
            return False
        if gov and HEADS.get(info.head or "") not in (
                "ministry", "committee", "agency", "authority", "government", "administration",
                "service", "department", "commission", "council"):
            return False
    return bool(ms)


_DATELINE = re.compile(r"^\s*([A-ZÀ-Þ][\w'’.-]*(?:[ -][A-ZÀ-Þ][\w'’.-]*){0,2})\s*"
                       r"(?:\([^)\n]{1,40}\)\s*)?(?:,[^\n–—:]{1,45}?)?\s*(?:[-–—:]|\(\w)")


def _dateline_country(body: str) -> str | None:
    """Country of the dateline place ("BISHKEK, 12 April -", "Tashkent (UzA) -")."""
    seen = 0
    for line in body.split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > 4:
            break
        m = _DATELINE.match(line)
        if not m:
            continue
        place = m.group(1).strip()
        cc = country_of_name(place)
        if not cc:
            ci = city_of(place) or city_of(place.title())
            cc = ci[1] if ci else None
        if cc:
            return cc
    return None


def _main_country(ctx: Ctx, orgs: list[LocalOrg],
                  places: Counter | None) -> tuple[str | None, bool]:
    """(country, from the dateline): the dateline country when it is also the country the
    article names most and no other government is discussed; else (no dateline) the one
    country whose government the article discusses; (None, False) when unsure."""
    body = ctx.body
    govs: set[str] = set()
    for m in re.finditer(r"\b([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)(?:['’]s)?\s+" + _GOV_WORDS + r"\b",
                         body):
        cc = country_of_name(m.group(1)) or country_of_demonym(m.group(1))
        if cc:
            govs.add(cc)
    for m in re.finditer(r"\b(?:Government|President|Prime\s+Minister|Cabinet|Parliament)"
                         r"\s+of\s+(?:the\s+)?([A-Z][\w-]+(?:\s[A-Z][\w-]+){0,2})", body):
        words = m.group(1).split()
        for k in range(len(words), 0, -1):
            cc = country_of_name(" ".join(words[:k]))
            if cc:
                govs.add(cc)
                break
    dl = _dateline_country(body)
    if dl:
        votes = places or Counter()
        others = [v for c, v in votes.items() if c != dl]
        if govs <= {dl} and votes.get(dl, 0) > max(others, default=0):
            return dl, True
        return None, False
    for o in orgs:
        if o.org_type == "government_body" and o.country:
            govs.add(o.country)
    if len(govs) == 1:
        return next(iter(govs)), False
    return None, False


def _proper_first(name: str) -> str | None:
    info = analyse(name)
    if not info.words:
        return None
    w = info.words[0]
    if 0 in info.place_idx or not w[:1].isupper() or is_acronym(w):
        return None
    from pipeline.extract.org_names import is_generic_word
    if is_generic_word(w) or w.lower() in STOP_CAP:
        return None
    return w


def _tok_at(ctx: Ctx, char: int) -> int:
    import bisect
    i = bisect.bisect_right(ctx.idx, char) - 1
    return max(i, 0)


def _dominant_country(ctx: Ctx, votes: Counter | None = None) -> str | None:
    """The country the article is about, when one clearly dominates its place names."""
    if votes is None:
        votes = _article_places(ctx)
    if not votes:
        return None
    (top, k), = votes.most_common(1)
    total = sum(votes.values())
    if k >= 2 and k >= 0.75 * total:
        return top
    return None


def _article_places(ctx: Ctx) -> Counter:
    """Country -> number of distinct place names of it in the article.

    Counts the distinct capitalised country names, demonyms and cities (1-3 words)
    outside page furniture and person names: spaCy tags too few GPEs to rely on its labels.
    """
    votes: Counter = Counter()
    seen: set[str] = set()
    i = 0
    n = ctx.n
    while i < n:
        if not ctx.cap[i] or ctx.furniture[i] or ctx.ent_label[i] == "PERSON":
            i += 1
            continue
        step = 1
        for m in (3, 2, 1):
            if i + m > n or not all(ctx.cap[k] and not ctx.space[k] for k in range(i, i + m)):
                continue
            t = ctx.body[ctx.idx[i]:ctx.tend(i + m - 1)]
            cc = country_of_name(t) or country_of_demonym(t)
            if not cc and m <= 2:
                ci = city_of(t)
                cc = ci[1] if ci else None
            if cc:
                if t not in seen:  # distinct place names: a repeated company name is one vote
                    seen.add(t)
                    votes[cc] += 1
                step = m
                break
        i += step
    return votes


def _anaphora(anaphors: list[Cand], orgs: list[LocalOrg], members_of: list[list[_Mem]],
              mentions: list[OrgMention], body: str) -> None:
    """'the Park', 'the Organization', 'the IT park' -> a mention of an existing org."""
    if not anaphors or not orgs:
        return
    classes: list[set[str]] = []
    for ms in members_of:
        cl = {head_class(m.info) for m in ms if m.info.head}
        classes.append({c for c in cl if c})
    import bisect
    pos = sorted((mm.char_start, mm.entity) for mm in mentions)
    by_cls: dict[str, list[int]] = defaultdict(list)
    for e, cl in enumerate(classes):
        for x in cl:
            by_cls[x].append(e)
    # per class, the starts (and entities) of mentions of organisations with that class
    cls_pos: dict[str, tuple[list[int], list[int]]] = {}
    for x, ents in by_cls.items():
        es = set(ents)
        sel = [(st, e) for st, e in pos if e in es]
        cls_pos[x] = ([st for st, _ in sel], [e for _, e in sel])
    for a in anaphors:
        cls = a.hclass
        if cls is None:
            continue
        with_cls = by_cls.get(cls)
        if not with_cls:
            continue
        target = None
        if len(with_cls) == 1:
            target = with_cls[0]
        elif not a.lower_head:
            starts, ents = cls_pos[cls]
            i = bisect.bisect_left(starts, a.cs)
            target = ents[i - 1] if i else None
        if target is None:
            continue
        mentions.append(OrgMention(target, body[a.cs:a.ce], a.cs, a.ce, a.rule))


def _adjectival(body: str, end: int) -> bool:
    """The mention ending at `end` modifies a noun: "EU-funded", "EU member states"."""
    after = body[end:end + 40]
    if re.match(r"[-–](?:[a-z]|[A-Z][a-z]+\b)", after):
        return True  # "EU-funded", "EU-Japan Economic Partnership Agreement"
    m = re.match(r"(?:['’]s)?\s+([a-z][\w-]*)", after)
    return bool(m and m.group(1) in ADJECTIVAL_AFTER and not after.startswith(("'", "’")))


def _drop_adjectival(ctx: Ctx, orgs: list[LocalOrg], mentions: list[OrgMention]):
    """A bloc named only as an adjective ("EU-funded", "EU member states") is no actor of
    the story: drop it. Kept when any mention acts ("the EU signed", "funded by the EU")."""
    body = ctx.body
    by_ent: dict[int, list[OrgMention]] = defaultdict(list)
    for m in mentions:
        by_ent[m.entity].append(m)
    drop = {e for e, o in enumerate(orgs)
            if o.org_type == "intergovernmental_organisation" and by_ent.get(e)
            and all(_adjectival(body, m.char_end) for m in by_ent[e])}
    if not drop:
        return orgs, mentions
    new_idx: dict[int, int] = {}
    kept: list[LocalOrg] = []
    for e, o in enumerate(orgs):
        if e not in drop:
            new_idx[e] = len(kept)
            kept.append(o)
    out = [replace(m, entity=new_idx[m.entity]) for m in mentions if m.entity in new_idx]
    return kept, out


_RUN = re.compile(r"(?<![\w&])[\w&]+")


def _find_forms(body: str, forms: list[str]):
    """Non-overlapping occurrences (start, end, form) of `forms` (longest first) standing as
    whole words, left to right: what one regex alternation of all forms would find, in time
    linear in the text (an alternation of N forms costs N tries at every character)."""
    by_first: dict[str, list[str]] = defaultdict(list)
    odd: list[str] = []
    for f in forms:  # already longest first
        m = re.match(r"[\w&]+", f)
        (by_first[m.group(0)] if m else odd).append(f)
    hits: list[tuple[int, int, str]] = []
    if by_first:
        last = -1
        for mt in _RUN.finditer(body):
            a = mt.start()
            if a < last:
                continue
            cands = by_first.get(mt.group(0))
            if not cands:
                continue
            for f in cands:
                b = a + len(f)
                if body.startswith(f, a) and not (b < len(body) and
                                                  (body[b].isalnum() or body[b] in "_&")):
                    hits.append((a, b, f))
                    last = b
                    break
    if odd:  # forms starting with a sign: rare, searched the plain way
        pat = re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(f) for f in odd) + r")(?![\w&])")
        for mt in pat.finditer(body):
            hits.append((mt.start(), mt.end(), mt.group(0)))
        hits.sort()
        out: list[tuple[int, int, str]] = []
        for h in hits:
            if out and h[0] < out[-1][1]:
                continue
            out.append(h)
        hits = out
    return hits


def _sweep(ctx: Ctx, orgs: list[LocalOrg], mentions: list[OrgMention]) -> None:
    """Further occurrences of each organisation's names that no rule picked up."""
    body = ctx.body
    owner: dict[str, int] = {}
    clash: set[str] = set()
    for e, o in enumerate(orgs):
        for form in [o.name] + o.aliases:
            if len(form) < 2 or "'" in form or "’" in form:
                continue
            if form in owner and owner[form] != e:
                clash.add(form)
            owner[form] = e
    forms = sorted((f for f in owner if f not in clash), key=len, reverse=True)
    if not forms:
        return
    taken = sorted((m.char_start, m.char_end) for m in mentions)
    import bisect
    starts = [a for a, _ in taken]

    def overlaps(a: int, b: int) -> bool:
        i = bisect.bisect_right(starts, b) - 1
        while i >= 0 and taken[i][1] > a:
            if taken[i][0] < b:
                return True
            i -= 1
        return False

    for a, b, form in _find_forms(body, forms):
        if overlaps(a, b):
            continue
        ti = _tok_at(ctx, a)
        if ctx.furniture[ti]:
            continue
        before = body[max(0, a - 30):a]
        wb = re.search(r"([\w-]+)\s$", before)
        if wb and wb.group(1)[:1].isupper() and wb.group(1).lower() not in STOP_CAP and \
                not re.search(r"[.!?:]\s*[\w-]+\s$", before):
            continue  # "Tashkent IT Park": part of a longer name
        after = body[b:b + 30]
        wa = re.match(r"\s([\w-]+)", after)
        if wa and wa.group(1)[:1].isupper() and not after.startswith(("\n",)) and \
                wa.group(1).lower() not in STOP_CAP:
            continue
        mentions.append(OrgMention(owner[form], form, a, b, "sweep"))
