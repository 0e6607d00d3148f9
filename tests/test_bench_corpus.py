"""The benchmark's corpus generator: deterministic, append-only, realistic in shape.

Fast (well under 10 s): only a few dozen articles are generated; the benchmark itself
(bench.run) is never started here.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path
import pytest

from bench.corpus import (FURNITURE_BOTTOM, FURNITURE_SHARE, FURNITURE_TOP, MAX_WORDS,
                          MIN_WORDS, article_text, generate_corpus)

ROOT = Path(__file__).resolve().parent.parent
FURNITURE = (*FURNITURE_TOP, *FURNITURE_SHARE, *FURNITURE_BOTTOM)
DATELINE = re.compile(r"^(\d{1,2} [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})$", re.M)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_the_same_bytes(tmp_path: Path):
    a = generate_corpus(tmp_path / "a", 20, seed=7)
    generate_corpus(tmp_path / "b", 20, seed=7)
    assert [p.name for p in a] == [f"article-{i:06d}.txt" for i in range(1, 21)]
    assert digests(tmp_path / "a") == digests(tmp_path / "b")


def test_another_seed_gives_other_articles(tmp_path: Path):
    assert article_text(0, seed=1) != article_text(0, seed=2)
    texts = [article_text(i) for i in range(30)]
    assert len(set(texts)) == 30


@pytest.mark.slow
def test_same_bytes_in_a_fresh_interpreter(tmp_path: Path):
    """No dependence on PYTHONHASHSEED (set iteration) or other per-process state."""
    generate_corpus(tmp_path / "here", 5, seed=3)
    subprocess.run([sys.executable, "-m", "bench.corpus", str(tmp_path / "there"), "5",
                    "--seed", "3"], cwd=ROOT, check=True, capture_output=True,
                   env={"PYTHONHASHSEED": "12345", "PATH": ""})
    assert digests(tmp_path / "here") == digests(tmp_path / "there")


def test_start_offset_adds_without_changing_earlier_files(tmp_path: Path):
    folder = tmp_path / "raw"
    generate_corpus(folder, 10, seed=0)
    before = digests(folder)
    new = generate_corpus(folder, 1, seed=0, start=10)
    assert [p.name for p in new] == ["article-000011.txt"]
    after = digests(folder)
    assert {k: v for k, v in after.items() if k in before} == before
    # The added article is the one a corpus of 11 would have had.
    generate_corpus(tmp_path / "eleven", 11, seed=0)
    assert digests(tmp_path / "eleven") == after


def test_word_counts_in_range_and_valid_utf8(tmp_path: Path):
    paths = generate_corpus(tmp_path, 60, seed=0)
    counts = []
    for p in paths:
        text = p.read_bytes().decode("utf-8")   # raises if not valid UTF-8
        assert "\r" not in text and "\x00" not in text
        counts.append(len(text.split()))
    assert all(MIN_WORDS <= c <= MAX_WORDS for c in counts), (min(counts), max(counts))
    assert max(counts) - min(counts) > 100   # lengths vary, as real articles do


def test_articles_have_headline_furniture_and_paragraphs(tmp_path: Path):
    texts = [p.read_text(encoding="utf-8") for p in generate_corpus(tmp_path, 60, seed=0)]
    for t in texts:
        lines = [ln for ln in t.splitlines() if ln.strip()]
        assert any(ln in FURNITURE for ln in lines), "every article carries page furniture"
        paragraphs = [ln for ln in lines if len(ln.split()) >= 12]
        assert len(paragraphs) >= 4
    joined = "\n".join(texts)
    # Each kind of furniture and content the brief asks for turns up across the corpus.
    for needle in ("Share:", "top of page", "Subscribe to our newsletter", "Home",
                   "memorandum", "delegation", "with the support of", "said"):
        assert needle in joined, needle
    with_dateline = sum(bool(DATELINE.search(t)) for t in texts)
    assert 0 < with_dateline < len(texts), "datelines are usual but sometimes absent"
    assert re.search(r"\([A-Z]{2,}\)", joined), "some acronyms are defined in brackets"
