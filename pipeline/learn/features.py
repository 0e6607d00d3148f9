"""Feature dicts for the learned extraction components. Pure functions of one article.

    org_features(ctx, cands, orgs, mentions)        -> one dict per LocalOrg
    event_features(kind, event, orgs, mentions, sents, org_p) -> one dict per event

A feature is a name ("rule=head", "w=park", "ctx-=signed") with a value (1.0 unless
counted). The same functions serve training (pipeline.learn.train) and extraction
(pipeline.learn.apply), so the two can never see different features.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from pipeline.extract import lexicon
from pipeline.extract.org_lexicon import COMPANY_NOUNS, HEADS
from pipeline.extract.org_names import analyse
from pipeline.extract.org_resolve import type_of
from pipeline.learn.linear import Features
from pipeline.models import LocalOrg, OrgMention

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")
_MAX_CTX_MENTIONS = 4


def _shape(w: str) -> str:
    if w.isupper() and len(w) > 1:
        return "UP"
    if w[:1].isupper():
        return "Cap"
    if w[:1].isdigit():
        return "d"
    return "low"


def _bucket(n: int, edges=(1, 2, 3, 5, 8)) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def org_features(ctx, cands, orgs: list[LocalOrg], mentions: list[OrgMention]) -> list[Features]:
    """Evidence about each organisation of one article: the rules and spaCy labels that
    produced its mentions, the shape and words of its name, the words around it."""
    by_span = defaultdict(list)
    for c in cands:
        by_span[(c.cs, c.ce)].append(c)
    ms_of: dict[int, list[OrgMention]] = defaultdict(list)
    for m in mentions:
        ms_of[m.entity].append(m)
    n_tok = max(ctx.n, 1)
    out: list[Features] = []
    for e, org in enumerate(orgs):
        f: Features = {"bias": 1.0}
        ms = ms_of.get(e, [])
        f["n_mentions=" + _bucket(len(ms))] = 1.0
        f["n_aliases=" + _bucket(len(org.aliases), (0, 1, 2, 4))] = 1.0
        if org.registry_id:
            f["registry"] = 1.0
        f["rule_type=" + org.org_type] = 1.0
        if org.country:
            f["has_country"] = 1.0
        # the name itself
        info = analyse(org.name)
        words = list(info.words)
        f["n_words=" + _bucket(len(words), (1, 2, 3, 4, 6))] = 1.0
        if info.head:
            f["head=" + info.head] = 1.0
            f["head_class=" + str(type_of(info))] = 1.0
        else:
            f["no_head"] = 1.0
        if info.specific:
            f["specific"] = 1.0
        if info.placed:
            f["placed"] = 1.0
        if info.countries:
            f["country_in_name"] = 1.0
        for w in words:
            lw = w.lower().strip(".,'’\"")
            if lw:
                f["w=" + lw] = 1.0
        if words:
            f["last=" + words[-1].lower()] = 1.0
            f["first=" + words[0].lower()] = 1.0
        f["shape=" + "_".join(sorted({_shape(w) for w in words}))[:40]] = 1.0
        if org.name.isupper():
            f["all_caps"] = 1.0
        if any(ch.isdigit() for ch in org.name):
            f["digit"] = 1.0
        for a in org.aliases:
            if a.isupper() and len(a) <= 8:
                f["has_acronym_alias"] = 1.0
        # how it was found
        labels: set[str] = set()
        for m in ms:
            for c in by_span.get((m.char_start, m.char_end), []):
                f["rule=" + c.rule] = 1.0
                if c.label:
                    f["ent=" + c.label] = 1.0
                if c.hclass:
                    f["hclass=" + c.hclass] = 1.0
                if c.lower_head:
                    f["lower_head"] = 1.0
                for ev in c.evidence:
                    f["evidence=" + ev] = 1.0
                if c.list_id is not None:
                    f["in_list"] = 1.0
                if c.acr:
                    f["bracket_acronym"] = 1.0
                if c.span_p is not None:  # the span model's view of this mention
                    f["span_p"] = max(f.get("span_p", 0.0), round(c.span_p, 3))
                    if c.span_exact:
                        f["span_exact"] = 1.0
            # spaCy's view of the tokens, whatever rule made the span
            s, t = _tok_range(ctx, m.char_start, m.char_end)
            for i in range(s, t):
                if ctx.ent_label[i]:
                    labels.add(ctx.ent_label[i])
        for lab in labels:
            f["tok_ent=" + lab] = 1.0
        if not labels:
            f["tok_ent=none"] = 1.0
        # where and among what words
        if ms:
            first = min(m.char_start for m in ms)
            f["pos=" + _bucket(int(10 * _tok_range(ctx, first, first + 1)[0] / n_tok),
                               (0, 1, 3, 6, 9))] = 1.0
        for m in ms[:_MAX_CTX_MENTIONS]:
            s, t = _tok_range(ctx, m.char_start, m.char_end)
            for k in range(max(0, s - 3), s):
                if not ctx.space[k]:
                    f["ctx-=" + ctx.low[k]] = 1.0
            for k in range(t, min(ctx.n, t + 2)):
                if not ctx.space[k]:
                    f["ctx+=" + ctx.low[k]] = 1.0
            if s > 0 and ctx.low[s - 1] == "the":
                f["after_the"] = 1.0
            if s < ctx.n and ctx.sent_start[s]:
                f["sent_start"] = 1.0
            kind = _apposition_kind(ctx, t)
            if kind:
                f["appos=" + kind] = 1.0
        out.append(f)
    return out


def _apposition_kind(ctx, t: int) -> str | None:
    """The head class of a description right after a name: "Arvon Park, the science-park
    operator" -> "company"; "Quorviacamp, an organisation focused on ..." -> "organisation"."""
    if t >= ctx.n or ctx.text[t] != ",":
        return None
    for k in range(t + 1, min(ctx.n, t + 9)):
        if ctx.text[k] in (",", ".", ";", "(", ")", ":") or ctx.space[k]:
            return None
        lo = ctx.low[k]
        cls = HEADS.get(lo)
        if cls is None and lo in COMPANY_NOUNS:
            cls = "company"
        if cls is None and "-" in lo:
            cls = HEADS.get(lo.rsplit("-", 1)[1])
        if cls:
            return cls
    return None


def typed_by_text(ctx, orgs: list[LocalOrg]) -> list[bool]:
    """Per organisation: a headless name the rules typed by what the text calls it ("X, a
    Kazakh accelerator", "the agency X"; org_described). The type model leaves those
    alone. (A desc=<type> feature for every organisation was tried: in-article
    cross-validation, type accuracy 0.9077 -> 0.9089, agreements F1 0.745 -> 0.739, as
    the keep model reads it too.)"""
    from pipeline.extract.org_described import described_type
    return [not analyse(o.name).head and not o.registry_id and
            described_type(ctx.body, [o.name] + o.aliases) == o.org_type for o in orgs]


def type_view(f: Features) -> Features:
    """The organisation features the type model reads: not the surrounding words (they
    lowered type accuracy in cross-validation, 0.857 without against 0.841 with)."""
    return {k: v for k, v in f.items() if not k.startswith("ctx")}


def _tok_range(ctx, cs: int, ce: int) -> tuple[int, int]:
    """Token indices [s, t) covering chars [cs, ce)."""
    import bisect
    s = max(0, bisect.bisect_right(ctx.idx, cs) - 1)
    t = bisect.bisect_left(ctx.idx, ce)
    return s, max(t, s + 1)


def words_of(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def text_features(text: str, prefix: str = "") -> Features:
    """Unigrams and bigrams of lower-cased words."""
    ws = words_of(text)
    f: Features = {}
    for w in ws:
        f[prefix + "u=" + w] = 1.0
    for a, b in zip(ws, ws[1:]):
        f[prefix + "b=" + a + "_" + b] = 1.0
    return f


def event_features(kind: str, etype: str, status: str, roles: list[str], evidence: str,
                   member_p: list[float], has_date: bool, has_place: bool) -> Features:
    """One agreement or engagement as extracted by the rules: its type, roles, how sure
    we are of its members, and the words of its evidence sentence(s)."""
    f: Features = {"bias": 1.0, "type=" + etype: 1.0, "status=" + status: 1.0,
                   "n_members=" + _bucket(len(roles), (1, 2, 3, 4)): 1.0}
    for r in sorted(set(roles)):
        f["role=" + r] = 1.0
    if member_p:
        f["p_min"] = min(member_p)
        f["p_mean"] = sum(member_p) / len(member_p)
        f["n_sure=" + _bucket(sum(p >= 0.5 for p in member_p), (0, 1, 2, 3))] = 1.0
    if has_date:
        f["has_date"] = 1.0
    if has_place:
        f["has_place"] = 1.0
    f["n_sents=" + _bucket(evidence.count("\n") + 1, (1, 2, 3))] = 1.0
    f.update(text_features(evidence, "e"))
    f["kind=" + kind] = 1.0
    return f


def sentence_features(text: str, index: int, n_orgs: int, org_types: list[str],
                      member_p: list[float], covered: set[str]) -> Features:
    """One sentence that names organisations: does it report an event of its own? Its
    words, where it stands in the article, how many (and which kinds of) organisations it
    names and how sure we are of them, and which kinds of rule event already cover it."""
    f: Features = {"bias": 1.0, "pos=" + _bucket(index, (0, 1, 2, 5)): 1.0,
                   "n_orgs=" + _bucket(n_orgs, (1, 2, 3, 5)): 1.0}
    for t in sorted(set(org_types)):
        f["otype=" + t] = 1.0
    if member_p:
        f["p_max"] = max(member_p)
        f["p_mean"] = sum(member_p) / len(member_p)
    for kind in sorted(covered):
        f["rule_" + kind] = 1.0
    for name, rx in _word_groups():
        if rx.search(text):
            f["group=" + name] = 1.0
    f.update(text_features(text, "s"))
    return f


def actor_features(ents: list[int], first_sent: int, mention_counts: list[int],
                   lead: set[int], n_events: int) -> Features:
    """Where an engagement (or a sentence, for both proposers) stands in its article:
    whether its organisations are the article's main actors (among the two most named,
    named in its first two sentences) or named once only, how early it comes, and how
    many engagements the rules read in the article."""
    f: Features = {"first_sent=" + _bucket(first_sent, (0, 1, 3, 6, 10)): 1.0,
                   "n_events=" + _bucket(n_events, (0, 1, 2, 3, 5)): 1.0}
    if not ents:
        return f
    top = sorted(range(len(mention_counts)), key=lambda e: (-mention_counts[e], e))[:2]
    f["n_main=" + str(min(2, sum(e in top for e in set(ents))))] = 1.0
    f["n_lead=" + _bucket(sum(e in lead for e in set(ents)), (0, 1, 2))] = 1.0
    f["all_lead"] = float(all(e in lead for e in ents))
    once = sum(mention_counts[e] <= 1 for e in set(ents))
    f["n_once=" + _bucket(once, (0, 1, 2))] = 1.0
    f["share_once"] = once / len(set(ents))
    return f


# Word lists whose words say "an event is reported here": one feature per list, so a
# trigger seen once in training still counts with its kin.
_GROUPS = ("engagement_triggers/exhibition", "engagement_triggers/forum", "engagement_triggers/meeting",
           "engagement_triggers/visit", "engagement_triggers/workshop", "sign_verbs", "past_sign_verbs",
           "visit_nouns", "event_nouns", "programme_nouns", "organising_verbs", "document_words",
           "person_roles")


@lru_cache(maxsize=1)
def _word_groups() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name.rsplit("/", 1)[-1], re.compile(lexicon.bounded(lexicon.words(name)), re.I))
                 for name in _GROUPS)


_THE = re.compile(r"^the\s+", re.I)


def country_places(doc) -> list[tuple[int, str]]:
    """(char offset, ISO2) of every place or demonym spaCy tags (GPE/NORP/LOC) that
    names a country, region or city."""
    from pipeline.extract.org_places import place_country
    out = []
    for e in doc.ents:
        if e.label_ in ("GPE", "NORP", "LOC"):
            # spaCy keeps the article in "the Republic of Korea", "the Netherlands"
            cc = place_country(_THE.sub("", e.text.strip()))
            if cc:
                out.append((e.start_char, cc))
    return out


def article_countries(places: list[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """Countries the article names, as (ISO2, count, char offset of the first mention),
    most named first."""
    seen: dict[str, list[int]] = {}
    for pos, cc in places:
        seen.setdefault(cc, []).append(pos)
    return sorted(((cc, len(v), v[0]) for cc, v in seen.items()), key=lambda x: (-x[1], x[2], x[0]))


def home_country(orgs: list[LocalOrg], countries: list[tuple[str, int, int]],
                 keep: list[bool] | None = None) -> str | None:
    """The article's home country: the one the rules gave most of its (kept) organisations,
    a tie going to the country the article names first; None when no country holds two.

    `countries` is `article_countries`' output. Counting placed organisations rather than
    mentions keeps a country named often in passing ("a delegation from X") from becoming
    the home of every organisation without a clue of its own."""
    votes: Counter = Counter(
        o.country for e, o in enumerate(orgs)
        if o.country and o.org_type != "intergovernmental_organisation" and (keep is None or keep[e]))
    if not votes:
        return None
    top = max(votes.values())
    if top < 2:
        return None
    first = {cc: pos for cc, _, pos in countries}
    return min((cc for cc, v in votes.items() if v == top), key=lambda cc: (first.get(cc, 1 << 30), cc))


def near_countries(places: list[tuple[int, str]], mentions: list[OrgMention], n_orgs: int,
                   window: int = 60) -> list[set[str]]:
    """Per organisation, the countries named within `window` characters of its mentions."""
    import bisect
    out: list[set[str]] = [set() for _ in range(n_orgs)]
    starts = [p for p, _ in places]
    for m in mentions:
        i = bisect.bisect_left(starts, m.char_start - window)
        while i < len(places) and places[i][0] <= m.char_end + window:
            out[m.entity].add(places[i][1])
            i += 1
    return out


def country_features(org: LocalOrg, cand: str, rank: int, share: float, near: set[str],
                     dateline: str | None, n_countries: int, org_f: Features) -> Features:
    """One (organisation without a country, candidate country of its article) pair."""
    f: Features = {"bias": 1.0, f"rank={min(rank, 3)}": 1.0, "share": share,
                   f"n_countries={min(n_countries, 4)}": 1.0, "org_type=" + org.org_type: 1.0}
    if cand in near:
        f["near"] = 1.0
        f["near_only" if len(near) == 1 else "near_several"] = 1.0
    elif near:
        f["other_near"] = 1.0
    if dateline == cand:
        f["dateline"] = 1.0
    for k in ("registry", "specific", "placed", "rule=ent", "rule=head", "rule=company",
              "rule=list", "tok_ent=ORG", "tok_ent=PERSON", "no_head"):
        if k in org_f:
            f["org:" + k] = 1.0
            f[f"org:{k}|rank={min(rank, 2)}"] = 1.0
    return f
