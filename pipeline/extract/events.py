"""Agreements and engagements in one article.

    find_agreements(doc, article, orgs, mentions)  -> list[LocalAgreement]
    find_engagements(doc, article, orgs, mentions) -> list[LocalEngagement]

In:  the spaCy Doc of article.body (parser + NER; no POS/lemma), the article
     (.published_date, .body), its organisations and their mentions (char offsets into
     the body).
Out: one row per agreement / engagement the article reports, with members (entity
     indexes into `orgs`) and roles, status, day-precision dates, place, names and the
     evidence sentences.

How (notes/extraction.md 3.2, components 6-9):
1. Sentences (abbreviation fragments re-joined) get their org mentions and a masked
   copy of the text with each mention written ORG<i>; people named as acting for an
   organisation elsewhere in the article count as that organisation.
2. Only sentences holding a trigger (event_lexicon) are read. An agreement frame needs
   an agreement noun and a signing cue (or a draft); hypothetical or negated signings
   ("the possibility of signing ... was considered") give nothing.
3. Members come from the trigger sentence, minus mentions the text marks as parent
   bodies, descriptions, witnesses, reporters or venues; linked sentences ("The parties
   to the agreement are ...", "the memorandum was signed by ...") and anaphora ("the
   visit", "the event", "the delegation") add to the frame they refer to.
4. Status from modal/intention cues around the trigger, then from the resolved date
   against the publication date. Dates: pipeline.extract.dates.
5. Frames reporting the same thing (same type, overlapping members; for visits the same
   host) merge into one row; a meeting inside a visit folds into the visit.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.extract import event_context as ctx
from pipeline.extract import event_lexicon as lex
from pipeline.extract.dates import DateHit, dateline_date, find_dates
from pipeline.models import LocalAgreement, LocalEngagement, Member

# A signing verb further than this many characters (about 25 words) from an agreement
# noun is not about it.
_SIGN_WINDOW = 150
_ROLE_RANK = {"participant": 0, "party": 0, "witness": 0, "host": 2, "visitor": 2,
              "organiser": 1, "funder": 3}


@dataclass
class _Frame:
    kind: str                              # "agreement" | "engagement"
    type: str
    status: str | None                     # None: a linked sentence with no cue of its own
    roles: dict[int, str]                  # entity -> role, in order of appearance
    sents: list[int]
    generic: bool = False                  # type read from a bare "agreement"/"document"
    status_cue: bool = False               # status read from a tense cue, not a default
    borrowed: set[int] = field(default_factory=set)  # sentences read only for members
    weak_members: set[int] = field(default_factory=set)  # reporters/venues kept as fallback
    anaphoric: bool = False                # refers back to an earlier frame
    standalone: bool = True                # may become a row by itself
    explicit_list: bool = False            # members come from an explicit party list
    counted: bool = False                  # "signed 5 memoranda": a tally, not one agreement
    weak: bool = False                     # meeting read from "discussion"/"dialogue" only
    inherit_visitors: bool = False         # "the delegation visited ...": visitors of the last visit
    together: bool = False                 # programme said to be run jointly / joined
    date: DateHit | None = None
    city: str | None = None
    country: str | None = None
    event_name: str | None = None
    title: str | None = None


@dataclass
class _Analysis:
    sents: list[ctx.Sentence]
    agreements: list[_Frame] = field(default_factory=list)
    # sentence index -> offset of the first agreement noun in it
    agreement_sents: dict[int, int] = field(default_factory=dict)


# One-entry cache: find_agreements and find_engagements are called one after the other
# on the same objects, and engagements need the agreement sentences. Per process (the
# pipeline runs one extraction at a time per process).
_LAST: list = [None, None]


def _analyse(doc, article, orgs, mentions) -> tuple[_Analysis, dt.date | None]:
    """Sentences, mentions and agreement frames of one article (cached for the pair of
    calls on the same objects; the cache holds the objects, so identity is exact)."""
    key = (len(mentions), len(orgs), getattr(article, "published_date", None))
    c = _LAST[1]
    if _LAST[0] == key and c is not None and c[0] is doc and c[3] is orgs and c[4] is mentions:
        return c[1], c[2]
    ref = getattr(article, "published_date", None) or dateline_date(doc.text)
    sents = ctx.build_sentences(doc, mentions)
    ctx.attach_mentions(sents, mentions, orgs)
    ctx.attach_persons(sents, doc)
    affiliations = ctx.person_affiliations(sents)
    for k, s in enumerate(sents):
        ctx.add_person_mentions(s, affiliations, sents[k - 1] if k else None)
    an = _Analysis(sents)
    an.agreements = _agreement_frames(sents, ref)
    for f in an.agreements:
        for i in f.sents:
            n = lex.AGREEMENT_NOUN.search(sents[i].text) or lex.DOCUMENT_ANAPHOR.search(sents[i].text)
            if n:  # sentences borrowed only for their parties keep their own events
                an.agreement_sents[i] = n.start()
    _LAST[0], _LAST[1] = key, (doc, an, ref, orgs, mentions)
    return an, ref


# ================================================================== shared helpers


def _list_tokens(m) -> list[int]:
    return [int(t.group(1)) for t in lex.ORG_TOKEN.finditer(m.group("list"))]


def _assign(patterns, masked: str, roles: dict[int, str], role: str, allowed: set[int]) -> None:
    """Give `role` to every mention in a pattern's `list` group that has none yet."""
    for rx in patterns:
        for m in rx.finditer(masked):
            for i in _list_tokens(m):
                if i in allowed and i not in roles:
                    roles[i] = role


def _dropped_mentions(s: ctx.Sentence) -> set[int]:
    """Mentions that only describe another one: parent bodies ("X under the Ministry of
    Y"), appositions ("X - a Korean investor at Y") and country groups ("parks from the
    OTS countries")."""
    drop: set[int] = set()
    for rx in (lex.PARENT, lex.APPOSITIVE):
        for m in rx.finditer(s.masked):
            drop.update(_list_tokens(m))
    for i, m in enumerate(s.mentions):
        if lex.COUNTRY_GROUP_AFTER.match(s.text[m.end:m.end + 40]) or \
                lex.INDEFINITE_BEFORE.search(s.text[max(0, m.start - 40):m.start]):
            drop.add(i)
    return drop


def _reporters(s: ctx.Sentence) -> set[int]:
    out: set[int] = set()
    for rx in lex.REPORTER:
        for m in rx.finditer(s.masked):
            out.update(_list_tokens(m))
    return out


def _frame_date(s: ctx.Sentence, ref: dt.date | None, future: bool) -> DateHit | None:
    """First event date in the sentence; dates of the report itself are skipped.

    Year-less and weekday dates are resolved with the tense of the words just before
    them ("talks held on Tuesday" is past even in a sentence about a planned signing),
    falling back to the frame's status.
    """
    for h in find_dates(s.text, ref, future):
        pre = s.text[max(0, h.start - 60):h.start]
        if lex.REPORT_DATE_BEFORE.search(pre):
            continue
        if lex.DATELINE_BEFORE.match(s.text[:h.start]) and lex.DATELINE_AFTER.match(s.text[h.end:]):
            continue  # the report's dateline, not the event's date
        if not h.explicit_year and ref is not None:
            local = True if lex.LOCAL_FUTURE.search(pre) else False if lex.LOCAL_PAST.search(pre) else future
            if local != future:
                again = [x for x in find_dates(s.text[h.start:h.end], ref, local)]
                if again:
                    h = DateHit(h.start, h.end, again[0].date, again[0].end_date, False)
        return h
    return None


def _any_trigger(s: ctx.Sentence) -> bool:
    if lex.AGREEMENT_NOUN.search(s.text):
        return True
    return any(rx.search(s.text) for rx in lex.ENGAGEMENT_TRIGGERS.values())


def _fill_date_place(f: _Frame, sents: list[ctx.Sentence], ref: dt.date | None) -> None:
    """Date, place and names of a merged frame, read from its sentences in order; the
    date may come from the sentence just before the first one when that sentence, in the
    same paragraph, is about nothing else ("1st July was an important day. Signing of
    the memorandum ...")."""
    future = f.status == "planned"
    for i in f.sents:
        if i in f.borrowed:
            continue  # read for its organisations only: its date is another event's
        s = sents[i]
        if f.date is None:
            f.date = _frame_date(s, ref, future)
        if f.city is None and f.country is None:
            f.city, f.country = ctx.sentence_place(s)
    own = [i for i in f.sents if i not in f.borrowed]
    if f.date is None and own:
        first = sents[min(own)]
        if first.index > 0:
            prev = sents[first.index - 1]
            if prev.block == first.block and not _any_trigger(prev):
                f.date = _frame_date(prev, ref, future)
    if f.date is not None and ref is not None and f.status == "planned" \
            and f.date.date < ref - dt.timedelta(days=1) and f.kind == "agreement":
        f.date = None  # a signing still to come cannot have a past date (a drafting date)
    if f.date is not None and ref is not None:
        # the date outranks the tense cues when it is clearly on one side of the report
        if f.date.date > ref + dt.timedelta(days=1):
            f.status = "planned"
        elif f.date.explicit_year and f.date.date < ref - dt.timedelta(days=1):
            f.status = "signed" if f.kind == "agreement" else "occurred"


def _evidence(f: _Frame, sents: list[ctx.Sentence]) -> str:
    return " ".join(sents[i].clean_text() for i in sorted(set(f.sents)))


def _merge_roles(into: dict[int, str], new: dict[int, str]) -> None:
    for e, r in new.items():
        if e not in into or _ROLE_RANK.get(r, 0) > _ROLE_RANK.get(into[e], 0):
            into[e] = r


def _absorb(target: _Frame, f: _Frame) -> None:
    """Merge frame `f` into `target` (same agreement or engagement reported again)."""
    if f.explicit_list and len(f.roles) >= 2 and not target.explicit_list:
        # an explicit list of signatories beats whatever the trigger sentence held
        funders = {e: r for e, r in target.roles.items() if r == "funder"}
        target.roles = dict(f.roles)
        _merge_roles(target.roles, funders)
        target.explicit_list = True
    else:
        new = f.roles
        if f.anaphoric and target.roles:
            # a back-reference adds signers, not the people it quotes or where it happened
            new = {e: r for e, r in f.roles.items() if e not in f.weak_members or e in target.roles}
        _merge_roles(target.roles, new)
    if target.generic and not f.generic:
        target.type, target.generic = f.type, False
    # a status read from a tense cue beats a default (a headline has neither); between
    # two cued reports, an independent report that it happened wins over "planned"; a
    # back-reference ("the workshop will be led by") never changes a cued status
    if f.status is not None and (
            target.status is None
            or (f.status_cue and not target.status_cue)
            or (f.status_cue == target.status_cue and f.status in ("signed", "occurred")
                and not f.anaphoric)):
        target.status = f.status
        target.status_cue = target.status_cue or f.status_cue
    target.sents.extend(i for i in f.sents if i not in target.sents)
    target.borrowed |= f.borrowed
    target.counted = target.counted and f.counted
    target.weak = target.weak and f.weak
    target.together = target.together or f.together
    for attr in ("date", "city", "country", "event_name", "title"):
        if getattr(target, attr) is None:
            setattr(target, attr, getattr(f, attr))


# ================================================================== agreements


def _nearest_sign(signs, start: int, end: int):
    best, dist = None, _SIGN_WINDOW + 1
    for c in signs:
        d = start - c.end() if c.end() <= start else c.start() - end if c.start() >= end else 0
        if d < dist:
            best, dist = c, d
    return best


def _agreement_status(s: ctx.Sentence, cue, draft) -> tuple[str | None, bool]:
    """('signed' | 'planned' | None, read from a cue?); None when the signing is
    hypothetical or negated. A bare "sign"/"signing" (headlines) is signed by default."""
    text = s.text
    if cue is None:
        return ("planned", True) if draft else (None, False)
    pre = text[max(0, cue.start() - 70):cue.start()]
    if lex.HYPOTHETICAL.search(pre):
        return None, False
    noun_cue = cue.group().lower() in ("signing", "signature")
    if lex.PLANNED_BEFORE.search(pre) or (noun_cue and lex.PLANNED_AFTER.match(text[cue.start():])):
        return "planned", True
    if draft or lex.FUTURE_SENTENCE.search(text):
        return "planned", True
    past = bool(lex.PAST_SIGN.match(cue.group())) or bool(re.search(r"(?i)\b(?:was|were|has\s+been|have\s+been|took\s+place|held)\b", text))
    return "signed", past


def _agreement_members(s: ctx.Sentence) -> tuple[dict[int, str], bool, set[int]]:
    """entity -> role ('party' or 'funder') for one agreement sentence; whether the
    sentence is an explicit list of signatories; the entities kept only because too few
    others were named (reporters, venues: "said X", "signed at X")."""
    n = len(s.mentions)
    if not n:
        return {}, False, set()
    drop = _dropped_mentions(s)
    witness: set[int] = set()
    for c in lex.WITNESS_CUE.finditer(s.masked):
        for t in lex.ORG_TOKEN.finditer(s.masked, c.end()):
            if lex.WITNESS_STOP.search(s.masked[c.end():t.start()]):
                break
            witness.add(int(t.group(1)))
    weak = _reporters(s)
    for m in lex.VENUE_AGREEMENT.finditer(s.masked):
        weak.update(_list_tokens(m))
    roles: dict[int, str] = {}
    _assign(lex.FUNDER_PATTERNS, s.masked, roles, "funder", set(range(n)) - drop - witness)
    keep = [i for i in range(n) if i not in drop and i not in witness]
    strong = [i for i in keep if i not in weak]
    chosen = strong if len({s.mentions[i].entity for i in strong}) >= 2 else keep
    out: dict[int, str] = {}
    for i in chosen:
        e = s.mentions[i].entity
        _merge_roles(out, {e: roles.get(i, "party")})
    strong_ents = {s.mentions[i].entity for i in strong}
    return out, bool(lex.PARTY_LIST_CUE.search(s.text)), set(out) - strong_ents


_LIST_ITEM_MAX = 160   # characters of one list line ("  • Latvian IT Cluster")


def _list_after(sents: list[ctx.Sentence], i: int) -> list[int]:
    """Sentences forming the list announced by sentence i ("... signed by:"): the
    following short lines that name organisations (or are bare bullets), up to the first
    line of prose."""
    if not sents[i].text.rstrip().endswith(":"):
        return []
    out = []
    for s in sents[i + 1:]:
        bare = not lex.WORDLIKE.search(s.text)
        if len(s.text.strip()) > _LIST_ITEM_MAX or not (s.mentions or bare):
            break
        out.append(s.index)
    return out


def _with_list(s: ctx.Sentence, sents: list[ctx.Sentence]) -> tuple[dict[int, str], bool, set[int], list[int]]:
    """Members of an agreement sentence plus those of the list it announces."""
    roles, explicit, weak = _agreement_members(s)
    items = _list_after(sents, s.index)
    for i in items:
        _merge_roles(roles, _agreement_members(sents[i])[0])
    return roles, explicit or bool(items), weak, items


def _agreement_frames(sents: list[ctx.Sentence], ref: dt.date | None) -> list[_Frame]:
    """Agreement frames of the article, merged, with dates and places filled in."""
    frames: list[_Frame] = []
    for s in sents:
        text = s.text
        nouns = list(lex.AGREEMENT_NOUN.finditer(text))
        doc_ref = lex.DOCUMENT_ANAPHOR.search(text)
        if not nouns and not doc_ref:
            if frames and s.index - frames[-1].sents[-1] <= 2 and lex.PARTY_LIST_CUE.search(text):
                # "The signatories are A, B and C." names the parties of the last agreement
                f = _Frame(kind="agreement", type=frames[-1].type, status=None, roles={},
                           sents=[s.index], generic=True, anaphoric=True, standalone=False)
                f.roles, f.explicit_list, f.weak_members, items = _with_list(s, sents)
                f.sents.extend(items)
                frames.append(f)
            continue
        signs = list(lex.SIGN_CUE.finditer(text))
        draft = lex.DRAFT_CUE.search(text)
        best = None  # (rank, frame)
        for n in nouns or [doc_ref]:
            group = n.lastgroup if n is not doc_ref else "generic"
            if n is not doc_ref and lex.HYPOTHETICAL.search(text[max(0, n.start() - 50):n.start()]) \
                    and not _nearest_sign(signs, n.start(), n.end()):
                continue
            cue = _nearest_sign(signs, n.start(), n.end())
            status, cued = _agreement_status(s, cue, draft)
            pre = text[max(0, n.start() - 40):n.start()]
            definite = bool(lex.DEFINITE.search(pre)) or n is doc_ref
            party_list = bool(lex.PARTY_LIST_CUE.search(text))
            if status is None and not (definite and party_list):
                continue  # no signing cue, or a hypothetical or negated one
            # "signed 25 memoranda", "similar memoranda with parks in ...": a tally
            plural = bool(lex.PLURAL_NOUN.search(n.group())) or bool(lex.SIMILAR_BEFORE.search(pre))
            f = _Frame(
                kind="agreement", type=lex.AGREEMENT_TYPE_OF_GROUP[group], status=status,
                status_cue=cued,
                roles={}, sents=[s.index], generic=group == "generic",
                anaphoric=definite, standalone=status is not None,
                counted=plural,
            )
            t = lex.QUOTED_TITLE.match(text[n.end():n.end() + 170])
            if t:
                f.title = t.group(1).strip()
            rank = lex.TYPE_RANK[group]
            if best is None or rank > best[0]:
                best = (rank, f)
        if best is None:
            continue
        f = best[1]
        f.roles, f.explicit_list, f.weak_members, items = _with_list(s, sents)
        f.sents.extend(items)
        f.event_name = _signing_event_name(text)
        frames.append(f)
    merged = _merge_agreements(frames)
    _borrow_implicit_party(merged, sents)
    _parties_from_previous_sentence(merged, sents)
    out = []
    for f in merged:
        if not f.roles or f.status is None or (f.counted and len(f.roles) < 2):
            continue
        _fill_date_place(f, sents, ref)
        out.append(f)
    return out


def _borrow_implicit_party(frames: list[_Frame], sents: list[ctx.Sentence]) -> None:
    """"In addition, a contract was concluded with Y": a one-party agreement whose only
    party follows "with" was signed by the subject of the agreement reported just
    before (within three sentences); that subject becomes a party too."""
    for k in range(1, len(frames)):
        f, prev = frames[k], frames[k - 1]
        if len(f.roles) != 1 or not prev.roles:
            continue
        s = sents[f.sents[0]]
        if not lex.WITH_ONLY_PARTY.search(s.masked) or f.sents[0] - prev.sents[-1] > 3:
            continue
        subject = next((e for e, r in prev.roles.items() if r == "party"), None)
        if subject is not None and subject not in f.roles:
            f.roles = {subject: "party", **f.roles}


def _parties_from_previous_sentence(frames: list[_Frame], sents: list[ctx.Sentence]) -> None:
    """"X awarded a grant to Y. The grant agreement was signed on Friday." / "After the
    talks, the parties signed a memorandum.": an agreement with no named party that is
    definite or signed by "the parties/both sides/they" takes the organisations of the
    sentence just before it."""
    for f in frames:
        first = sents[min(f.sents)]
        if f.roles or first.index == 0:
            continue
        backref = bool(lex.EVENT_BACKREF.search(first.text))
        if not (f.anaphoric or backref or lex.PARTIES_ANAPHOR.search(first.text)):
            continue
        # the sentence just before; after "the meeting"/"the talks", the nearest one of
        # the last three that names organisations (the meeting's own sentence)
        reach = 3 if backref else 1
        for prev in reversed(sents[max(0, first.index - reach):first.index]):
            if prev.mentions:
                f.roles = _agreement_members(prev)[0]
                f.sents.insert(0, prev.index)
                f.borrowed.add(prev.index)
                break


def _signing_event_name(text: str) -> str | None:
    """The event a signing took place at ("on the sidelines of the X Forum")."""
    for rx in lex.EVENT_NAME_PATTERNS:
        for m in rx.finditer(text):
            if lex.SIGNING_EVENT_CONTEXT.search(text[max(0, m.start() - 60):m.start()]):
                name = m.group(1).strip(" ,.-")
                if len(name) >= 4 and not lex.EVENT_NAME_BAD_START.match(name):
                    return name
    return None


def _compatible(a: _Frame, b: _Frame) -> bool:
    return a.type == b.type or a.generic or b.generic


def _merge_agreements(frames: list[_Frame]) -> list[_Frame]:
    out: list[_Frame] = []
    for f in frames:
        target = None
        if f.anaphoric and out:
            target = next((g for g in reversed(out) if _compatible(f, g)), None)
        if target is None:
            for g in reversed(out):
                shared = set(f.roles) & set(g.roles)
                if (_compatible(f, g) and (shared or not f.roles or not g.roles)) or (
                        {f.type, g.type} == {"memorandum_of_understanding", "cooperation_agreement"}
                        and len(shared) >= 2):
                    target = g
                    break
        if target is not None:
            _absorb(target, f)
        elif f.standalone:
            out.append(f)
    return out


# ================================================================== engagements

_VERB_TRIGGER = ("visited", "visiting", "met", "meets", "toured", "arriv", "familiari", "got ",
                 "exhibited", "exhibiting", "showcase")


def _is_verb(trigger: str) -> bool:
    t = trigger.lower()
    return t.startswith(_VERB_TRIGGER)


def _engagement_roles(etype: str, s: ctx.Sentence, allowed: set[int], triggers) -> dict[int, str]:
    """Sentence-mention index -> role for one engagement type in one sentence."""
    masked = s.masked
    roles: dict[int, str] = {}
    # "an EU-funded programme": a funder, but no participant of a meeting or visit
    for i, m in enumerate(s.mentions):
        if i in allowed and lex.COMPOUND_AFTER.match(s.text[m.end:m.end + 20]):
            if etype not in ("meeting", "visit") and lex.FUNDER_COMPOUND_AFTER.match(s.text[m.end:m.end + 20]):
                roles[i] = "funder"
            else:
                allowed = allowed - {i}
    _assign(lex.FUNDER_PATTERNS, masked, roles, "funder", allowed)
    organising = bool(lex.ORGANISING_VERB.search(masked))
    if etype == "visit":
        _assign(lex.HOST_VISIT_PATTERNS[:1], masked, roles, "host", allowed)
        # "a study tour organised by X": X arranged the visit
        _assign(lex.ORGANISER_PATTERNS[:1], masked, roles, "organiser", allowed)
        _assign(lex.VISITOR_PATTERNS, masked, roles, "visitor", allowed)
        _assign(lex.HOST_VISIT_PATTERNS[1:], masked, roles, "host", allowed)
        rev = lex.VISIT_REVERSAL.search(masked)
        verb = lex.VISIT_VERB.search(masked) or lex.ENGAGEMENT_TRIGGERS["visit"].search(masked)
        anchor = rev.start() if rev else verb.start() if verb else None
        for t in lex.ORG_TOKEN.finditer(masked):
            i = int(t.group(1))
            if i not in allowed or i in roles:
                continue
            if anchor is None or masked.startswith(("'s", "’s"), t.end()):
                roles[i] = "participant"  # "briefed on ORG's policies": not an actor
            elif t.start() < anchor:
                roles[i] = "host" if rev else "visitor"
            else:
                roles[i] = "visitor" if rev else "host"
    elif etype != "meeting":
        _assign(lex.HOST_EVENT_PATTERNS, masked, roles, "host", allowed)
        _assign(lex.ORGANISER_PATTERNS, masked, roles, "organiser", allowed)
        if organising:
            _assign(lex.CO_ORGANISER_PATTERNS, masked, roles, "organiser", allowed)
    for i in allowed:
        roles.setdefault(i, "participant")
    return roles


def _engagement_status(s: ctx.Sentence, triggers) -> tuple[str, bool]:
    """('occurred' | 'planned', read from a cue?) for one sentence's triggers."""
    text = s.text
    for m in triggers:
        pre = text[max(0, m.start() - 80):m.start()]
        if lex.PLANNED_ENGAGEMENT_BEFORE.search(pre) or lex.PLANNED_ENGAGEMENT_AFTER.match(text[m.start():]):
            return "planned", True
    if lex.FUTURE_SENTENCE.search(text):
        return "planned", True
    past = any(lex.PAST_EVENT.search(text[max(0, m.start() - 80):m.end() + 60]) for m in triggers)
    return "occurred", past


def _sentence_triggers(s: ctx.Sentence, agreement_at: int | None) -> dict[str, list]:
    """Engagement type -> trigger matches that count in this sentence.

    `agreement_at`: offset of the agreement noun when the sentence reports a signing.
    """
    found: dict[str, list] = {}
    text = s.text
    for etype, rx in lex.ENGAGEMENT_TRIGGERS.items():
        keep = []
        for m in rx.finditer(text):
            if lex.HABITUAL.search(text[max(0, m.start() - 50):m.end() + 50]):
                continue
            if lex.IDEA_BEFORE.search(text[max(0, m.start() - 110):m.start()]):
                continue
            if etype in ("workshop", "programme", "meeting") and (
                    lex.TOPIC_BEFORE.search(text[max(0, m.start() - 50):m.start()])
                    or lex.PROCESS_AFTER.match(text[m.start():m.start() + 40])):
                continue
            if agreement_at is not None:
                # the act of signing is the agreement, not a meeting; what follows the
                # agreement noun is its content ("an MoU on joint trainings"); a forum
                # that is only where the signing happened is not an engagement of its own
                if etype == "meeting" or m.start() > agreement_at:
                    continue
                if etype in ("forum", "exhibition", "workshop") and lex.VENUE_PHRASE_BEFORE.search(
                        text[max(0, m.start() - 70):m.start()]):
                    continue
            keep.append(m)
        if keep:
            found[etype] = keep
    if "visit" in found:
        found.pop("meeting", None)  # talks held during a visit are part of the visit
    elif "meeting" in found and len(found) > 1 and all(
            lex.WEAK_MEETING.match(m.group()) for m in found["meeting"]):
        found.pop("meeting")        # "participants discussed ..." at a forum or seminar
    if "programme" in found and len(found) > 1 and all(
            lex.WEAK_PROGRAMME.match(m.group()) for m in found["programme"]):
        found.pop("programme")      # "discussed ... EU-funded programmes": a topic
    if "exhibition" in found:
        found.pop("forum", None)    # a pavilion at a summit is the exhibition engagement
    return found


def _engagement_frames(an: _Analysis, ref) -> list[_Frame]:
    sents = an.sents
    frames: list[_Frame] = []
    for s in sents:
        found = _sentence_triggers(s, an.agreement_sents.get(s.index))
        n = len(s.mentions)
        drop = _dropped_mentions(s)
        allowed = set(range(n)) - drop
        reporters = _reporters(s) & allowed
        if len(allowed - reporters) >= 1:
            allowed -= reporters
        if not found:
            if not allowed or not frames:
                continue
            last = frames[-1]
            if (lex.GENERIC_EVENT_ANAPHOR.search(s.text) or lex.PARTICIPATION_LINK.search(s.text)) \
                    and s.index - last.sents[-1] <= 3:
                # "The event was attended by ..." adds to the engagement just reported
                found = {last.type: []}
            elif any(rx.search(s.masked) for rx in lex.FUNDER_PATTERNS) and s.index - last.sents[-1] <= 2:
                roles: dict[int, str] = {}
                _assign(lex.FUNDER_PATTERNS, s.masked, roles, "funder", allowed)
                _merge_roles(last.roles, {s.mentions[i].entity: r for i, r in roles.items()})
                last.sents.append(s.index)
                continue
            else:
                continue
        for etype, ms in found.items():
            roles = _engagement_roles(etype, s, allowed, ms)
            ent_roles: dict[int, str] = {}
            for i in sorted(roles):
                _merge_roles(ent_roles, {s.mentions[i].entity: roles[i]})
            anaphoric = not ms or all(
                not _is_verb(m.group()) and not m.group().lower().startswith("delegat")
                and lex.ANAPHORIC_TRIGGER.search(s.text[max(0, m.start() - 40):m.start()])
                for m in ms)
            status, cued = _engagement_status(s, ms) if ms else (None, False)
            f = _Frame(
                kind="engagement", type=etype, status=status, status_cue=cued,
                roles=ent_roles, sents=[s.index], anaphoric=anaphoric,
                weak=(etype == "meeting" and all(
                    lex.WEAK_MEETING.match(m.group()) or not lex.MEETING_WITH.match(s.text[m.start():m.start() + 60])
                    for m in ms)) or (etype == "programme" and all(
                        lex.WEAK_PROGRAMME.match(m.group()) for m in ms)),
            )
            # "the delegation visited Z": the visitors are those of the visit before
            f.inherit_visitors = etype == "visit" and "visitor" not in ent_roles.values() \
                and bool(lex.DELEGATION_ANAPHOR.search(s.text))
            if etype in ("forum", "exhibition", "workshop", "programme"):
                f.event_name = ctx.event_name(s.text)
            if etype == "programme":
                f.together = bool(lex.PROGRAMME_TOGETHER.search(s.text))
            frames.append(f)
    return frames


def _overlap(f: _Frame, g: _Frame) -> bool:
    if f.type == "visit":
        fh = {e for e, r in f.roles.items() if r == "host"}
        gh = {e for e, r in g.roles.items() if r == "host"}
        if fh and gh:
            return bool(fh & gh)
    return bool(set(f.roles) & set(g.roles))


def _merge_engagements(frames: list[_Frame]) -> list[_Frame]:
    out: list[_Frame] = []
    for f in frames:
        if f.inherit_visitors:
            prev = next((g for g in reversed(out) if g.type == "visit"
                         and "visitor" in g.roles.values()), None)
            if prev is not None:
                _merge_roles(f.roles, {e: r for e, r in prev.roles.items()
                                       if r == "visitor" and e not in f.roles})
        target = None
        if f.anaphoric:
            target = next((g for g in reversed(out) if g.type == f.type), None)
        if target is None:
            target = next((g for g in reversed(out) if g.type == f.type and _overlap(f, g)), None)
        if target is not None:
            _absorb(target, f)
        elif f.status is not None:
            out.append(f)
    return out


def _keep_engagement(f: _Frame, visits: list[_Frame]) -> bool:
    n = len(f.roles)
    if n == 0:
        return False
    if (f.weak or f.type == "programme") and n < 2:
        return False
    if f.type == "programme":
        runners = [r for r in f.roles.values() if r in ("organiser", "funder", "host")]
        if len(runners) < 2 and not f.together:
            return False
    if f.type == "meeting":
        # talks between a visitor and its host are part of the visit
        for v in visits:
            if set(f.roles) <= set(v.roles):
                return False
    return True


# ================================================================== public API


def find_agreements(doc, article, orgs, mentions) -> list[LocalAgreement]:
    """Agreements the article reports as signed or to be signed (see module doc)."""
    an, _ = _analyse(doc, article, orgs, mentions)
    rows = []
    for f in an.agreements:
        rows.append(LocalAgreement(
            agreement_type=f.type,
            status=f.status or "signed",
            parties=[Member(e, r) for e, r in f.roles.items()],
            evidence=_evidence(f, an.sents),
            title=f.title,
            signed_date=f.date.date if f.date else None,
            location_city=f.city,
            location_country=f.country,
            event_name=f.event_name,
        ))
    return rows


def find_engagements(doc, article, orgs, mentions) -> list[LocalEngagement]:
    """Visits, meetings, forums, exhibitions, workshops and programmes between named
    organisations (see module doc)."""
    an, ref = _analyse(doc, article, orgs, mentions)
    frames = _merge_engagements(_engagement_frames(an, ref))
    visits = [f for f in frames if f.type == "visit"]
    rows = []
    for f in frames:
        if not _keep_engagement(f, visits):
            continue
        _fill_date_place(f, an.sents, ref)
        rows.append(LocalEngagement(
            engagement_type=f.type,
            status=f.status or "occurred",
            participants=[Member(e, r) for e, r in f.roles.items()],
            evidence=_evidence(f, an.sents),
            title=f.event_name,
            start_date=f.date.date if f.date else None,
            end_date=f.date.end_date if f.date else None,
            location_city=f.city,
            location_country=f.country,
        ))
    return rows
