"""The memory benchmark's synthesised extraction cache entries (bench.synthetic): the
extract step must take every one as a valid cache hit, so they have to pass the cache's
own checks against the article as ingest cleans it. Fast: 20 generated articles, no spaCy.
"""
from __future__ import annotations

import re
from pathlib import Path

from bench.corpus import generate_corpus, org_pool
from bench.synthetic import find_names, synthetic_extraction
from pipeline.cache import ExtractionCache, content_key
from pipeline.ingest.sources import ingest_path
from pipeline.models import MENTION_RULES, ORG_TYPES
from pipeline.settings import PipelineSettings


def _articles(tmp_path: Path, n: int = 20):
    paths = generate_corpus(tmp_path / "raw", n, seed=3)
    limits = PipelineSettings(raw_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "out")).limits
    out = []
    for p in paths:
        arts, rejects = ingest_path(tmp_path / "raw", p.name, limits)
        assert not rejects
        out += arts
    return out


def test_synthesised_entries_pass_the_cache_checks(tmp_path: Path):
    cache = ExtractionCache(tmp_path / "cache", "v-test")
    articles = _articles(tmp_path)
    for a in articles:
        x = synthetic_extraction(a.article_id, a.body, a.published_date, "v-test", seed=3)
        assert x.organisations and x.mentions
        assert {o.org_type for o in x.organisations} <= set(ORG_TYPES)
        assert {m.rule for m in x.mentions} <= set(MENTION_RULES)
        cache.put(content_key(a.body, a.title, a.published_date), x)
    for a in articles:
        hit = cache.get(content_key(a.body, a.title, a.published_date), a.article_id, a.body)
        assert hit is not None, cache.invalid
    assert cache.invalid == []
    # events: an agreement or an engagement in most generated articles
    xs = [synthetic_extraction(a.article_id, a.body, a.published_date, "v", seed=3) for a in articles]
    assert sum(bool(x.agreements or x.engagements) for x in xs) >= len(xs) // 2


def test_names_found_as_a_regex_alternation_would(tmp_path: Path):
    names = sorted({o.name for o in org_pool(3)}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    for a in _articles(tmp_path, 8):
        assert find_names(a.body, seed=3) == [(m.start(), m.end(), m.group())
                                              for m in pattern.finditer(a.body)]
