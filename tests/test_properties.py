"""Property tests (hypothesis) of cleaning, ingest, extraction and resolution on
arbitrary Unicode: nothing raises, everything that reaches a table is valid UTF-8,
offsets point at what they claim, and ids do not depend on re-runs or input order.

The spaCy model is the real one (pipeline.extract.nlp.load_nlp, loaded once).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import schemas
from pipeline.ingest.clean import clean_plain_text, repair_text
from pipeline.extract import ArticleInput, extract_articles
from pipeline.ingest.sources import REASONS, Limits, ingest_bytes, mark_duplicates
from pipeline.models import ArticleExtraction
from pipeline.reference.registry import default_registry
from pipeline.resolve.tables import build_tables

ARTICLES = Path(__file__).parent / "articles"
LIMITS = Limits(max_file_bytes=200_000, max_jsonl_lines=50, max_article_chars=50_000)
FAST = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Every code point, surrogates and control characters included: text decoded from a
# JSON "\ud800" escape, or pasted from anywhere, can hold any of them.
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=200)
# Scripts and characters the sources really mix: Latin, Cyrillic (homoglyphs), Arabic,
# CJK, combining marks, NBSP, soft hyphen, zero-width and directional marks, emoji.
MIXED = st.text(st.sampled_from(
    list("ParkHubTechСеАОРрaeio ,.;:()'\"-\n") + ["\u00a0", "\u00ad", "\u200b", "\u200d", "\u200e",
                                               "\u0301", "\ufeff", "\u2028", "\r", "\t", "ع", "中",
                                               "🙂", "İ", "ß", "ﬁ", "Ⅻ", "\x00", "\x85"]),
    max_size=200)
ORG_PHRASES = [
    "The Aurora Technology Park (Finland)", "signed a memorandum of understanding with",
    "the Riga Digital Innovation Hub", "IT Park Uzbekistan", "Astana Hub", "HTP",
    "a delegation of the Nairobi Innovation Cluster visited", "in Tashkent on 12 March 2024.",
    "Tehnopol", "Ministry of Digital Development", "hosted", "(Kazakhstan)", "and", ".", "\n\n",
    "Tallinn Science Park Tehnopol", "will sign a cooperation agreement next year",
]
BODY = st.lists(st.one_of(ANY_TEXT, MIXED, st.sampled_from(ORG_PHRASES)), max_size=14).map(" ".join)


def utf8_ok(s: str | None) -> bool:
    if s is None:
        return True
    try:
        s.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


# ------------------------------------------------------------------------ cleaning


@FAST
@given(st.one_of(ANY_TEXT, MIXED, BODY))
def test_repair_and_clean_never_raise_and_give_utf8(text: str) -> None:
    fixed = repair_text(text)
    assert utf8_ok(fixed) and "\r" not in fixed
    c = clean_plain_text(text)
    for v in (c.title, c.publisher, c.url, c.body):
        assert v is None or (isinstance(v, str) and utf8_ok(v))
    if c.published_date is not None:
        assert dt.date(1990, 1, 1) <= c.published_date <= dt.date.today() + dt.timedelta(days=366)


# ------------------------------------------------------------------------ ingest


def encodings(text: str) -> list[tuple[str, bytes]]:
    safe = text.encode("utf-8", "surrogatepass")  # lone surrogates as raw bytes
    return [
        ("utf-8", safe),
        ("utf-8-sig", b"\xef\xbb\xbf" + safe),
        ("utf-16", text.encode("utf-16", "surrogatepass")),
        ("cp1251", text.encode("cp1251", "replace")),
        ("latin-1", text.encode("latin-1", "replace")),
    ]


@pytest.mark.slow
@FAST
@given(BODY, st.one_of(st.none(), ANY_TEXT), st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_ingest_bytes_of_any_text_in_any_encoding(text: str, title: str | None, suffix: str) -> None:
    payloads = [(f"a{suffix}", data) for _, data in encodings(text)]
    doc = {"text": text}
    if title is not None:
        doc["title"] = title
    as_json = json.dumps(doc).encode()  # \\uXXXX escapes, surrogates included
    payloads += [("a.json", as_json), ("a.jsonl", as_json + b"\n" + json.dumps({"text": title}).encode())]
    for rel, data in payloads:
        articles, rejects = ingest_bytes(rel, data, LIMITS)
        assert all(r.reason in REASONS and r.reason != "internal_error" for r in rejects), rejects
        for a in articles:
            assert a.body.strip() and a.article_id == a.sha256[:16]
            assert all(utf8_ok(v) for v in (a.title, a.publisher, a.url, a.body, a.source_path))
            assert len(a.language) == 2
        # A re-run gives the same articles and ids.
        again, again_rejects = ingest_bytes(rel, data, LIMITS)
        assert again == articles and again_rejects == rejects


# ------------------------------------------------------------------------ extraction


@pytest.fixture(scope="module")
def nlp():
    from pipeline.extract.nlp import load_nlp

    return load_nlp()


def check_extraction(x: ArticleExtraction, inp: ArticleInput) -> None:
    n = len(x.organisations)
    for m in x.mentions:
        assert 0 <= m.entity < n
        assert 0 <= m.char_start < m.char_end <= len(inp.body)
        assert inp.body[m.char_start:m.char_end] == m.surface
    for o in x.organisations:
        assert o.name and utf8_ok(o.name) and all(utf8_ok(a) for a in o.aliases)
    for g in x.agreements:
        assert all(0 <= p.entity < n for p in g.parties) and utf8_ok(g.evidence)
    for e in x.engagements:
        assert all(0 <= p.entity < n for p in e.participants) and utf8_ok(e.evidence)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(BODY, st.one_of(st.none(), MIXED),
                          st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))),
                min_size=1, max_size=4),
       st.booleans())
# A lone surrogate (what json.loads makes of "\ud800") in a body that did not go
# through repair_text: spaCy cannot encode it.
@pytest.mark.slow
@example(items=[("\ud800", None, None)], cleaned=False)
def test_extraction_never_fails_and_is_repeatable(nlp, items, cleaned: bool) -> None:
    inputs = [ArticleInput(f"{i:016x}", repair_text(b) if cleaned else b, t, d)
              for i, (b, t, d) in enumerate(items)]
    first = list(extract_articles(inputs))
    second = list(extract_articles(list(reversed(inputs))))[::-1]
    assert len(first) == len(inputs)
    for inp, x, y in zip(inputs, first, second):
        assert not isinstance(x, Exception), f"{type(x).__name__}: {x} on {inp.body!r}"
        assert x.article_id == inp.article_id
        check_extraction(x, inp)
        assert x.to_json() == y.to_json()
        assert ArticleExtraction.from_json(x.to_json()).to_json() == x.to_json()


def test_one_article_spacy_cannot_read_does_not_stop_the_others(nlp) -> None:
    """extract_articles promises one result per input, the exception for an article
    that fails, "so one article that trips a rule never stops the others". A body
    spaCy's tokenizer rejects (a lone surrogate) must not take the good one down."""
    good = ArticleInput("a" * 16, "The Astana Hub signed a memorandum of understanding with "
                                  "IT Park Uzbekistan in Tashkent on 12 March 2024.")
    bad = ArticleInput("b" * 16, "The Astana Hub \ud800 signed.")
    results = list(extract_articles([good, bad]))
    assert len(results) == 2
    assert isinstance(results[0], ArticleExtraction) and results[0].organisations
    assert isinstance(results[1], (ArticleExtraction, Exception))


# ------------------------------------------------------------------------ resolution


@pytest.fixture(scope="module")
def corpus(nlp):
    """Real articles (tests/articles) ingested and extracted once."""
    paths = sorted((ARTICLES / "pipeline").glob("*")) + sorted((ARTICLES / "robustness").glob("*.txt"))
    paths += sorted((ARTICLES / "events").glob("*.txt"))[:16]
    articles = []
    for p in paths:
        got, _ = ingest_bytes(p.name, p.read_bytes(), LIMITS)
        articles += got
    articles, _ = mark_duplicates(articles)
    inputs = [ArticleInput(a.article_id, a.body, a.title, a.published_date) for a in articles]
    extractions = {}
    for inp, x in zip(inputs, extract_articles(inputs)):
        assert not isinstance(x, Exception), x
        extractions[inp.article_id] = x
    registry = default_registry()
    return articles, extractions, registry


def sorted_rows(tables, name: str) -> list[tuple]:
    df = schemas.coerce(name, tables[name])
    return sorted(tuple(json.dumps(v, default=str, sort_keys=True) if not isinstance(v, str) else v
                        for v in row) for row in df.astype(object).itertuples(index=False, name=None))


def fresh_copy(extractions):
    return {k: ArticleExtraction.from_json(v.to_json()) for k, v in extractions.items()}


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_build_tables_ids_do_not_depend_on_input_order(corpus, rnd: random.Random) -> None:
    articles, extractions, registry = corpus
    base = build_tables(articles, fresh_copy(extractions), registry)
    assert len(base["organisations"]) >= 10 and len(base["agreements"]) >= 3
    shuffled_articles = list(articles)
    rnd.shuffle(shuffled_articles)
    keys = list(extractions)
    rnd.shuffle(keys)
    copies = fresh_copy(extractions)
    other = build_tables(shuffled_articles, {k: copies[k] for k in keys}, registry)
    for t in ("organisations", "mentions", "agreements", "agreement_parties", "engagements",
              "engagement_participants", "articles"):
        assert sorted_rows(base, t) == sorted_rows(other, t), t


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_adding_articles_never_changes_ids_of_entities_they_do_not_touch(corpus, rnd) -> None:
    """Contract: "adding an article never changes the id of an entity it does not touch"."""
    articles, extractions, registry = corpus
    subset = [a for a in articles if rnd.random() < 0.6]
    kept = {a.article_id for a in subset}
    full = build_tables(articles, fresh_copy(extractions), registry)
    part = build_tables(subset, fresh_copy({k: v for k, v in extractions.items() if k in kept}),
                        registry)
    for table, key in (("organisations", "org_id"), ("agreements", "agreement_id"),
                       ("engagements", "engagement_id")):
        full_df = schemas.coerce(table, full[table])
        part_ids = set(schemas.coerce(table, part[table])[key])
        for row in full_df.itertuples(index=False):
            if set(row.source_article_ids) <= kept:  # the added articles do not touch it
                assert getattr(row, key) in part_ids, (table, row)
