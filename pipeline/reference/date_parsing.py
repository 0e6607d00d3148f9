"""Absolute calendar dates in strings: the one place that reads "28 September 2022",
"September 28, 2022", "2022-09-28" and "28.09.2022".

Used by pipeline.ingest.clean (datelines, metadata dates: full dates only) and
pipeline.extract.dates (event dates: also year-less dates, ranges and relative dates,
which stay there).

- Month names: `MONTHS` (name or abbreviation -> number). `MONTH` matches them
  capitalised or in capitals ("May 5", never "may 5 companies"); `MONTH_NAME` is the
  bare alternation for case-insensitive patterns.
- All-numeric dates are read day first ("02/07/2019" = 2 July 2019) unless that is
  impossible ("07/28/2019"): `numeric_date`.
- Written-out dates the regexes cannot read go to dateparser (languages=["en"]), one
  cached DateDataParser per settings mode, never on running text (search_dates turns
  "We" into a Wednesday):
    mode "day":  RETURN_TIME_AS_PERIOD, only a day-period result is kept (extraction);
    mode "full": REQUIRE_PARTS day/month/year, so "May 2021" never gets an invented
                 day (cleaning).
- Plausible range: 1990-01-01 .. reference date (or today) + 1 year (`in_range`).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

MIN_DATE = dt.date(1990, 1, 1)

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}

# The month-name alternation, capitalised; use with re.I for any case.
MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
              r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# Case-sensitive month: capitalised or all capitals, optional abbreviation dot.
MONTH = (rf"(?:{MONTH_NAME[3:-1]}|JANUARY|FEBRUARY"
         r"|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\.?")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR_DIGITS = r"(?:19|20)\d\d"
YEAR = rf"{YEAR_DIGITS}(?!\d)"
RANGE_DASH = r"\s*(?:-|–|—|to|and|&|until|till|through)\s*"

# "28 September 2022", "28th of September, 2022", "24-25 March 2023", "1st July"
DMY = re.compile(
    rf"\b(?P<d1>{DAY})(?:{RANGE_DASH}(?P<d2>{DAY}))?(?:\s+of)?\s+(?P<m>{MONTH})"
    rf"(?:,?\s+(?P<y>{YEAR}))?")
# "September 28, 2022", "Nov. 26", "March 24-25, 2023", "March 18th"
MDY = re.compile(
    rf"\b(?P<m>{MONTH})\s+(?P<d1>{DAY})(?:{RANGE_DASH}(?P<d2>{DAY}))?(?:,?\s+(?P<y>{YEAR}))?")
# "2022-09-28", "2022.01.20"
YMD = re.compile(r"\b(?P<y>(?:19|20)\d\d)[-./](?P<m>[01]?\d)[-./](?P<d>[0-3]?\d)(?!\d)")
# "28.09.2022", "28/09/2022", "09/28/2022": day first unless impossible (numeric_date)
# "29. 04. 2015": a space may follow the dot
NUM = re.compile(r"(?<![\d./])(?P<a>[0-3]?\d)(?:/|\. ?)(?P<b>[01]?\d|[0-3]\d)(?:/|\. ?)(?P<y>(?:19|20)\d\d)(?!\d)")

# Full dates only (day, month and year all written), any case; "-" also separates
# numeric dates ("02-07-2019"). Used for datelines and metadata values.
FULL_YMD = re.compile(rf"(?<![\d.])({YEAR_DIGITS})[-./](\d{{1,2}})[-./](\d{{1,2}})(?![\d])")
FULL_NUMERIC = re.compile(rf"(?<![\d.])(\d{{1,2}})(?:[-/]|\. ?)(\d{{1,2}})(?:[-/]|\. ?)({YEAR_DIGITS})(?![\d])")
FULL_TEXT = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAME}\.?(?:\s?,)?\s+{YEAR_DIGITS}\b"
    rf"|\b{MONTH_NAME}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s?,)?\s+{YEAR_DIGITS}\b",
    re.IGNORECASE,
)


def upper_bound(ref: dt.date | None) -> dt.date:
    """Latest plausible date: one year after the reference (or today)."""
    return (ref or dt.date.today()) + dt.timedelta(days=365)


def in_range(d: dt.date | None, ref: dt.date | None) -> bool:
    """`d` lies in 1990-01-01 .. ref (or today) + 1 year; None never does."""
    return d is not None and MIN_DATE <= d <= upper_bound(ref)


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    """dt.date(y, m, d), or None when there is no such day."""
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def numeric_date(a: int, b: int, y: int) -> dt.date | None:
    """"a/b/y": day first (most of the world's press); month first only when the
    day-first reading is impossible."""
    return safe_date(y, b, a) if b <= 12 else safe_date(y, a, b)


def month_number(text: str) -> int:
    """"Sept." / "SEPTEMBER" / "september" -> 9."""
    return MONTHS[text.rstrip(".").lower()]


def day_number(text: str) -> int:
    """"28th" -> 28."""
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]  # callers pass a matched day


_PARSER_SETTINGS: dict[str, dict[str, Any]] = {
    "day": {"DATE_ORDER": "DMY", "RETURN_TIME_AS_PERIOD": True},
    "full": {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
}


@lru_cache(maxsize=None)
def date_parser(mode: str = "day") -> Any:
    """One DateDataParser(languages=["en"]) per settings mode for the process
    (building one costs ~100 ms; dateparser is imported lazily, it loads slowly)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=dict(_PARSER_SETTINGS[mode]))


@lru_cache(maxsize=20_000)
def parse_absolute(text: str, mode: str = "day") -> dt.date | None:
    """A written-out absolute date string (it names its year) read by dateparser, or
    None. Mode "day" keeps only a day-period result; mode "full" requires day, month
    and year. No RELATIVE_BASE is needed for absolute dates, so one parser serves
    every article. No range check: see `parse_absolute_in_range`."""
    try:
        res = date_parser(mode).get_date_data(text)
    except Exception:  # dateparser raises on odd input; an unreadable string is no date
        return None
    if not res or not res.date_obj:
        return None
    if mode == "day" and res.period != "day":
        return None
    return res.date_obj.date()


def parse_absolute_in_range(text: str, ref: dt.date | None, mode: str = "day") -> dt.date | None:
    """`parse_absolute`, kept only inside 1990-01-01 .. ref (or today) + 1 year."""
    d = parse_absolute(text, mode)
    return d if in_range(d, ref) else None
