"""Bounded extraction: adversarial articles finish in bounded time or are rejected, and
nothing an article does can stall the worker pool (issue 12, findings 1 and 2).

The inputs are written here: long lists of one name, walls of punctuation with no
space, capitalised words joined by hyphens."""
from __future__ import annotations

import time

import pytest
from badinput import adversarial

from pathlib import Path

from pipeline.extract import ArticleInput, extract_one
from pipeline.extract.bounds import (MAX_SENT_TOKENS, MAX_SENTENCE_TOKENS, TooComplex, cap_sentences,
                                     check_complexity, prepare_text)
from pipeline.ingest.sources import Limits, ingest_path
from pipeline.workers import ArticleFailed, ExtractionPool, article_budget, extract_bounded

TESTS = Path(__file__).resolve().parent


KINDS = ("comma_list", "and_list", "hyphens", "commas", "parens", "bangs", "caps")
LISTS = ("comma_list", "and_list", "hyphens", "forum_list", "caps")  # one sentence of thousands of tokens


@pytest.fixture(scope="module")
def nlp():
    from pipeline.extract.nlp import load_nlp
    from pipeline.workers import warm_up

    warm_up()
    return load_nlp()


# ---------------------------------------------------------------- the text pre-pass

@pytest.mark.parametrize("text", [
    "Plain text, with (some) punctuation... and an ellipsis!",
    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
    "a" + "![" * 500 + "b",
    "x" * 300,
    "http://example.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/aa/bb/cc/dd/ee",
    "lone \ud800 surrogate",
])
def test_prepare_text_keeps_every_offset(text):
    out = prepare_text(text)
    assert len(out) == len(text)
    for a, b in zip(text, out):
        assert a == b or b == " " or (b == "\ufffd" and "\ud800" <= a <= "\udfff")


def test_prepare_text_leaves_prose_alone():
    prose = ("On 3 May 2024, Tech Park (Armenia) signed a memorandum with IT-Park Uzbekistan -- "
             "\"a milestone\", its director said... The e-mail is info@techpark.am.")
    assert prepare_text(prose) == prose


def test_prepare_text_blanks_punctuation_walls():
    out = prepare_text("a " + "," * 1000 + " b")
    assert out.startswith("a ,,, ") and out.endswith(" b")
    assert max(len(w) for w in prepare_text("x" + "(-" * 5000).split()) <= 64


def test_cap_sentences_splits_long_lists_at_commas(nlp):
    doc = nlp(prepare_text(adversarial("comma_list", 8000)))
    assert cap_sentences(doc) > 0
    assert all(len(s) <= MAX_SENT_TOKENS for s in doc.sents)
    for s in list(doc.sents)[1:]:
        assert doc[s.start - 1].text == ","  # cut after a comma, never inside a name


def test_cap_sentences_rejects_a_wall_of_names(nlp):
    doc = nlp(prepare_text(adversarial("caps", 4000)))
    with pytest.raises(TooComplex):
        cap_sentences(doc)


def test_normal_sentences_are_not_cut(nlp):
    text = ("The Tartu Technology Park and the Latvian IT Cluster signed a memorandum of understanding "
            "on joint programmes for start-ups, a shared incubator and exchanges of experts in Riga on "
            "Monday, the park said in a statement.")
    doc = nlp(prepare_text(text))
    assert cap_sentences(doc) == 0


# ---------------------------------------------------------------- the pre-check

@pytest.mark.parametrize("size", [32_000, 64_000])
@pytest.mark.parametrize("kind", LISTS)
def test_list_sentences_are_too_complex_before_spacy(kind, size):
    """The list inputs of finding 1 cost 5-15 s each at 32k-64k characters; the
    pre-check rejects them from the text alone (scripts/adversarial_bench.py times it)."""
    text = prepare_text(adversarial(kind, size))
    with pytest.raises(TooComplex) as exc:
        check_complexity(text)
    assert "character" in str(exc.value)
    x = extract_bounded(ArticleInput("a", adversarial(kind, size)))
    assert isinstance(x, ArticleFailed) and x.reason == "too_complex", x
    assert "split it" in x.message


def test_pre_check_limits():
    """One sentence of up to MAX_SENTENCE_TOKENS passes; one token more is rejected, as
    are many long sentences together; line breaks and full stops end sentences."""
    sentence = " ".join(["word"] * MAX_SENTENCE_TOKENS) + "."  # the full stop ends it, not counted
    check_complexity(sentence)
    with pytest.raises(TooComplex, match="one sentence of 1,001 tokens"):
        check_complexity("word " + sentence)
    check_complexity("\n".join([sentence] * 2))
    with pytest.raises(TooComplex, match="sentences of more than 250 tokens hold"):
        check_complexity(" ".join([sentence] * 3))  # 3 x 1,000 long-sentence tokens: over 2,500
    check_complexity(" ".join(["Short sentence of prose."] * 20_000))


def test_real_articles_pass_the_pre_check():
    """Every article of the test corpora (the held-out set, the rule tests, the seeds)
    passes: the pre-check only reaches text that is not prose."""
    seen = 0
    for root in (TESTS / "heldout", TESTS / "articles", TESTS.parent / "raw"):
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in (".txt", ".html", ".json", ".md", ".jsonl"):
                arts, _ = ingest_path(root, str(p.relative_to(root)), Limits())
                for a in arts:
                    check_complexity(prepare_text(a.body))
                    seen += 1
    assert seen > 50


# ---------------------------------------------------------------- linear cost

def _capped_rules(text: str, nlp):
    """The extraction without the pre-check: spaCy, sentence caps, the rules."""
    doc = nlp(prepare_text(text))
    cap_sentences(doc)
    return extract_one(doc, ArticleInput("a", text))


def _best_time(text: str, nlp, repeat: int = 2):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        x = _capped_rules(text, nlp)
        best = min(best, time.perf_counter() - t0)
    return best, x


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["comma_list", "and_list", "hyphens", "bangs"])
def test_adversarial_cost_grows_linearly(kind, nlp):
    """Past the pre-check (a sentence of up to 1,000 tokens, or if its limits are
    raised), the sentence caps keep lists linear: four times the text may cost at
    most ~8 times as much (square growth is 16x)."""
    small, _ = _best_time(adversarial(kind, 4000), nlp)
    big, x = _best_time(adversarial(kind, 16000), nlp)
    assert big < 8 * max(small, 0.02), (kind, small, big)


def test_surfaces_quote_the_original_body(nlp):
    body = ("The Tartu Technology Park!!!!!!!! signed a memorandum of understanding with the Latvian IT "
            "Cluster,,,,,,,, in Riga on 4 March 2024.")
    x = extract_bounded(ArticleInput("a", body))
    assert not isinstance(x, ArticleFailed)
    assert x.mentions
    for m in x.mentions:
        assert body[m.char_start:m.char_end] == m.surface


# ---------------------------------------------------------------- the pool

GOOD = [
    "Tech Park signed a memorandum with IT Park Armenia in Yerevan on 3 May 2024.",
    "The delegation of Astana Hub visited the High Technology Park of Belarus in Minsk.",
]


@pytest.mark.slow
@pytest.mark.parametrize("size", [32_000, 64_000])
def test_adversarial_articles_end_in_budget_or_are_rejected(size, nlp):
    """Each adversarial article at 32k and 64k characters comes back within its budget
    (extracted, `too_complex` or `extract_timeout`) and the good ones are extracted."""
    arts = [ArticleInput(f"g{i}", t) for i, t in enumerate(GOOD)]
    arts += [ArticleInput(k, adversarial(k, size)) for k in KINDS]
    timeout_s = 0.8
    got = {}
    t0 = time.monotonic()
    with ExtractionPool(2, timeout_s=timeout_s, chunk=2) as pool:
        for i, x in pool.run(arts):
            got[arts[i].article_id] = x
    elapsed = time.monotonic() - t0
    assert set(got) == {a.article_id for a in arts}
    for i in range(len(GOOD)):
        assert not isinstance(got[f"g{i}"], ArticleFailed), got[f"g{i}"]
    for k in KINDS:
        x = got[k]
        if isinstance(x, ArticleFailed):
            assert x.reason in ("too_complex", "extract_timeout"), x
    for k in ("comma_list", "and_list", "hyphens", "caps"):
        assert isinstance(got[k], ArticleFailed) and got[k].reason == "too_complex", got[k]
    # two workers, each article at most its budget (+ scheduling slack)
    total_budget = sum(article_budget(len(a.body), timeout_s) for a in arts)
    assert elapsed < total_budget / 2 + 10, (elapsed, total_budget)


def test_timeout_stops_the_article_and_the_rest_go_on(nlp):
    # a budget of 1 s for a short article (a loaded machine needs more than 0.3 s for a
    # forked worker's first article); the slow one gets 9 s and needs far longer
    slow = ArticleInput("slow", adversarial("sentences", 400_000))
    arts = [ArticleInput("g0", GOOD[0]), slow, ArticleInput("g1", GOOD[1])]
    got = {}
    with ExtractionPool(1, timeout_s=1.0) as pool:
        for i, x in pool.run(arts):
            got[arts[i].article_id] = x
    assert isinstance(got["slow"], ArticleFailed) and got["slow"].reason == "extract_timeout"
    assert "400,0" in got["slow"].message or "characters" in got["slow"].message
    assert not isinstance(got["g0"], ArticleFailed) and not isinstance(got["g1"], ArticleFailed)
    assert [o.name for o in got["g1"].organisations]


def test_failing_consumer_reaps_the_workers(nlp):
    """An exception in the parent while workers are busy (e.g. a cache write failing)
    kills them: nothing is left running and the `with` block exits at once."""
    arts = [ArticleInput(f"a{i}", GOOD[i % 2]) for i in range(40)]
    pool = ExtractionPool(2, timeout_s=5, chunk=4)
    t0 = time.monotonic()
    with pytest.raises(OSError):
        with pool:
            for _ in pool.run(arts):
                procs = [w.proc for w in pool.workers]
                raise OSError(30, "Read-only file system")
    assert time.monotonic() - t0 < 30
    assert procs and all(not p.is_alive() for p in procs)
    assert pool.workers == []
