"""Extraction cache entries for generated articles, made without spaCy.

The memory benchmark (bench.memory) runs resolve, validation and publishing on up to
100,000 generated articles; running spaCy over that many is out of reach on a small
machine, so every extraction there is a cache hit on an entry made here. The generator
(bench.corpus) draws each article's organisations from a fixed pool, so this module
knows what an article names: it finds every pool name (and the acronym of every
organisation found) in the cleaned body, and builds an `ArticleExtraction` from them:

- one `LocalOrg` per organisation named, with type, country (ISO code) and city from
  the pool, its acronym as an alias when the article uses it;
- one `OrgMention` per occurrence, at its exact offsets in the cleaned body, so the
  cache's checks (`ExtractionCache.get`: key, version, mentions quote the body) pass;
- an agreement between the first two organisations named (their sentence as evidence,
  signed on the publication date) when the article speaks of one, and a visit or meeting
  between them otherwise, with the further organisations as participants.

The figures are close to what the real extractor reads from the same articles (per
article: organisations, mentions, agreements, engagements; `bench.memory --calibrate`
compares them), which is what memory depends on: the number and size of the rows.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from bench.corpus import Org, org_pool
from pipeline.models import (
    ArticleExtraction,
    LocalAgreement,
    LocalEngagement,
    LocalOrg,
    Member,
    OrgMention,
)

ORG_TYPE = {"park": "technology_park", "hub": "incubator_accelerator", "cluster": "it_cluster",
            "agency": "government_body", "ministry": "government_body",
            "incubator": "incubator_accelerator", "university": "academic",
            "association": "association"}


_WORD_START = re.compile(r"\b[A-Z]")


@lru_cache(maxsize=4)
def _pool_index(seed: int) -> tuple[dict[str, list[str]], dict[str, Org], dict[str, str | None]]:
    """(first word -> pool names starting with it, longest first; name -> Org;
    country -> ISO code). Every pool name starts with a capital letter."""
    from pipeline.reference.geo import country_code

    pool = org_pool(seed)
    by_name = {o.name: o for o in pool}
    by_first: dict[str, list[str]] = {}
    for name in sorted(by_name, key=len, reverse=True):
        by_first.setdefault(name.split(" ", 1)[0], []).append(name)
    codes = {o.country: country_code(o.country) for o in pool}
    return by_first, by_name, codes


def find_names(body: str, seed: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, name) of every pool name in `body`, leftmost-longest, not overlapping,
    at word boundaries (what a regex alternation of the names, longest first, between
    `\\b`s finds; a dictionary per first word is ~50 times faster)."""
    by_first, _, _ = _pool_index(seed)
    found: list[tuple[int, int, str]] = []
    end = 0
    for m in _WORD_START.finditer(body):
        i = m.start()
        if i < end:
            continue
        j = i
        while j < len(body) and not body[j].isspace():
            j += 1
        for name in by_first.get(body[i:j].rstrip(".,;:!?)\"'”"), ()):
            k = i + len(name)
            if body.startswith(name, i) and (k == len(body) or not (body[k].isalnum() or body[k] == "_")):
                found.append((i, k, name))
                end = k
                break
    return found


def _sentence(body: str, start: int, end: int) -> str:
    """The sentence around body[start:end] (at most ~400 characters)."""
    a = max(body.rfind(". ", 0, start) + 2, body.rfind("\n", 0, start) + 1, start - 200, 0)
    stops = [i for i in (body.find(". ", end), body.find("\n", end)) if i >= 0]
    b = min(min(stops) + 1 if stops else len(body), end + 200)
    return body[a:b].strip()


def synthetic_extraction(article_id: str, body: str, published: dt.date | None,
                         extractor_version: str, seed: int = 0) -> ArticleExtraction:
    """The extraction of one generated article's cleaned `body` (see the module doc)."""
    _, by_name, codes = _pool_index(seed)
    orgs: list[LocalOrg] = []
    index: dict[str, int] = {}
    mentions: list[OrgMention] = []
    first_at: list[tuple[int, int]] = []
    for start, end, name in find_names(body, seed):
        o = by_name[name]
        if name not in index:
            index[name] = len(orgs)
            orgs.append(LocalOrg(name=name, org_type=ORG_TYPE[o.kind],
                                 country=codes[o.country], city=o.city, confidence=0.9))
            first_at.append((start, end))
        k = index[name]
        mentions.append(OrgMention(k, name, start, end,
                                   "head" if first_at[k][0] == start else "sweep"))
    for name, k in index.items():
        acr = by_name[name].acronym
        if not acr:
            continue
        found = list(re.finditer(rf"\b{re.escape(acr)}\b", body))
        if found:
            orgs[k].aliases.append(acr)
            mentions += [OrgMention(k, acr, m.start(), m.end(), "acr") for m in found]
    mentions.sort(key=lambda m: (m.char_start, m.char_end))
    agreements: list[LocalAgreement] = []
    engagements: list[LocalEngagement] = []
    if len(orgs) >= 2:
        evidence = _sentence(body, *first_at[1])
        low = body.lower()
        if any(w in low for w in ("memorandum", "agreement", "signed", "grant")):
            kind = "memorandum_of_understanding" if "memorandum" in low else "cooperation_agreement"
            signed = "will sign" not in low and "plan to sign" not in low
            agreements.append(LocalAgreement(
                agreement_type=kind, status="signed" if signed else "planned",
                parties=[Member(0, "party"), Member(1, "party")], evidence=evidence,
                signed_date=published if signed else None, confidence=0.8))
        if agreements == [] or len(orgs) > 2:
            kind = "visit" if "visit" in low else ("forum" if "forum" in low else "meeting")
            engagements.append(LocalEngagement(
                engagement_type=kind, status="occurred",
                participants=[Member(0, "host"), Member(1, "visitor"),
                              *(Member(k, "participant") for k in range(2, min(len(orgs), 5)))],
                evidence=evidence, start_date=published, end_date=published, confidence=0.8))
    return ArticleExtraction(article_id=article_id, extractor_version=extractor_version,
                             organisations=orgs, mentions=mentions, agreements=agreements,
                             engagements=engagements)


_DATELINE = re.compile(r"^(?:(\d{1,2}) ([A-Z][a-z]+),? (\d{4})|([A-Z][a-z]+) (\d{1,2}), (\d{4}))$")


def cleaned_article(index: int, seed: int = 0):
    """Generated article `index` as ingest would roughly leave it, read off the
    generator's own layout instead of running the cleaner (~20 ms of CPU an article):
    the furniture lines dropped, the first line the title, a dateline the publication
    date, the rest the body. Close to, not the same as, what ingest makes of the file
    (the cleaner also repairs punctuation and may keep a headline in the body); the
    memory benchmark needs articles of the right number and size, not exact ones."""
    import hashlib

    from bench.corpus import (FURNITURE_BOTTOM, FURNITURE_SHARE, FURNITURE_TOP, MONTHS,
                              article_name, article_text)
    from pipeline.models import Article

    text = article_text(index, seed)
    raw = text.encode("utf-8")
    furniture = {*FURNITURE_TOP, *FURNITURE_SHARE, *FURNITURE_BOTTOM}
    lines = [ln for ln in text.split("\n") if ln.strip() not in furniture]
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines.pop(0).strip() if lines else None
    date = None
    rest = [ln for ln in lines if ln.strip()]
    if rest and (m := _DATELINE.match(rest[0].strip())):
        day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        date = dt.date(int(year), MONTHS.index(month) + 1, int(day))
        lines.remove(rest[0])
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    sha = hashlib.sha256(raw).hexdigest()
    return Article(article_id=sha[:16], sha256=sha, source_path=article_name(index), title=title,
                   published_date=date, publisher=None, url=None, language="en", body=body,
                   word_count=len(body.split()))
