"""In-article resolution: organisation candidates -> LocalOrg entities + OrgMentions.

In: the Ctx of one article and its judged candidates (org_candidates). Out: one
LocalOrg per real organisation (fullest name, every other surface form as an alias,
org_type, country, city, registry id) and one OrgMention per occurrence in the body.

Merge rules, in order (each guarded so that different organisations stay apart):
  1. same core key (names.org_key without places, plurals folded, word order free) and
     compatible countries ("IT Park Uzbekistan" ~ "Uzbekistan's IT park", never
     "IT Park Dushanbe");
  2. same acronym defined in brackets ("... Association (VKBIA)") or a bracketed
     alternative name ("Chungbuk Provincial Technology Park (Chungbuk Technopark)");
  3. a generic short form joins the one organisation whose words contain it
     ("Innovation Agency" -> "Azerbaijan Innovation Agency"), never when two could;
  4. minister titles join their ministry; bare acronyms join the name they abbreviate;
  5. anaphors ("the Park", "the Organization") point to the latest organisation with
     that head, or the only one; they never create an organisation.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from pipeline.extract.org_candidates import Cand, Ctx
from pipeline.extract.org_lexicon import (
    ATTRIBUTIVE_NOUNS, CONCEPTS, HEADS, LEGAL_PREFIXES, IT_WORDS, LEGAL_SUFFIXES, MULTISTATE_WORDS, NAME_CONNECTORS,
    NON_IT_INDUSTRY, REGION_PREFIXES, STOP_CAP,
)
from pipeline.extract.org_names import (
    NameInfo, analyse, clean_display, fold_key, is_generic_word,
)
from pipeline.extract.org_places import (
    city_of, country_of_demonym, country_of_name, is_region, registry_entry, registry_lookup,
)
from pipeline.models import LocalOrg, OrgMention
from pipeline.names import acronym, fold, is_acronym

_FUNCTION = NAME_CONNECTORS | {"the"}
_NORM = re.compile(r"[^\w]+")
# Local institutions whose country may come from the article's dominant country (not
# associations, companies or funds: they are often foreign or regional).
_FALLBACK_TYPES = frozenset({"technology_park", "it_cluster", "government_body", "academic",
                             "incubator_accelerator"})


class _UF:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.p[rb] = ra


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
    if hc is None:
        return None
    lw = [w.lower() for w in info.words]
    ws = set(lw)
    for w in lw:
        ws.update(p for p in w.split("-") if p)
    cls = HEADS.get(hc)
    if cls is None or any(w in LEGAL_SUFFIXES and w not in HEADS for w in lw):
        return "company"
    first = lw[0] if lw else ""
    regional = first in REGION_PREFIXES or (bool(info.words) and is_region(info.words[0])) \
        or "united nations" in " ".join(lw)
    multistate = bool((ws - {hc}) & (MULTISTATE_WORDS - {"organisation", "organization"}))
    if cls in ("park", "hub"):
        return "technology_park"
    if cls == "incubator":
        if hc in ("laboratory", "lab") and ws & {"research", "scientific", "science", "physics",
                                                 "chemistry", "biology"}:
            return "academic"
        if hc == "labs" and not ws & {"innovation", "startup", "start-up", "venture",
                                      "incubation", "accelerator", "entrepreneurship"}:
            return "company"  # "Zerde Labs", "Aral Data Labs": companies
        return "incubator_accelerator"
    if cls == "cluster":
        if ws & IT_WORDS and not ws & NON_IT_INDUSTRY:
            return "it_cluster"
        return "association"
    if cls in ("agency", "commission"):
        return "intergovernmental_organisation" if regional else "government_body"
    if cls == "council":
        if ws & {"business", "industry", "export", "investors", "entrepreneurs", "employers",
                 "industrialists", "exporters", "trade"}:
            return "association"
        if regional or ws & {"turkic", "europe", "cooperation"}:
            return "intergovernmental_organisation"
        return "government_body"
    if cls in ("ministry", "department", "committee", "authority", "administration", "office",
               "service", "government", "embassy", "board"):
        return "government_body"
    if cls == "union":
        if regional or ws & {"states", "nations", "countries", "economic", "telecommunication"}:
            return "intergovernmental_organisation"
        return "association"
    if cls == "association":
        return "association"
    if cls == "organisation":
        return "intergovernmental_organisation" if (multistate or regional) else "other"
    if cls == "academic":
        return "academic"
    if cls == "fund":
        return "intergovernmental_organisation" if regional and "monetary" in ws else "investor"
    if cls == "foundation":
        return "investor"
    if cls == "bank":
        if ws & {"central", "national"} and not ws & {"development"}:
            return "government_body"
        if regional or (multistate and "development" in ws) or first == "world":
            return "intergovernmental_organisation"
        if "development" in ws and not info.countries and not info.cities:
            return "intergovernmental_organisation"  # "Trans-Saharan Development Bank"
        return "company"
    if cls == "center":
        if ws & {"research", "science", "scientific", "r&d", "academic", "sciences"}:
            return "academic"
        if ws & {"innovation", "innovations", "startup", "start-up", "incubation",
                 "entrepreneurship", "accelerator", "acceleration", "technology", "it", "tech",
                 "digital", "innovative", "business"}:
            return "incubator_accelerator"
        return "other"
    if cls == "company":
        return "company"
    return "other"


class _Mem:
    """A name mention with its analysis and country clue."""

    __slots__ = ("c", "info", "country", "cstr", "display", "full_alias", "city_only")

    def __init__(self, c: Cand, body: str):
        self.c = c
        text = c.derived or body[c.cs:c.ce]
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
        raw = c.derived or body[c.cs:c.ce]
        q = re.search(r"[\"“«]([^\"”»]{3,60})[\"”»]\s*$", raw)
        if q and not self.full_alias and q.start() > 0:
            self.full_alias = q.group(1).strip()
        # "Turkish Technopark GOSB" -> "Technopark GOSB" (+ alias); "Latvian IT Cluster" stays
        if info.lead_len and info.lead_demonym:
            rest = info.rest_after_lead()
            rinfo = analyse(rest)
            # only before a proper word of its own: "Korean Gyeongbuk Technopark",
            # "Turkish Technopark GOSB" (not "Georgian Innovation Bureau of Kutaisi")
            hi = rinfo.head_idx if rinfo.head_idx is not None else len(rinfo.words)
            if rinfo.head is not None and any(
                    (w[:1].isupper() and not is_generic_word(w) and j not in rinfo.place_idx
                     and j < hi) or (is_acronym(w) and w.lower() not in CONCEPTS)
                    for j, w in enumerate(rinfo.words)):
                self.display = rinfo.text
                self.full_alias = info.text


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
        for i in idxs:
            cc = mems[i].country
            if cc:
                uf.union(first_of[cc], i)
            elif mems[i].info.specific:
                prev = [j for j in idxs if mems[j].country and mems[j].c.cs < mems[i].c.cs]
                uf.union((prev[-1] if prev else min(first_of.values())), i)
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
    # "KOICA Agency", "LETERA Cluster": the acronym alone names it too
    for i, m in enumerate(mems):
        w = m.info.words
        if 2 <= len(w) <= 3 and is_acronym(w[0]) and w[0].lower() not in CONCEPTS and \
                all(x.lower() in HEADS for x in w[1:]):
            acr_owner.setdefault(w[0], i)

    # 3. generic short forms join the one organisation that contains them
    _merge_short_forms(mems, uf, dropped)

    _merge_proper_short_forms(mems, uf, dropped)
    groups = _groups(uf, n, dropped)

    # 4. bare acronyms (may add organisations known only by their acronym)
    acr_groups = _resolve_acronyms(ctx, acrs, mems, uf, groups, acr_owner)
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
            mentions.append(OrgMention(e, body[c.cs:c.ce], c.cs, c.ce))
    for e, ms in enumerate(members_of):
        for m in ms:
            mentions.append(OrgMention(e, body[m.c.cs:m.c.ce], m.c.cs, m.c.ce))
    # acronyms defined in brackets are aliases even when never repeated
    for acr, i in acr_owner.items():
        e = ent_of_root.get(uf.find(i))
        if e is not None and acr not in orgs[e].aliases and acr != orgs[e].name:
            orgs[e].aliases.append(acr)

    _explicit_countries(orgs, members_of)
    _types(orgs, members_of)
    _fallback_countries(orgs, members_of, mentions, ctx)
    _anaphora(anaphors, orgs, members_of, mentions, body)
    _sweep(ctx, orgs, mentions)
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
        todo = sorted((r for r in groups if not info[r][1]), key=lambda r: -len(info[r][4]))
        changed = False
        for r in todo:
            words, specific, placed, cc, core, hc = info[r]
            if not core or hc is None:
                continue
            targets = []
            for t, (tw, ts, tp, tcc, tcore, thc) in info.items():
                if uf.find(t) == uf.find(r) or thc != hc:
                    continue
                if not core <= tw or core == tcore and not ts:
                    continue
                if cc and tcc and not (cc & tcc):
                    continue
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
        for t, tmembers in forms.items():
            if uf.find(t) == uf.find(r):
                continue
            for m, f in tmembers:
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


def _resolve_acronyms(ctx: Ctx, acrs: list[Cand], mems: list[_Mem], uf: _UF,
                      groups: dict[int, list[int]], acr_owner: dict[str, int]):
    """Bare acronyms -> the organisation they abbreviate, a registry entry, or a new org."""
    by_acr: dict[str, list[Cand]] = defaultdict(list)
    for c in acrs:
        nxt = c.end
        while nxt < ctx.n and ctx.text[nxt] in ("'s", "’s", "ʼs"):
            nxt += 1
        if nxt < ctx.n and ctx.low[nxt] in ATTRIBUTIVE_NOUNS and not ctx.cap[nxt]:
            continue  # "ITC ecosystem", "ICT sector"
        by_acr[ctx.body[c.cs:c.ce]].append(c)
    initials: dict[str, set[int]] = defaultdict(set)
    letters: dict[str, set[int]] = defaultdict(set)
    for r, idxs in groups.items():
        for i in idxs:
            m = mems[i]
            for form in {m.info.text, m.display, m.info.rest_after_lead()}:
                for a in _initials(form):
                    initials[a].add(r)
                    letters["".join(sorted(a))].add(r)
    out: dict[str, tuple[list[Cand], int | None]] = {}
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
            for r, idxs in groups.items():
                if any(mems[i].info.specific for i in idxs):
                    continue
                if any(acr.endswith(a) and 1 <= len(acr) - len(a) <= 2
                       for a in _initials(mems[idxs[0]].info.text)):
                    if root is not None:
                        root = None
                        break
                    root = r
        if root is None:
            rid = next((c.registry_id for c in occ if c.registry_id), None)
            reg = registry_entry(rid) if rid else registry_lookup(acr)
            labelled = any(c.label == "ORG" for c in occ) or any(
                ctx.ent_label[c.start] == "ORG" for c in occ)
            if reg is not None or (labelled and len(occ) >= 2):
                fake = Cand(start=occ[0].start, end=occ[0].end, cs=occ[0].cs, ce=occ[0].ce,
                            rule="acr")
                if reg is not None:
                    fake.registry_id = getattr(reg, "registry_id", None)
                m = _Mem(fake, ctx.body)
                mems.append(m)
                uf.p.append(len(uf.p))
                root = len(mems) - 1
                out[acr] = (occ[1:], root)
                continue
        out[acr] = (occ, root)
    return out


def _initials(form: str) -> set[str]:
    """Acronyms a name may have: "High-Tech Park" -> {"HP", "HTP"}."""
    out = {acronym(form), acronym(form.replace("-", " "))}
    return {a for a in out if len(a) >= 2}


def _best_name(ms: list[_Mem]) -> _Mem:
    def score(m: _Mem):
        info = analyse(m.display)
        acr_only = len(info.words) == 1 and is_acronym(info.words[0])
        return (m.c.derived is None, not acr_only, info.specific, len(info.words),
                -m.c.cs)
    return max(ms, key=score)


def _build_org(ms: list[_Mem], extra: list[str], body: str) -> LocalOrg:
    best = _best_name(ms)
    name = best.display
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
            continue
        add(m.display)
        add(m.info.text)
        add(m.full_alias)
        for a, b in m.c.alias_spans:
            add(body[a:b])
    for a in extra:
        add(a)
    return LocalOrg(name=name, aliases=aliases)


def _types(orgs: list[LocalOrg], members_of: list[list[_Mem]]) -> None:
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
    for e, ms in enumerate(members_of):
        t = typed[e]
        if t is None:
            for m in ms:
                if m.c.list_id is not None and list_types[m.c.list_id]:
                    t = list_types[m.c.list_id].most_common(1)[0][0]
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
        if reg is not None and orgs[e].country and reg.country and reg.country != orgs[e].country:
            reg = None
        if reg is not None:
            orgs[e].registry_id = getattr(reg, "registry_id", None)
            rt = getattr(reg, "org_type", None)
            if rt:
                t = rt
        if t is None:
            only_acr = all(len(m.info.words) == 1 and is_acronym(m.info.words[0]) for m in ms)
            t = "other" if only_acr else "company"
        orgs[e].org_type = t
        if reg is not None:
            if getattr(reg, "country", None) and not orgs[e].country:
                orgs[e].country = reg.country
            if getattr(reg, "city", None) and not orgs[e].city:
                orgs[e].city = reg.city


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
                        mentions: list[OrgMention], ctx: Ctx) -> None:
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
    # local organisations sharing a proper first word ("Gyeongbuk TechnoPark",
    # "Gyeongbuk Development Institute") share a country
    for e, ms in enumerate(members_of):
        w = _proper_first(orgs[e].name)
        if w and orgs[e].country:
            first_word[w].add(orgs[e].country)
    for e, ms in enumerate(members_of):
        w = _proper_first(orgs[e].name)
        if w and not orgs[e].country and len(first_word.get(w, ())) == 1:
            orgs[e].country = next(iter(first_word[w]))
    # items of one coordinated list whose other items all share a country
    # ("Latvian IT Cluster, Green-tech Latvia, Enter Gauja, Metalworking cluster")
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
    dominant = _dominant_country(ctx)
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


def _dominant_country(ctx: Ctx) -> str | None:
    """The country the article is about, when one clearly dominates its place names.

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
    if not votes:
        return None
    (top, k), = votes.most_common(1)
    total = sum(votes.values())
    if k >= 2 and k >= 0.75 * total:
        return top
    return None


def _anaphora(anaphors: list[Cand], orgs: list[LocalOrg], members_of: list[list[_Mem]],
              mentions: list[OrgMention], body: str) -> None:
    """'the Park', 'the Organization', 'the IT park' -> a mention of an existing org."""
    if not anaphors or not orgs:
        return
    classes: list[set[str]] = []
    for ms in members_of:
        cl = {head_class(m.info) for m in ms if m.info.head}
        classes.append({c for c in cl if c})
    pos = sorted((mm.char_start, mm.entity) for mm in mentions)
    for a in anaphors:
        cls = a.hclass
        if cls is None:
            continue
        with_cls = [e for e, cl in enumerate(classes) if cls in cl]
        if not with_cls:
            continue
        target = None
        if len(with_cls) == 1:
            target = with_cls[0]
        elif not a.lower_head:
            before = [e for s, e in pos if s < a.cs and e in with_cls]
            target = before[-1] if before else None
        if target is None:
            continue
        mentions.append(OrgMention(target, body[a.cs:a.ce], a.cs, a.ce))


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
    pat = re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w&])")
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

    for mt in pat.finditer(body):
        a, b = mt.span()
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
        mentions.append(OrgMention(owner[mt.group(0)], mt.group(0), a, b))
