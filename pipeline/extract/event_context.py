"""Sentence-level context shared by agreement and engagement extraction.

In:  the spaCy Doc of article.body, the article's organisations and their mentions.
Out: `Sentence` records (text, char span, block, org mentions inside, a masked copy of
     the text in which each mention reads ORG<i>), person -> organisation affiliations,
     places and event names read from a sentence.

Nothing here decides what an event is; it only prepares the evidence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.extract import event_lexicon as lex
from pipeline.reference.names import fold

try:  # built in parallel; location fields stay empty without it
    from pipeline.reference import geo as _geo
except ImportError:  # pragma: no cover - only while geo.py is missing
    _geo = None


@dataclass
class SentMention:
    """One organisation mention inside a sentence; offsets relative to the sentence."""

    entity: int
    start: int
    end: int
    surface: str
    via_person: bool = False     # added because a person acting for the org is named here


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with its i-th span (sorted, disjoint offsets) replaced by "ORG<i>": the form
    the event patterns read ("ORG0 signed a memorandum with ORG1")."""
    parts, pos = [], 0
    for i, (a, b) in enumerate(spans):
        parts += [text[pos:a], f"ORG{i}"]
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


@dataclass
class Sentence:
    index: int
    start: int                   # char offsets into article.body
    end: int
    text: str
    block: int                   # line number of the paragraph it sits in
    mentions: list[SentMention] = field(default_factory=list)
    masked: str = ""             # text with mention i replaced by "ORG<i>"
    persons: list[tuple[int, int, str]] = field(default_factory=list)  # PERSON ents (rel)

    def mask(self) -> None:
        """(Re)build `masked` from `mentions` (which must be sorted and disjoint)."""
        self.masked = mask_spans(self.text, [(m.start, m.end) for m in self.mentions])

    def clean_text(self) -> str:
        return " ".join(self.text.split())


# A sentence ending in one of these was cut at an abbreviation: glue it to the next one
# when both sit on the same line ("Assoc. Prof. Dr. Le ...", "A. Akgayev, director ...").
_ABBREV_END = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Prof|Assoc|St|Co|Ltd|Inc|No|Nr|Jr|Sr|Gen|Gov|Sen|Rep|Univ|Dept|Corp|Acad|Eng|Amb|Hon|vs|etc|approx|Mt|Ph\.D)"
    r"|\b[A-Z])\.\s*$")


# A sentence ending in a bracketed abbreviation with no full stop was cut inside a
# noun phrase ("welcomed the Coastal Zones Authority (CZA) | Board members").
_BRACKET_END = re.compile(r"\([A-Za-z][\w&.-]{0,14}\)\s*$")


def build_sentences(doc, mentions=()) -> list[Sentence]:
    """spaCy sentences of the Doc, blank ones dropped, with three parser slips repaired
    on one line: a cut after an abbreviation ("Assoc. | Prof. Dr. Le ..."), after a
    bracketed abbreviation ("the Authority (CZA) | Board members ...") and a cut inside
    an organisation mention ("Mendoza | Science Park and ...")."""
    body = doc.text
    inside = sorted((m.char_start, m.char_end) for m in mentions)
    starts = [a for a, _ in inside]

    def cuts_mention(pos: int) -> bool:
        i = bisect.bisect_left(starts, pos) - 1
        while i >= 0 and inside[i][0] >= pos - 200:
            if inside[i][0] < pos < inside[i][1]:
                return True
            i -= 1
        return False

    spans: list[list[int]] = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        if spans and "\n" not in body[spans[-1][1]:start] and (
                _ABBREV_END.search(body[spans[-1][0]:spans[-1][1]])
                or _BRACKET_END.search(body[spans[-1][0]:spans[-1][1]]) or cuts_mention(start)):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    out: list[Sentence] = []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", body)]
    for a, b in spans:
        text = body[a:b]
        if not text.strip():
            continue
        block = bisect.bisect_right(line_starts, a) - 1
        out.append(Sentence(len(out), a, b, text, block))
    return out


@lru_cache(maxsize=50_000)
def _not_an_org(surface: str) -> bool:
    """A mention that is a place or an event, not an organisation (defensive filter)."""
    s = surface.strip().strip("\"“”'’«»")
    if lex.EVENT_LIKE_MENTION.search(s) and not lex.ORG_NAMED_PROGRAMME.search(s):
        return True
    if _geo is not None:
        bare = re.sub(r"^(?i:the)\s+", "", s)
        if _geo.country_code(bare) or _geo.is_region(bare):
            return True
    return False


def attach_mentions(sents: list[Sentence], mentions, orgs) -> None:
    """Put each usable mention in the sentence it starts in, then build masked texts."""
    starts = [s.start for s in sents]
    for m in mentions:
        if m.entity < 0 or m.entity >= len(orgs) or _not_an_org(m.surface):
            continue
        i = bisect.bisect_right(starts, m.char_start) - 1
        if i < 0:
            continue
        s = sents[i]
        a, b = m.char_start - s.start, min(m.char_end, s.end) - s.start
        if b <= a:
            continue
        # trim whitespace the org extractor may have swallowed ("SHTP\n")
        text = s.text[a:b]
        b -= len(text) - len(text.rstrip())
        s.mentions.append(SentMention(m.entity, a, b, s.text[a:b]))
    for s in sents:
        s.mentions = _disjoint(s.mentions)
        s.mask()


def _disjoint(ms: list[SentMention]) -> list[SentMention]:
    """Sorted mentions with overlaps resolved in favour of the longer one."""
    out: list[SentMention] = []
    for m in sorted(ms, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def attach_persons(sents: list[Sentence], doc) -> None:
    """Record PERSON entities per sentence (relative offsets)."""
    starts = [s.start for s in sents]
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = bisect.bisect_right(starts, ent.start_char) - 1
        if i < 0:
            continue
        s = sents[i]
        a, b = ent.start_char - s.start, min(ent.end_char, s.end) - s.start
        if b > a:
            s.persons.append((a, b, s.text[a:b]))


# ------------------------------------------------------------------ people acting for orgs

_TITLE_WORDS = re.compile(r"^(?:Mr|Ms|Mrs|Dr|Prof|Assoc|Mister|Madam|Sir)\.?\s+", re.I)
# "PERSON, CEO of ORG" / "PERSON (head of ORG)"
_AFTER_PERSON = re.compile(r"^\s*[,(–-]\s*(?:[\w.'’&-]+\s+){0,8}?(?:of|at|for|from)\s+(?:the\s+)?$")
# "CEO of ORG, PERSON," / "ORG CEO PERSON" / "ORG's PERSON"
_BEFORE_PERSON_PLAIN = re.compile(r"^\s*(?:['’]s\s+)?(?:[A-Za-z.-]+\s+){0,4}$")
_BEFORE_PERSON_COMMA = re.compile(r"^\s*,\s*$")
_OF_BEFORE = re.compile(r"\b(?:of|for|at)\s+(?:the\s+)?$")
_NAME_AFTER_COMMA = re.compile(
    r"^\s*,\s*((?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’-]+){1,2})\s*,")
_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")
# Two or three capitalised words right after a mention, then no further capitalised word.
_NAME_AFTER_TITLE = re.compile(r"^ ((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+)(?![\w'’-]| [A-Z(])")


def person_key(name: str) -> str | None:
    """Comparison key of a person: the folded surname ("Ms. Anna Bērziņa" -> "berzina")."""
    name = _TITLE_WORDS.sub("", name.strip())
    words = _NAME_WORD.findall(name)
    if not words:
        return None
    key = fold(words[-1])
    return key if len(key) >= 3 else None


def person_affiliations(sents: list[Sentence]) -> dict[str, int]:
    """Person surname key -> organisation entity, from appositions in the article
    ("Anna Bērziņa, head of ... for the Estonian IT Cluster"; "IT Park CEO John Doe").
    A surname linked to two different organisations is dropped as ambiguous."""
    found: dict[str, set[int]] = {}

    def add(name: str, entity: int) -> None:
        k = person_key(name)
        if k:
            found.setdefault(k, set()).add(entity)

    for s in sents:
        if not s.mentions:
            continue
        for (a, b, name) in s.persons:
            # the first org mention after the person, through a role apposition
            for m in s.mentions:
                if m.start >= b:
                    if _AFTER_PERSON.match(s.text[b:m.start]):
                        add(name, m.entity)
                    break
            # the last org mention before the person
            prev = [m for m in s.mentions if m.end <= a]
            if prev:
                m = prev[-1]
                gap = s.text[m.end:a]
                if _BEFORE_PERSON_PLAIN.match(gap) and "\n" not in gap or (
                        _BEFORE_PERSON_COMMA.match(gap) and _OF_BEFORE.search(s.text[:m.start])):
                    add(name, m.entity)
        # "... for the ORG, Firstname Lastname, ..." where NER missed the person
        for m in s.mentions:
            if not _OF_BEFORE.search(s.text[:m.start]):
                continue
            nm = _NAME_AFTER_COMMA.match(s.text[m.end:])
            if nm:
                add(nm.group(1), m.entity)
    # "Norland Minister of X Arman Velt paid a visit": NER read title and name as one
    # organisation, so the name is no PERSON there; it is one when the article names
    # the person elsewhere ("Mr. Velt", "There Arman Velt held ...")
    known = {person_key(name) for s in sents for _, _, name in s.persons} - {None}
    for s in sents:
        for m in s.mentions:
            nm = _NAME_AFTER_TITLE.match(s.text[m.end:])
            if nm and person_key(nm.group(1)) in known and not any(
                    a < m.end + nm.end(1) and m.end < b for a, b, _ in s.persons):
                add(nm.group(1), m.entity)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)")


_PRONOUN_START = re.compile(r"^\s*(?:He|She)\b")


def person_spans(s: Sentence) -> list[tuple[int, int, str]]:
    """The people `s` names: spaCy's PERSON entities and honorific names ("Dr. Toure"),
    the honorific included in the span."""
    return list(s.persons) + [(m.start(), m.end(1), m.group(1)) for m in _HONORIFIC_NAME.finditer(s.text)]


def last_person_org(s: Sentence, affiliations: dict[str, int]) -> int | None:
    """Organisation of the last person in `s` whose affiliation is known."""
    names = list(s.persons) + [(m.start(1), m.end(1), m.group(1)) for m in _HONORIFIC_NAME.finditer(s.text)]
    best = None
    for a, _, name in sorted(names):
        ent = affiliations.get(person_key(name) or "")
        if ent is not None:
            best = ent
    return best


def add_person_mentions(s: Sentence, affiliations: dict[str, int],
                        previous: Sentence | None = None) -> None:
    """Add the organisation of each known person named in `s` as a mention at the
    person's position (a person acting for an organisation counts as it). A sentence
    opening with "He"/"She" refers to the last such person of the previous sentence."""
    if not affiliations:
        return
    present = {m.entity for m in s.mentions}
    names = list(s.persons)
    for m in _HONORIFIC_NAME.finditer(s.text):
        names.append((m.start(1), m.end(1), m.group(1)))
    p = _PRONOUN_START.match(s.text)
    if p and previous is not None:
        ent = last_person_org(previous, affiliations)
        if ent is not None and ent not in present:
            s.mentions.append(SentMention(ent, p.end() - (len(p.group().strip())), p.end(),
                                          p.group().strip(), via_person=True))
            present.add(ent)
            s.mentions = _disjoint(s.mentions)
            s.mask()
    added = False
    for a, b, name in names:
        ent = affiliations.get(person_key(name) or "")
        if ent is None or ent in present:
            continue
        if any(m.start < b and a < m.end for m in s.mentions):
            continue
        s.mentions.append(SentMention(ent, a, b, name, via_person=True))
        present.add(ent)
        added = True
    if added:
        s.mentions = _disjoint(s.mentions)
        s.mask()


# ------------------------------------------------------------------ places, event names


_PLACE = re.compile(
    r"\b(?:[Ii]n|to|at|At)\s+(?:the\s+(?:city|capital|town)\s+of\s+)?"
    r"(?P<name>[A-Z][\w'’.-]+(?:[\s-](?:[A-Z][\w'’-]+|upon|on|am|de|del|la))*?)"
    r"(?=\s*(?:,|\.|;|\)|$|\s+(?:on|in|at|from|to|and|during|for|with|where|which|who|last|this|next|earlier|later|yesterday|today|was|were|is|are|has|have|will)\b))")
_PLACE_COUNTRY = re.compile(r"^\s*,\s*(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")


# "parks in Kazakhstan", "startups in Almaty": the place describes organisations.
_DESCRIBED_BEFORE = re.compile(
    r"(?i)\b(?:parks?|technoparks?|technopolis|compan(?:y|ies)|startups?|start-ups?|firms?|hubs?|clusters?|universit(?:y|ies)|"
    r"organi[sz]ations?|institutions?|institutes?|entrepreneurs|residents|investors|businesses|ecosystems?|partners|members|"
    r"enterprises|smes|developers|specialists|teams|cent(?:re|er)s?|incubators?|accelerators?|agenc(?:y|ies)|ministr(?:y|ies)|"
    r"embass(?:y|ies)|markets?|sectors?|industr(?:y|ies)|founders|students|people|colleagues|counterparts|offices?|branch(?:es)?|"
    r"representatives|heads|leaders|players|communit(?:y|ies)|zones?|regions?|cities|countries|projects?|operations|presence)"
    r"\s+(?:(?:based|located|operating|registered|active|working)\s+)?$")
_BASED_BEFORE = re.compile(r"(?i)\b(?:based|located|headquartered|registered|incorporated|situated)\s+$")
# A country-only place must be where something happened: "signed in Kazakhstan",
# "a visit to China", "the forum in Turkey".
_EVENT_BEFORE_PLACE = re.compile(
    r"(?i)\b(?:sign\w*|inked|conclu\w+|held|hold|took\s+place|takes?\s+place|organi[sz]\w+|host\w*|visit\w*|trips?|tours?|toured|"
    r"travel\w*|arriv\w+|mission|delegation|forum|summit|conference|congress|exhibition|expo|fair|meeting|met|talks|negotiations|"
    r"ceremony|memorand\w+|agreements?|mou|moc|workshop|seminar|training|hackathon|event|gathered|came|went)\b[^,;]{0,40}$")
# The place is the first of a coordinated list ("in Azerbaijan, Kazakhstan and
# Uzbekistan", "in Almaty and Astana"): a list of places is never one location.
_LIST_NEXT = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+(?:and|or)\s+|\s*&\s*)(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")


def _is_place(name: str) -> bool:
    return bool(_geo.city_info(name) or _geo.country_code(name))


def sentence_place(s: Sentence) -> tuple[str | None, str | None]:
    """(city, ISO2 country) of the first "in/to/at <place>" in the sentence that says
    where something happened, or (None, None). Candidates are capitalised word groups
    checked against pipeline.reference.geo (exact lookups), so NER labels are not needed; org
    mentions are never places.

    "in Bishkek, Kyrgyzstan" -> ("Bishkek", "KG"); "in Baku" -> ("Baku", "AZ");
    "signed in Kazakhstan" -> (None, "KZ"). Not places of the event: a place that
    describes organisations ("technology parks in Azerbaijan", "startups in Almaty"),
    one of a list of places ("in Azerbaijan, Kazakhstan and Uzbekistan"), and a bare
    country not attached to an event word ("to support startups in Kazakhstan").
    """
    if _geo is None:
        return None, None
    for m in _PLACE.finditer(s.text):
        a, b = m.span("name")
        if any(x.start < b and a < x.end for x in s.mentions):
            continue
        before = s.text[max(0, m.start() - 60):m.start()]
        d = _DESCRIBED_BEFORE.search(before)
        # (a name ending in "Park" or "Hub" is no description)
        described = bool(d) and not any(
            x.start <= m.start() - len(before) + d.start() < x.end for x in s.mentions)
        name = m.group("name")
        info = _geo.city_info(name)
        into = s.text[m.start():m.start() + 2] == "to"
        if info and (_BASED_BEFORE.search(before) or (described and into)) or (not info and described):
            # "a company based in Almaty", "to bring startups to Tashkent";
            # "technology parks in Azerbaijan" (a city after a plural noun is still
            # the event's: "a workshop for start-ups in Helsinki")
            continue
        nxt = _LIST_NEXT.match(s.text[b:])
        if info:
            city, cc = info
            # "Bishkek, Kyrgyzstan": the named country decides between homonym cities
            c = _PLACE_COUNTRY.match(s.text[b:])
            if c and _geo.country_code(c.group(1)):
                cc = _geo.country_code(c.group(1))
                after = s.text[b + c.end():]
                nxt = _LIST_NEXT.match(after)
                if nxt and _geo.country_code(nxt.group(1)):
                    continue  # "in Baku, Azerbaijan and Almaty, Kazakhstan"
                return city, cc
            if nxt and _is_place(nxt.group(1)):
                continue
            return city, cc
        cc = _geo.country_code(name)
        if cc:
            if nxt and _is_place(nxt.group(1)):
                continue
            if not _EVENT_BEFORE_PLACE.search(before):
                continue
            return None, cc
    return None, None


def event_name(text: str) -> str | None:
    """The first plausible name of a forum, exhibition or programme in `text`
    ("Silk Road Digital-2023", "GITEX Global 2023", "Baku Innovation Week"), or None."""
    for rx in lex.EVENT_NAME_PATTERNS:
        for m in rx.finditer(text):
            name = re.sub(r"^(?:The|THE)\s+", "", m.group(1).strip(" ,.-"))
            if len(name) < 4 or lex.EVENT_NAME_BAD_START.match(name):
                continue
            return name
    return None
