"""Day-precision dates in news text, resolved against the article's publication date.

In:  a piece of text (a sentence), the reference date (article.published_date, or None)
     and the tense of the clause (past: resolve year-less and weekday dates backwards;
     future: forwards).
Out: DateHit records with char offsets into that text and a `datetime.date`, or no hit.

Rules (see notes/extraction.md pitfalls 16-18):
- Candidates come from precompiled regexes for day-month-year forms, numeric forms,
  "today"/"yesterday"/"tomorrow" and weekday names. Never dateparser.search_dates on
  running text (it turns "We" into a Wednesday); dateparser is only a fallback for a
  spaCy DATE entity string that the regexes could not read, and only a day-period
  result is kept.
- Precision below a day ("in 2021", "in March", "March 2021", "last week") gives no
  date: the fields are day dates and a filled-in day would be invented.
- A year-less date ("on September 28") or a relative one needs a reference date; with
  none it stays None.
- Dates outside 1990-01-01 .. reference (or today) + 1 year are dropped.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.reference.date_parsing import DMY as _DMY, MDY as _MDY, MONTH as _MONTH, NUM as _NUM, YMD as _YMD
from pipeline.reference.date_parsing import day_number as _day, in_range as _in_range, month_number as _month
from pipeline.reference.date_parsing import numeric_date, parse_absolute, safe_date as _safe_date
from pipeline.reference.date_parsing import upper_bound  # noqa: F401  (public here before the move)

# Year-less dates a day or two after the reference still count as "past": datelines
# are often a day behind the event in another time zone.
_SLACK = dt.timedelta(days=2)

_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}

# Absolute forms (_DMY, _MDY, _YMD, _NUM) and month names: pipeline.reference.date_parsing.
_RELATIVE = re.compile(
    r"\b(?P<w>the day before yesterday|the day after tomorrow|today|yesterday|tomorrow"
    r"|this morning|this afternoon|this evening|tonight)\b", re.I)
_WEEKDAY = re.compile(
    r"\b(?:(?P<q>last|next|this|past|coming|on)\s+)?"
    r"(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_AGO = re.compile(r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven)\s+days?\s+ago\b", re.I)
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateHit:
    """A day-precision date found in a text; offsets are into that text."""

    start: int
    end: int
    date: dt.date
    end_date: dt.date | None = None   # last day of a range ("24-25 March" -> 25 March)
    explicit_year: bool = False       # the text itself gave the year


def resolve_yearless(month: int, day: int, ref: dt.date | None,
                     future: bool = False, year: int | None = None) -> dt.date | None:
    """`month`/`day` in the year that puts it on the tense's side of `ref`.

    Past: the most recent such day not after ref (+2 days slack); future: the next
    one not before ref (-2 days slack). Without a reference date, in `year` (the
    article's own year, see article_year) or None.
    """
    if ref is None:
        return _safe_date(year, month, day) if year else None
    d = _safe_date(ref.year, month, day)
    if d is None:  # 29 February outside a leap year
        return None
    if not future and d > ref + _SLACK:
        d = _safe_date(ref.year - 1, month, day)
    elif future and d < ref - _SLACK:
        d = _safe_date(ref.year + 1, month, day)
    return d


def resolve_weekday(weekday: int, ref: dt.date | None, qualifier: str | None,
                    future: bool = False) -> dt.date | None:
    """A weekday name as a date: the most recent such day on or before `ref` (past
    tense, "last"), or the next one after it (future tense, "next", "coming")."""
    if ref is None:
        return None
    q = (qualifier or "").lower()
    forward = q in ("next", "coming") or (future and q not in ("last", "past"))
    if forward:
        delta = (weekday - ref.weekday()) % 7 or 7
        return ref + dt.timedelta(days=delta)
    delta = (ref.weekday() - weekday) % 7
    if q in ("last", "past") and delta == 0:
        delta = 7
    return ref - dt.timedelta(days=delta)


def _ymd_hit(m: re.Match, ref, future, year_hint: int | None = None, d1_group="d1",
            d2_group="d2") -> DateHit | None:
    month = _month(m.group("m"))
    d1 = _day(m.group(d1_group))
    d2 = _day(m.group(d2_group)) if m.group(d2_group) else None
    if m.group("y"):
        year = int(m.group("y"))
        start = _safe_date(year, month, d1)
        explicit = True
    else:
        start = resolve_yearless(month, d1, ref, future, year_hint)
        explicit = False
    if start is None:
        return None
    end = _safe_date(start.year, month, d2) if d2 else None
    if end is not None and end < start:
        end = None
    return DateHit(m.start(), m.end(), start, end, explicit)


def _candidates(text: str, ref: dt.date | None, future: bool,
                year: int | None = None) -> list[DateHit]:
    hits: list[DateHit] = []
    for rx in (_DMY, _MDY):
        for m in rx.finditer(text):
            h = _ymd_hit(m, ref, future, year)
            if h:
                hits.append(h)
    for m in _YMD.finditer(text):
        d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d:
            hits.append(DateHit(m.start(), m.end(), d, None, True))
    for m in _NUM.finditer(text):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        d = numeric_date(a, b, y)  # day first unless impossible
        if d:
            hits.append(DateHit(m.start(), m.end(), d, None, True))
    if ref is not None:
        for m in _RELATIVE.finditer(text):
            w = m.group("w").lower()
            off = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                   "the day after tomorrow": 2}.get(w, 0)
            hits.append(DateHit(m.start(), m.end(), ref + dt.timedelta(days=off)))
        for m in _WEEKDAY.finditer(text):
            d = resolve_weekday(_WEEKDAYS[m.group("w").lower()], ref, m.group("q"), future)
            if d:
                hits.append(DateHit(m.start("w"), m.end(), d))
        for m in _AGO.finditer(text):
            n = m.group("n").lower()
            n = int(n) if n.isdigit() else _NUMWORDS[n]
            hits.append(DateHit(m.start(), m.end(), ref - dt.timedelta(days=n)))
    return hits


def is_relative(text: str) -> bool:
    """Whether `text` (a hit's span) is a word dated by the report ("today", "on
    Friday", "two days ago"), not a date written out."""
    return bool(_RELATIVE.fullmatch(text.strip()) or _WEEKDAY.fullmatch(text.strip())
                or _AGO.fullmatch(text.strip()))


def _overlaps(a: DateHit, b: DateHit) -> bool:
    return a.start < b.end and b.start < a.end


_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|to|until|till|through|and)\s*$")
_WEEKDAY_GAP = re.compile(r"^\s*(?:,\s*)?(?:the\s+)?$")  # no two \s* side by side: linear


def find_dates(text: str, ref: dt.date | None, future: bool = False,
               year: int | None = None) -> list[DateHit]:
    """Day-precision dates in `text`, in text order. With no `ref` but a `year` (the
    article's own year), a year-less date ("on May 29") is taken in that year; relative
    dates ("today", "on Friday") still need `ref`.

    Overlapping candidates keep the longest; a weekday directly followed by an explicit
    date ("Monday, 26 September") defers to that date, and one directly after a date
    that falls on it ("2 February 2021 Tuesday") joins it; "30 June - 2 July 2024" becomes
    one range whose start borrows the end's year.
    """
    cands = sorted(_candidates(text, ref, future, year if ref is None else None),
                   key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[DateHit] = []
    for h in cands:
        if any(_overlaps(h, k) for k in kept):
            continue
        kept.append(h)
    kept.sort(key=lambda h: h.start)
    out: list[DateHit] = []
    i = 0
    while i < len(kept):
        h = kept[i]
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        gap = text[h.end:nxt.start] if nxt else ""
        if nxt and h.end_date is None and _WEEKDAY_GAP.match(gap) and _WEEKDAY.fullmatch(
                text[h.start:h.end]):
            i += 1  # weekday name before the explicit date: keep the explicit date
            continue
        if nxt and _WEEKDAY_GAP.match(gap) and not _WEEKDAY.fullmatch(text[h.start:h.end]) \
                and _WEEKDAYS.get(text[nxt.start:nxt.end].lower()) == h.date.weekday():
            # the date's own weekday after it ("2 February 2021 Tuesday"): one date
            out.append(DateHit(h.start, nxt.end, h.date, h.end_date, h.explicit_year))
            i += 2
            continue
        if nxt and h.end_date is None and _RANGE_GAP.match(gap):
            start = h.date
            if not h.explicit_year and nxt.explicit_year:
                start = _safe_date(nxt.date.year, h.date.month, h.date.day) or start
            if start <= nxt.date:
                out.append(DateHit(h.start, nxt.end, start, nxt.date,
                                   nxt.explicit_year or h.explicit_year))
                i += 2
                continue
        out.append(h)
        i += 1
    return [h for h in out if _in_range(h.date, ref)]


_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_HAS_MONTHWORD = re.compile(_MONTH)


def parse_date(text: str, ref: dt.date | None, future: bool = False) -> dt.date | None:
    """One candidate string (e.g. a spaCy DATE entity) as a day date, or None.

    The regex forms are tried first; dateparser only sees strings that name a month,
    a day number and a year ("September the 28th, 2022"), so it never has to guess a
    day or a year.
    """
    hits = find_dates(text, ref, future)
    if hits:
        return hits[0].date
    if not (_DIGIT.search(text) and _HAS_MONTHWORD.search(text) and _HAS_YEAR.search(text)):
        return None
    d = parse_absolute(text.strip(), "day")
    return d if _in_range(d, ref) else None


# A dateline: a short line near the top of the body that is (mostly) one full date.
_DATELINE_MAX_LINES = 8
_DATELINE_MAX_LEN = 80


def dateline_date(body: str) -> dt.date | None:
    """The article's own date when the body starts with a dateline ("28 September,
    2022", "02/07/2019", "date 2020-12-02 By ..."): the first full date (with year) on
    one of the first short lines. None when there is none.

    A news-agency dateline at the head of the lede ("TASHKENT, 16 March 2023 (UzA) -
    ...", "VALLETTA - Harbour Newswire - 17 July 2025 - ...") counts as well. Only a
    fallback for a missing published_date: it never overrides one.
    """
    seen = 0
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > _DATELINE_MAX_LINES:
            break
        if len(line) > _DATELINE_MAX_LEN:
            # a news-agency dateline opening the lede: "TASHKENT, 16 March 2023 (UzA) - ..."
            head = _LEDE_DATELINE.match(line) or _WIRE_DATELINE.match(line)
            if head:
                for h in find_dates(head.group("date"), None):
                    if h.explicit_year:
                        return h.date
            continue
        for h in find_dates(line, None):
            if h.explicit_year:
                return h.date
    return None


# A year that is a target or a plan's name, not the time of the report: "by 2030",
# "Vision 2030", "2025-2030"
_TARGET_YEAR = re.compile(
    r"(?:\b(?:by|until|till|through|before|vision|strategy|agenda|horizon|plan)\s+|[-–—/]\s*)$",
    re.I)
_YEAR_WORD = re.compile(r"(?<![\w/.-])((?:19|20)\d\d)(?![\w/]|[.-]\d)")


def article_year(body: str, today: dt.date | None = None) -> int | None:
    """The year an undated article reports in, for its year-less dates ("on May 29"):
    the year of its latest full date, else the latest year it names that is neither a
    target ("by 2030", "Vision 2030") nor after `today`. None when it names none."""
    today = today or dt.date.today()
    full = [h.date for h in find_dates(body, None) if h.explicit_year and h.date <= today]
    if full:
        return max(full).year
    years = [int(m.group(1)) for m in _YEAR_WORD.finditer(body)
             if not _TARGET_YEAR.search(body[max(0, m.start() - 20):m.start()])]
    years = [y for y in years if 1990 <= y <= today.year]
    return max(years) if years else None


_LEDE_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’ -]{1,30},\s*){1,2}(?P<date>[^,()–—-]{5,25}?(?:,\s*(?:19|20)\d\d)?)\s*(?:\([^()]{1,30}\)\s*)?[-–—:|/]")

# A wire-service dateline of dash-separated parts: "VALLETTA - Harbour Newswire -
# 17 July 2025 - ..." (place and service, then the date)
_WIRE_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’ ]{1,40}?[ ][-–—][ ]){1,3}(?P<date>[0-9A-Za-z ,.]{5,25}?)[ ][-–—][ ]")
