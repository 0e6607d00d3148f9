"""Text repair and page-furniture removal: pure functions from raw text to a cleaned article.

In:  text already decoded to `str` (ingest does the decoding), a saved HTML page, or a
     JSON article object.
Out: `Cleaned` -- headline, the article's own date, publisher and URL when the source
     states them, and the body: paragraphs separated by one blank line, without the
     headline, the dateline or page furniture (share bars, menus, "top of page", ...).
     Every character offset later in the pipeline refers to this body.

Decisions
- Unicode: ftfy repairs mojibake, then NFKC; invisible characters (soft hyphen,
  zero-width space, BOM) are dropped and every kind of space becomes " ". Latin and
  Cyrillic homoglyphs are fixed only inside words that mix the two scripts, so text
  written wholly in one script is never changed.
- Dates: only candidate strings found by the regexes below are parsed, never running
  text (dateparser's search_dates turns "We" into a Wednesday). All-numeric dates are
  read day-first ("02/07/2019" = 2 July 2019) as in most of the world's press; when
  that reading is impossible ("07/28/2019") the month-first one is used. A date counts
  only when day, month and year are all given and it lies between 1990-01-01 and one
  year after today.
  Written-out dates go to dateparser (languages=["en"], REQUIRE_PARTS day/month/year,
  so "May 2021" never gets an invented day). Only a dateline near the top counts as
  the publication date; dates in running text are event dates, left to extraction.
- Headline: with a dateline near the top, the nearest short line above it; otherwise
  the first short line without a final full stop before the first full sentence.
  Short masthead lines above it are dropped; so are later repeats of it.
- Body: every remaining line is a paragraph (joined by one blank line), except that a
  line break inside a sentence (next line starts in lower case, or the line ends with
  "of", "by", "the", ...) is mended; a paragraph of 5+ words the page repeats is kept
  once. Note ftfy straightens curly quotes and NFKC turns "…" into "...": the body is
  normalised text, not a copy of the source.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ftfy

from pipeline.reference.date_parsing import FULL_NUMERIC, FULL_TEXT, FULL_YMD, MIN_DATE, YEAR_DIGITS  # noqa: F401
from pipeline.reference.date_parsing import in_range, numeric_date, parse_absolute, safe_date


@dataclass
class Cleaned:
    """A cleaned article: metadata found in the source plus the body text."""

    title: str | None
    published_date: dt.date | None
    publisher: str | None
    url: str | None
    body: str


# ------------------------------------------------------------------ Unicode repair

# Invisible characters that only break words apart for the tokenizer. Directional marks
# (U+200E/F) are kept: right-to-left text needs them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\u180e\u034f"), None)
# ZWJ/ZWNJ shape Persian, Indic scripts and emoji; next to Latin or Cyrillic they are noise.
_JOINER_NEAR_LATIN_CYR = re.compile(
    r"(?<=[A-Za-z\u00c0-\u024f\u0400-\u04ff])[\u200c\u200d]+|[\u200c\u200d]+(?=[A-Za-z\u00c0-\u024f\u0400-\u04ff])"
)
# C0/C1 control characters other than tab and newline (ftfy keeps a few of them).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"\w+")

# Manual corrections to the UTS #39 data: Cyrillic І/Ӏ look like a capital I, not "l".
_CYR_TO_LAT_OVERRIDES = {"\u0406": "I", "\u04c0": "I", "\u04cf": "l"}


@lru_cache(maxsize=1)
def _homoglyph_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(Cyrillic -> ASCII Latin, ASCII Latin -> Cyrillic) single-letter lookalikes.

    Built from the Unicode confusables data shipped with confusable_homoglyphs, kept to
    letters that actually occur in modern texts (ASCII on the Latin side; the Cyrillic
    block without archaic letters on the other).
    """
    import json
    from importlib import resources

    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    cyr_to_lat: dict[str, str] = {}
    lat_to_cyr: dict[str, str] = {}
    for ch, entries in data.items():
        if len(ch) != 1:
            continue
        for e in entries:
            other = e["c"]
            if len(other) != 1:
                continue
            if _is_modern_cyrillic(ch) and other.isascii() and other.isalpha():
                cyr_to_lat.setdefault(ch, other)
            elif ch.isascii() and ch.isalpha() and _is_modern_cyrillic(other):
                lat_to_cyr.setdefault(ch, other)
    cyr_to_lat.update(_CYR_TO_LAT_OVERRIDES)
    return cyr_to_lat, lat_to_cyr


def _is_modern_cyrillic(ch: str) -> bool:
    o = ord(ch)
    return (0x0400 <= o <= 0x045F) or (0x048A <= o <= 0x04FF)


def _fix_homoglyph_word(word: str, prefer_latin: bool) -> str:
    """Rewrite a word that mixes Latin and Cyrillic letters into one script.

    The target is the script the word can be written in entirely (every letter of the
    other script has a lookalike); when both are possible, the script with more letters
    in the word, then the dominant script of the whole text, wins.
    """
    cyr_to_lat, lat_to_cyr = _homoglyph_maps()
    cyr = [c for c in word if _CYRILLIC.match(c)]
    lat = [c for c in word if _LATIN_LETTER.match(c)]
    if not cyr or not lat:
        return word
    can_latin = all(c in cyr_to_lat for c in cyr)
    can_cyrillic = all(c in lat_to_cyr for c in lat)
    if can_latin and can_cyrillic:
        to_latin = len(lat) > len(cyr) or (len(lat) == len(cyr) and prefer_latin)
    elif can_latin or can_cyrillic:
        to_latin = can_latin
    else:
        return word
    table = cyr_to_lat if to_latin else lat_to_cyr
    return "".join(table.get(c, c) for c in word)


def fix_homoglyphs(text: str) -> str:
    """Fix Latin/Cyrillic lookalikes inside mixed-script words ("VС.ru" -> "VC.ru").

    In: any text. Out: the same text where only words mixing Latin and Cyrillic letters
    changed. ASCII-only or Cyrillic-free text is returned as is (fast path).
    """
    if text.isascii() or not _CYRILLIC.search(text):
        return text
    prefer_latin = len(_LATIN_LETTER.findall(text)) >= len(_CYRILLIC.findall(text))
    return _WORD.sub(lambda m: _fix_homoglyph_word(m.group(0), prefer_latin), text)


def _strip_invisible(text: str) -> str:
    """Line breaks as "\n"; no control, soft-hyphen or zero-width characters."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text)).translate(_INVISIBLE)


def repair_text(text: str) -> str:
    """Repair the Unicode of a scraped text without changing its words.

    In: any str. Out: ftfy-repaired (mojibake), NFKC-normalised text with "\\n" line
    ends, no soft hyphens / zero-width characters / control characters, every run of
    spaces (non-breaking ones included) collapsed to one space, lines stripped, and at
    most one blank line between paragraphs. Mixed-script homoglyphs are fixed.
    Genuinely Cyrillic or other-script text is left as written.
    """
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    # Spaces collapsed before ftfy as after it: collapsing a tab next to mojibake after the
    # repair made new mojibake ("Â\t0" -> "Â 0"), which a second repair changed again.
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    fixed = ftfy.fix_text(text, normalization="NFKC")
    text = _strip_invisible(fixed)
    # A soft hyphen or zero-width character inside mojibake hides it from ftfy; once
    # removed, a second pass can repair it. And repaired mojibake can be a control
    # character ("¬ç" is U+008D), removed here too. So repairing repaired text changes
    # nothing.
    for _ in range(4):  # bounded: each pass removes at least one character
        if text == fixed:
            break
        fixed = ftfy.fix_text(text, normalization="NFKC")
        text = _strip_invisible(fixed)
    text = _JOINER_NEAR_LATIN_CYR.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = fix_homoglyphs(text)
    # str.split() without arguments splits on every Unicode space, NBSP included.
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return _BLANK_RUNS.sub("\n\n", text)


# ------------------------------------------------------------------ dates

# Full-date regexes, month names, day-first numeric reading, the 1990..today+1y range
# and the dateparser reading of written-out dates: pipeline.reference.date_parsing.


def find_date(text: str, today: dt.date | None = None) -> tuple[dt.date, tuple[int, int]] | None:
    """The first full calendar date written in `text`, with its (start, end) span.

    In: a short string (a line, a metadata value). Out: (date, span) or None. Only the
    forms "2020-12-02", "2022.01.20", "02/07/2019" (day first), "28 September, 2022"
    and "September 28th, 2022" are recognised, inside 1990-01-01 .. today + 1 year.
    """
    found: list[tuple[int, int, dt.date]] = []
    for m in FULL_YMD.finditer(text):
        d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append((m.start(), m.end(), d))
    for m in FULL_NUMERIC.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d = numeric_date(a, b, y)  # day-first, month-first if impossible
        if d:
            found.append((m.start(), m.end(), d))
    for m in FULL_TEXT.finditer(text):
        d = parse_absolute(" ".join(m.group(0).split()), "full")
        if d:
            found.append((m.start(), m.end(), d))
    found = [f for f in found if in_range(f[2], today)]
    if not found:
        return None
    start, end, d = min(found)
    return d, (start, end)


_ISO = re.compile(rf"({YEAR_DIGITS})-(\d{{2}})-(\d{{2}})(?:$|[T ])")


def parse_date(value: str, today: dt.date | None = None) -> dt.date | None:
    """A date given as metadata ("2021-05-04", "2021-05-04T10:00:00Z", "4 May 2021").

    In: the string. Out: the date, or None when it is not a full, plausible date.
    """
    value = value.strip()
    iso = _ISO.match(value)
    if iso:
        d = safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return d if d and in_range(d, today) else None
    hit = find_date(value, today)
    return hit[0] if hit else None


# ------------------------------------------------------------------ page furniture

_SOCIAL = {
    "facebook", "twitter", "x", "linkedin", "instagram", "telegram", "vk", "vkontakte",
    "whatsapp", "youtube", "email", "e-mail", "mail", "print", "reddit", "pinterest", "ok",
    "odnoklassniki", "tiktok", "viber", "threads", "mastodon", "vc.ru", "rss", "copy",
    "link", "copy link", "messenger", "skype", "line", "weibo", "wechat", "tumblr", "flickr",
}
_SHARE_PREFIX = re.compile(
    r"^(?:share(?:\s+(?:this|on|via|it))?(?:\s+(?:article|post|story|page|news))?|follow\s+us(?:\s+on)?)\s*:?\s*",
    re.I,
)
_FURNITURE_EXACT = re.compile(
    r"^(?:(?:top|bottom)\s+of\s+(?:the\s+)?page|(?:back|go|return|scroll)\s+to\s+top|skip\s+to\s+(?:main\s+)?content"
    r"|(?:main\s+)?menu|(?:toggle|open|close)\s+(?:navigation|menu|search)|navigation"
    r"|(?:all|more|latest|related|other|recent|popular|top)\s+(?:news|posts?|articles?|stories|materials|publications)"
    r"|(?:previous|next|older|newer)(?:\s+(?:post|article|story|news|page))?"
    r"|read\s+(?:more|also|next|full\s+story)|see\s+also|continue\s+reading|print(?:\s+this\s+(?:page|article))?"
    r"|e-?mail|copy\s+link|share(?:\s+this)?(?:\s+(?:article|post|story|page))?|close|home|search"
    r"|log\s*in|sign\s+(?:in|up)"
    r"|register|contact\s+us|news|like|tweet|comments?|leave\s+a\s+(?:comment|reply)|reply|subscribe|follow\s+us"
    r"|loading|advertisement|sponsored|cookie\s+settings|accept(?:\s+all)?(?:\s+cookies)?|decline|got\s+it|ok"
    r"|english|русский|рус|eng|rus|қазақша|o'zbekcha|ўзбекча|latviešu|türkçe|azərbaycanca)$",
    re.I,
)
_FURNITURE_SEARCH = re.compile(
    r"(?:join|subscribe\s+to|sign\s+up\s+(?:for|to))\s+our\s+(?:\w+\s+)?(?:mailing|miling|mail|e-?mail|news)\s*-?list"
    r"|subscribe\s+to\s+(?:our\s+)?(?:newsletter|channel|updates|news)|sign\s+up\s+for\s+(?:our\s+)?newsletter"
    r"|don'?t\s+miss\s+(?:other|our|any|the\s+latest)|\bopens?\s+in\s+a\s+new\s+(?:tab|window)\b"
    r"|all\s+rights\s+reserved",
    re.I,
)
_COOKIE = re.compile(
    r"\b(?:we|this\s+(?:web)?site|our\s+(?:web)?site|the\s+site)\s+uses?\s+cookies\b"
    r"|\bcookies?\s+(?:policy|settings|preferences|consent|notice)\b"
    r"|\bby\s+(?:continuing|using|browsing)\b.{0,80}\byou\s+(?:agree|consent|accept)\b",
    re.I,
)
_COUNTER = re.compile(r"^(?:read|reads|views?|view-icon|hits|comments?|likes?|shares?)\s*:?\s*\d[\d\s,.]*$", re.I)
_TAGS = re.compile(r"^(?:more\s+about|tags?|tagged|topics?|categor(?:y|ies)|filed\s+under|keywords?)\s*:", re.I)
_RELATIVE_DATE = re.compile(
    r"^(?:(?:posted|published|updated)\s*:?\s*)?\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.I)
# Attempts start only where a run of spaces starts, so a long run costs linear time.
_MENU_SPLIT = re.compile(r"(?<!\s)(?:\s*[|•·»›]\s*|\s+/\s+|\s+[-–—>]\s+)|[|•·»›]|/")
_LETTER = re.compile(r"[^\W\d_]")


def _is_menu(line: str) -> bool:
    """A line made of short items separated by "/", "|", "•", "»" or spaced dashes."""
    items = [i for i in _MENU_SPLIT.split(line) if i.strip()]
    if len(items) < 2 or len(items) > 40:
        return False
    if not all(len(i) <= 30 and len(i.split()) <= 3 for i in items):
        return False
    if sum(1 for i in items if _LETTER.search(i)) < 2:
        return False
    if len(items) >= 3:
        return True
    # Two items only: "Telegram / Instagram", "EN | RU" -- a bar, not "and/or" prose.
    return bool(re.search(r"\s[|/]\s|[|•»›]", line)) and all(len(i.split()) <= 2 for i in items)


def is_furniture(line: str) -> bool:
    """True when a (repaired, stripped) line is page furniture rather than article text.

    Furniture: "top of page", share bars and social-network lists, mailing-list and
    cookie prompts, "All news", "Close", "Read more", "Print", view counters, tag lists,
    menus of short items separated by "/" or "|", a language switcher ("en"), a lone
    symbol. A line holding a date is never furniture here: it may be the dateline.
    """
    s = line.strip()
    if not s:
        return False
    low = s.casefold().rstrip(" .!:…»›>")
    if not _LETTER.search(s):
        return find_date(s) is None  # lone "/", "|", counters -- but keep "28.09.2022"
    if len(s) <= 2 or (len(low) <= 3 and low.isascii() and low.isalpha() and len(s.split()) == 1 and s.islower()):
        return True  # "en", "ru", a lone icon glyph
    if len(s) > 300:
        return False  # long lines are prose, whatever they mention
    if _FURNITURE_EXACT.match(low) or _COUNTER.match(low) or _TAGS.match(low) or _RELATIVE_DATE.match(low):
        return True
    if _FURNITURE_SEARCH.search(low) or _COOKIE.search(low) or (_COPYRIGHT.match(low) and len(s) <= 150):
        return True
    rest = _SHARE_PREFIX.sub("", low)
    tokens = [t for t in re.split(r"[\s,|/•·]+", rest) if t]
    if (rest != low or len(tokens) <= 8) and tokens and all(t in _SOCIAL for t in tokens):
        return True
    if _SHARE_PREFIX.match(low) and not tokens:
        return True
    if "://" in s or low.startswith("www."):
        return False  # an address, not a menu
    return _is_menu(s)


# ------------------------------------------------------------------ headline, dateline, body

_TOP_WINDOW = 8          # the headline and dateline are looked for among the first lines
_DATELINE_MAX_WORDS = 6  # words left on a dateline once date, labels and counters are removed
_DATELINE_LABEL = re.compile(
    r"\b(?:date[d]?|published|posted|updated|submitted|created|on|at|by|read|views?|view-icon)\b\s*:?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b,?"
    r"|\|",
    re.I,
)
_URL_LINE = re.compile(r"^(?:(?:url|link|source|original|address)\s*:\s*)?(https?://\S+|www\.[^\s/]+\.\S+)$", re.I)
_MONTH_DAY = (r"(?:[A-Z][a-zA-Z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-zA-Z]{2,8})(?:,?\s+\d{4})?")
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.'’-]{1,20}(?:[ ][A-Z][A-Za-z.'’-]{1,20}){0,2},?\s+(?:" + _MONTH_DAY + r"\s*)?"
    r"(?:\((?P<agency>[A-Z][A-Za-z&.-]{1,15}(?:[ ][A-Z][A-Za-z&.-]{1,15}){0,2})\)\s*[-–—:]"
    r"|,\s*(?P<agency2>[A-Z]{3,15})\.\s)")
_PUBLISHER_LINE = re.compile(r"^(?:publisher|published\s+by|source|outlet|media)\s*:?\s+(.{2,80})$", re.I)
_ICON_PREFIX = re.compile(r"^[^\w\s\"'“‘(\[]\s+|^[^\x00-\x7f]\s+(?=[^\W\d_])")
_END_OF_SENTENCE = tuple('.!?:;"”»)')
# A line ending in one of these words cannot end a paragraph: the break is a scraping artefact.
_CONTINUES = frozenset("a an the of by to in on at for from with and or as into than that which who whose".split())


def _norm_key(s: str) -> str:
    """Comparison form: casefolded words only (punctuation and spacing ignored)."""
    return " ".join(_WORD.findall(s.casefold()))


def _is_prose(line: str) -> bool:
    return len(line.split()) > 30 or (len(line) >= 120 and line.rstrip().endswith(_END_OF_SENTENCE))


def _title_like(line: str) -> bool:
    words = line.split()
    if not (2 <= len(words) <= 30 and len(line) <= 250):
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False  # a sentence or a label, not a headline
    first = next((c for c in line if c.isalpha()), None)
    if first is None or first.islower() or line.startswith(("•", "-", "*", "–")):
        return False
    return not (find_date(line) and len(words) <= 8)


def _dateline_date(line: str) -> dt.date | None:
    """The date of a dateline ("28 September, 2022", "date 2020-12-02 By Someone")."""
    if len(line) > 160:
        return None
    hit = find_date(line)
    if not hit:
        return None
    d, (start, end) = hit
    rest = _DATELINE_LABEL.sub(" ", line[:start] + " " + line[end:])
    rest = re.sub(r"\d+", " ", rest)
    return d if len(rest.split()) <= _DATELINE_MAX_WORDS else None


_DATE_LABEL = re.compile(r"^\W{0,3}(?:date[d]?|published|posted|updated)(?:\s+on)?\s*:?\s*", re.I)


def _glued_date_label(content: list[str]) -> dt.date | None:
    """The date of a "date 2024-12-19 TASHKENT, ..." label that scraping glued to the
    first paragraph; the label is cut from that line in place (`content` is changed).

    Only among the first lines and only when the line is more than a dateline (a dateline
    on its own line is read, and dropped, by the dateline step).
    """
    for i, line in enumerate(content[:_TOP_WINDOW]):
        m = _DATE_LABEL.match(line)
        if not m or _dateline_date(line):
            continue
        hit = find_date(line[m.end():])
        if hit and hit[1][0] == 0:
            rest = line[m.end() + hit[1][1]:].strip()
            if rest:
                content[i] = rest
            else:
                del content[i]
            return hit[0]
    return None


_WIRE_SEPARATOR = re.compile(r"\s[-–—]\s|\)\s*[-–—:]|:\s*(?=[A-Z])")


def _wire_dateline_date(line: str) -> dt.date | None:
    """The full date of a wire dateline opening the first paragraph ("KITCHENER, ONT.,
    April 23, 2024 — The city ...", "Skopje, 11 January 2020 (MIA) – ..."): the text
    before the first dash or colon, read as a dateline. The line itself is left as it is.
    """
    m = _WIRE_SEPARATOR.search(line, 0, 100)
    if m is None:
        return None
    head = line[:m.start() + (1 if m.group().startswith(")") else 0)]
    hit = find_date(head)
    if hit is None:
        return None
    rest = head[:hit[1][0]] + " " + head[hit[1][1]:]
    if any(w[0].islower() for w in re.findall(r"[^\W\d_][\w.'’-]*", rest)):
        return None  # words of a sentence ("The park said on 3 May 2021 - ..."), not a dateline
    return _dateline_date(head)


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Merge a line into the previous one when the break falls inside a sentence.

    "... in combination with" + "technology transfer, ..." -> one paragraph: the next
    line starts in lower case, or the previous one ends with a preposition or article.
    """
    out: list[str] = []
    joined: set[int] = set()
    for line in lines:
        if out:
            prev = out[-1]
            last_word = prev.rsplit(" ", 1)[-1].casefold()
            starts_lower = line[:1].islower()
            if not prev.endswith(_END_OF_SENTENCE) and (starts_lower or last_word in _CONTINUES):
                out[-1] = f"{prev} {line}"
                joined.add(len(out) - 1)
                continue
        out.append(line)
    # the joining space can complete a mojibake sequence ("à¢" + " " + ...): repair again
    return [repair_text(ln) if i in joined else ln for i, ln in enumerate(out)]


def _assemble(text: str, title: str | None = None, published_date: dt.date | None = None,
              publisher: str | None = None, url: str | None = None) -> Cleaned:
    """Shared tail of every cleaner: repair, drop furniture, find metadata, build the body.

    Metadata passed in (from JSON fields or HTML meta tags) wins over what the text
    shows; lines repeating the given headline are still removed from the body.
    """
    content = [ln for ln in repair_text(text).split("\n") if ln and not is_furniture(ln)]
    if published_date is None:
        published_date = _glued_date_label(content)

    # The top window: lines before the first prose paragraph, at most _TOP_WINDOW of them.
    window: list[int] = []
    for i, ln in enumerate(content[:_TOP_WINDOW]):
        if _is_prose(ln) or (ln.endswith(".") and len(ln.split()) >= 5):
            break  # the article has started: no headline below a full sentence
        window.append(i)
    drop: set[int] = set()

    for i in window:
        m = _URL_LINE.match(content[i])
        if m:
            url = url or m.group(1)
            drop.add(i)
            continue
        m = _PUBLISHER_LINE.match(content[i])
        if m and not find_date(content[i]):
            publisher = publisher or re.sub(r"(?<!\s)\s*\(?(?:https?://|www\.)\S*", "", m.group(1)).strip(" ()") or None
            drop.add(i)

    if publisher is None:
        # a wire dateline names the agency: "HARNBY, March 4 (Velmar Wire) -", "QUORVIA, MAY 2, QPA."
        first = next((ln for i, ln in enumerate(content) if i not in drop and i not in window), "")
        m = _WIRE_DATELINE.match(first)
        if m:
            publisher = m.group("agency") or m.group("agency2")

    dateline = next((i for i in window if i not in drop and _dateline_date(content[i])), None)
    if dateline is not None:
        published_date = published_date or _dateline_date(content[dateline])
        drop.add(dateline)
    if published_date is None:
        lede = next((i for i, _ in enumerate(content) if i not in drop and i not in window), None)
        if lede is not None:
            published_date = _wire_dateline_date(content[lede])

    title_idx: int | None = None
    if title is None:
        above = [i for i in window if dateline is not None and i < dateline and i not in drop]
        candidates = above[::-1][:2] + [i for i in window if i not in drop]
        title_idx = next((i for i in candidates if _title_like(content[i])), None)
        if title_idx is not None:
            title = _ICON_PREFIX.sub("", content[title_idx])
            # Mastheads and slogans above the headline are page furniture too.
            drop.update(i for i in window if i < title_idx and len(content[i].split()) <= 12)
    if title is not None:
        title = " ".join(repair_text(title).split()) or None

    title_key = _norm_key(title) if title else None
    if title_key:
        # "Headline" in the text against "Headline | Site" in <title>, or the other way round.
        for i in window:
            key = _norm_key(content[i])
            if len(key.split()) >= 3 and (title_key.startswith(key + " ") or key.startswith(title_key + " ")):
                drop.add(i)
    seen: set[str] = set()
    body_lines: list[str] = []
    for i, ln in enumerate(content):
        if i in drop:
            continue
        key = _norm_key(_ICON_PREFIX.sub("", ln))
        if title_key and key == title_key:
            continue  # the headline, or a repeat of it further down the page
        if key in seen and len(key.split()) >= 5:
            continue  # a paragraph the page shows twice
        seen.add(key)
        body_lines.append(ln)
    if not body_lines and title_idx is not None:
        body_lines = [content[title_idx]]  # a headline alone is still the article's text
    body = "\n\n".join(_join_broken_lines(body_lines))
    return Cleaned(title=plain_field(title), published_date=published_date,
                   publisher=plain_field(publisher, 120), url=plain_url(url),
                   body=_LONE_SURROGATE.sub("\ufffd", body))


def clean_plain_text(text: str) -> Cleaned:
    """Clean a scraped plain-text article (page furniture included).

    In: the decoded file text. Out: `Cleaned` with the headline, dateline date, publisher
    and URL when stated near the top, and the body without them or the furniture.
    """
    return _assemble(text)


# Every repeat is bounded or cannot overlap the next attempt, so a run of "[[[[",
# "![![" or "****" costs linear time (tests/test_regex_audit.py times each pattern).
_MD_IMAGE = re.compile(r"!\[[^\[\]]{0,1000}\]\([^()\s]{0,2000}(?:\s+\"[^\"\n]{0,300}\")?\)")
_MD_LINK = re.compile(r"\[([^\[\]]{1,1000})\]\((?:[^()\s]{1,2000})(?:\s+\"[^\"\n]{0,300}\")?\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|(?<![ \t])[ \t]+#+[ \t]*$", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,300}?)(?<=\S)\1")
_MD_RULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M)


def markdown_to_text(text: str) -> str:
    """Strip the Markdown syntax that would otherwise reach the body.

    In: Markdown. Out: plain text -- heading marks, images, link targets, bold markers
    and horizontal rules removed; list items and paragraphs kept as lines.
    """
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


# ------------------------------------------------------------------ HTML

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "header", "footer", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "hr", "nav",
               "aside", "main", "form", "address", "td", "th")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def _strip_tags(html: str) -> tuple[str, str | None]:
    """Fallback extraction: visible text of <body> (or the whole document) and the <title>.

    Script, style and similar elements are dropped with their content; block elements
    become line breaks. Works on truncated markup (lxml repairs it).
    """
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return "", None
    title = root.findtext(".//title")
    body = root.find("body")
    node = body if body is not None else root
    for el in list(node.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in node.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    return node.text_content(), (title.strip() or None) if title else None


_META_DATE_KEYS = frozenset({
    "article:published_time", "og:published_time", "article.published", "datepublished", "date", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
    "dcterms.created", "citation_publication_date", "citation_date", "parsely-pub-date", "sailthru.date",
    "original-publish-date", "article_date_original", "cxenseparse:recs:publishtime",
})
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def html_meta_date(html: str) -> dt.date | None:
    """The publication date stated in a page's structured markup, or None.

    In: HTML. Out: the date from <meta> tags (article:published_time, date, DC.date,
    ...), itemprop="datePublished" or JSON-LD "datePublished". Text on the page is not
    searched: a sidebar or archive date is not the article's date.
    """
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        root = lxml_html.document_fromstring(html)
    except (ParserError, ValueError):
        return None
    for el in root.iter("meta", "time", "span", "div", "p"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().casefold()
        if key in _META_DATE_KEYS:
            value = el.get("content") or el.get("datetime") or el.text_content()
            d = parse_date(value) if value else None
            if d:
                return d
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or ""):
            m = _JSONLD_DATE.search(script.text or "")
            d = parse_date(m.group(1)) if m else None
            if d:
                return d
    return None


def clean_html(html: str) -> Cleaned:
    """Clean a saved web page.

    In: the decoded HTML. Out: `Cleaned`. trafilatura finds the main text and the
    title, site name and URL. The date comes from structured markup only
    (`html_meta_date`), never from sidebar text; failing that, from a dateline in the
    text. When trafilatura finds nothing (a short page, a fragment, truncated markup),
    the visible text of the page is used instead. Either way the text then goes
    through the plain-text cleaner, so furniture lines are removed the same way.
    """

    import trafilatura

    html = _XML_DECL.sub("", _NOT_XML.sub(" ", html))  # lxml refuses control characters
    doc: Any = None  # a trafilatura Document
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    except Exception:  # trafilatura raises on some malformed trees; the fallback copes
        doc = None
    text = (doc.text or "") if doc is not None else ""
    title = (doc.title or None) if doc is not None else None
    published = html_meta_date(html)
    publisher = url = None
    if doc is not None:
        publisher = doc.sitename or None
        url = doc.url or None
    if not text.strip():
        text, fallback_title = _strip_tags(html)
        title = title or fallback_title
    if title is not None and (is_furniture(title) or not _LETTER.search(title)):
        title = None
    return _assemble(text, title=title, published_date=published, publisher=publisher, url=url)


# ------------------------------------------------------------------ JSON

def _str_field(obj: dict, key: str) -> str | None:
    v = obj.get(key)
    return v.strip() or None if isinstance(v, str) else None


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def plain_field(value: str | None, max_chars: int = 300) -> str | None:
    """A metadata field (title, publisher) as plain text: no markup, no lone surrogates
    (they cannot be written as UTF-8), spaces collapsed, at most `max_chars`."""
    if value is None:
        return None
    from html import unescape

    value = _LONE_SURROGATE.sub("\ufffd", unescape(_TAG.sub(" ", value)))
    value = " ".join(value.split())
    if len(value) > max_chars:
        value = value[:max_chars].rsplit(" ", 1)[0] + "…"
    return value or None


def plain_url(value: str | None) -> str | None:
    """A URL as published: one token of printable characters that can be written as
    UTF-8, or None."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 2000 or _LONE_SURROGATE.search(value) or any(c.isspace() for c in value) \
            or not value.isprintable():
        return None
    return value


def clean_json_article(obj: dict) -> Cleaned:
    """Clean one JSON article object.

    In: a dict with a "text" string and optional "title", "url", "published_date",
    "publisher" strings (other types are ignored). Out: `Cleaned`; fields given in the
    object win over what the text shows, and a "published_date" that is not a full,
    plausible date is dropped.
    """
    text = obj.get("text")
    text = text if isinstance(text, str) else ""
    raw_date = _str_field(obj, "published_date")
    return _assemble(
        text,
        title=_str_field(obj, "title"),
        published_date=parse_date(raw_date) if raw_date else None,
        publisher=_str_field(obj, "publisher"),
        url=_str_field(obj, "url"),
    )
