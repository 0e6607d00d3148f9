"""The type an article gives an organisation by describing it, whatever its name says.

    described_type(body, forms) -> org_type | None

A headless name ("Quorvia", "Brisk Labs") says nothing of what it names; the text around
it often does: an apposition ("Quorvia, a Kazakh accelerator"), a copula ("Quorvia is the
state-owned innovation agency") or a noun right before it ("the accelerator Quorvia",
"another university, Quorvia."). The noun that ends such a description is typed as a
name with that head would be ("state-owned innovation agency" as "State-Owned Innovation
Agency": a government body), or by the description-only nouns of
`description_nouns.map` and the company nouns. Pure functions of strings.
"""
from __future__ import annotations

import re
from collections import Counter

from pipeline.extract.org_lexicon import (
    COMPANY_NOUNS_SINGULAR, DESCRIPTION_NOUNS, HEADS, NONPROFIT_WORDS,
)
from pipeline.extract.org_lexicon import DESCRIPTION_SKIP_HEADS as SKIP_HEADS

_WORD = re.compile(r"[A-Za-z][\w'’\-]*|[,.;:()\"“”]")
# words after which the noun phrase of a description has ended
_CLAUSE = frozenset({"of", "in", "at", "for", "from", "with", "that", "which", "who", "whose",
                     "and", "or", "to", "by", "on", "as", "under", "since", "where", "when"})
_AFTER = re.compile(r"\A(?:['’]s)?(?:\s*,\s*(?:which\s+is\s+|is\s+)?|\s+(?:is|was|remains)\s+)"
                    r"(?:a|an|the)\s+")
_BEFORE = re.compile(r"\b([a-z][a-z\-]+)(\s*,)?\s+$")
_MAX_WORDS = 7
# a description's noun followed by one of these was the subject of a new clause
_VERBS = frozenset({"is", "was", "are", "were", "will", "would", "has", "have", "had", "can",
                    "could", "shall", "should", "may", "might", "must"})


def noun_type(word: str) -> str | None:
    """The org_type a lower-case description noun gives, or None for any other word."""
    if word in DESCRIPTION_NOUNS:
        return DESCRIPTION_NOUNS[word]
    if word in HEADS and word not in SKIP_HEADS:
        return "head"  # typed with its modifiers, as a name's head (see _phrase_type)
    if word in COMPANY_NOUNS_SINGULAR:
        return "company"
    return None


def _phrase_type(words: list[str]) -> str | None:
    """Type of a description whose last word is its noun: "state-owned innovation agency"."""
    from pipeline.extract.org_names import analyse
    from pipeline.extract.org_resolve import type_of

    t = noun_type(words[-1])
    if t != "head":
        return t
    t = type_of(analyse(" ".join(w[:1].upper() + w[1:] for w in words)))
    if t == "other" and NONPROFIT_WORDS & set(words):
        return "association"  # "a non-governmental organisation": a non-profit society
    return t


def _description_after(tail: str) -> str | None:
    """Type of the description that `tail` (the text right after a name) opens with, if
    it is an apposition or a copula: ", a Kazakh accelerator", " is the agency that"."""
    m = _AFTER.match(tail)
    if m is None:
        return None
    phrase: list[str] = []
    noun_at: int | None = None
    for w in _WORD.findall(tail[m.end():m.end() + 120])[:_MAX_WORDS]:
        lw = w.lower()
        if not w[0].isalpha() or lw in _CLAUSE:
            break
        if lw.endswith(("'s", "’s")):  # "the country's largest accelerator": a possessor
            phrase, noun_at = [], None
            continue
        if noun_at is not None and w[0].isupper():
            break
        if noun_at is not None and lw in _VERBS:
            return None  # "with X, a centre will be set up": a clause, not a description
        if w.islower() and noun_type(lw):
            noun_at = len(phrase)
        elif noun_at is not None and w.islower() and lw not in SKIP_HEADS:
            break  # the noun phrase ended at the last noun: "an organisation focused on"
        phrase.append(lw)
    if noun_at is None:
        return None
    return _phrase_type(phrase[:noun_at + 1])


def _description_before(head: str, tail: str) -> str | None:
    """Type of a noun right before a name: "the accelerator X", "another university, X."
    (with a comma only where the name ends its clause, "university, X, and ...")."""
    m = _BEFORE.search(head[-40:])
    if m is None:
        return None
    if m.group(2) and not re.match(r"\s*[,.;]", tail):
        return None
    word = m.group(1)
    t = noun_type(word)
    if t is None:
        return None
    return _phrase_type([word])


def described_type(body: str, forms: list[str]) -> str | None:
    """The org_type the article's descriptions of an organisation agree on most (the
    first found on a tie), over every mention of each of its `forms`; None when no
    mention is described."""
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    for form in sorted({f for f in forms if len(f) >= 2 and not f.islower()}):
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", body):
            for t in (_description_after(body[m.end():m.end() + 200]),
                      _description_before(body[max(0, m.start() - 60):m.start()],
                                          body[m.end():m.end() + 3])):
                if t:
                    votes[t] += 1
                    first.setdefault(t, m.start())
    if not votes:
        return None
    return max(votes, key=lambda t: (votes[t], -first[t]))


_RUN_WORD = r"(?:[A-Z][\w'’\-&.]*|of|for|and|the|de|del|des|du|la|le|on|in|&)"
_CONNECTOR = frozenset({"of", "for", "and", "the", "de", "del", "des", "du", "la", "le", "on",
                        "in", "&"})


def defined_type(body: str, acronym: str, others: tuple[str, ...] = ()) -> str | None:
    """The type of the name an acronym is defined for in the text: "Office of Science
    and Technology (OSTX)" -> government_body, for an organisation the text names only by
    its acronym (its spelled-out form was not kept as a name). None without a definition
    whose head types it, or when the definition ends in one of `others` (names of other
    organisations of the article: the acronym then repeats one of them)."""
    from pipeline.extract.org_names import analyse
    from pipeline.extract.org_resolve import type_of

    for m in re.finditer(r"((?:" + _RUN_WORD + r"\s+){0,11}" + _RUN_WORD + r")\s*\(\s*"
                         + re.escape(acronym) + r"\s*\)", body):
        words = m.group(1).split()
        while words and words[0] in _CONNECTOR:
            words.pop(0)  # "... and the Office of X (OX)": the run starts at a name word
        if len(words) < 2:
            continue
        run = " ".join(words).casefold()
        if any(o and run.endswith(o.casefold()) for o in others):
            return None
        t = type_of(analyse(" ".join(words)))
        if t:
            return t
    return None


# "X Centre (XC) at the renowned Y University": a centre housed at a named body
_AT = re.compile(r"\A(?:\s*\([^()\n]{1,20}\))?,?\s+(?:(?:located|based|housed|hosted)\s+)?at\s+"
                 r"(?:the\s+|The\s+)?(?:[a-z][a-z\-]+\s+){0,2}")
_NAME_WORD = re.compile(r"[A-Z][\w.&\-]*")
_RUN_LINKS = frozenset({"of", "for", "and", "&"})


def _name_run(words: list[str]) -> str | None:
    """The capitalised name that `words` open with ("Brell Laboratory", "University
    of Oxland"): capitalised words and the links between them; None without one."""
    run: list[str] = []
    for w in words[:8]:
        bare = w.rstrip(",.;:)")
        if _NAME_WORD.fullmatch(bare) or (run and bare in _RUN_LINKS):
            run.append(bare)
            if bare != w:
                break
            continue
        break
    while run and run[-1] in _RUN_LINKS:
        run.pop()
    return " ".join(run) or None


def _possessor_run(head: str) -> str | None:
    """The capitalised name of a possessor right before a name ("University of Oxland's
    X", "Texarra’ X"); None when the text before does not end in one."""
    words = head.split()
    if not words or not (words[-1].endswith(("'s", "’s", "'", "’"))):
        return None
    last = words[-1].rstrip("s").rstrip("'’")
    run = [last]
    for w in reversed(words[:-1][-6:]):
        if _NAME_WORD.fullmatch(w) or w in _RUN_LINKS:
            run.insert(0, w)
            continue
        break
    while run and run[0] in _RUN_LINKS:
        run.pop(0)
    return " ".join(run) if run and _NAME_WORD.fullmatch(run[-1]) else None


def housed_by_academic(body: str, forms: list[str]) -> bool:
    """Whether the text places a unit named by one of `forms` at or under a university,
    academy, research institute or research laboratory: "the Vesta Centre at the
    University of Oxland", "the renowned Brell Laboratory's Orlin Centre",
    "Texarra University’s Design Centre". Pure function of strings."""
    from pipeline.extract.org_names import analyse
    from pipeline.extract.org_resolve import type_of

    def academic(run: str | None) -> bool:
        return bool(run) and type_of(analyse(run)) == "academic"

    for form in sorted({f for f in forms if len(f) >= 4 and not f.islower()}):
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", body):
            tail = body[m.end():m.end() + 120]
            at = _AT.match(tail)
            if at and academic(_name_run(tail[at.end():].split())):
                return True
            if academic(_possessor_run(body[max(0, m.start() - 60):m.start()])):
                return True
    return False
