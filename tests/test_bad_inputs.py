"""Every kind of hostile input gets its expected outcome, and good files still get through."""
from __future__ import annotations

from collections import defaultdict
import pytest

from pipeline.ingest.sources import REASONS, ingest_path, mark_duplicates, scan_raw_folder
from pipeline.models import Article, Reject

try:
    from badinput import BAD_INPUT_LIMITS, Expected, vanish, write_bad_inputs
except ImportError:  # tests/ imported as a package
    from tests.badinput import BAD_INPUT_LIMITS, Expected, vanish, write_bad_inputs


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Expected], list[Article], list[Reject], list[str]]:
    raw = tmp_path_factory.mktemp("bad") / "raw"
    expected = write_bad_inputs(raw)
    listed = scan_raw_folder(raw)
    vanish(raw)  # the file disappears between the scan and the read
    articles: list[Article] = []
    rejects: list[Reject] = []
    for rel in listed:
        a, r = ingest_path(raw, rel, BAD_INPUT_LIMITS)
        articles += a
        rejects += r
    kept, dup_rejects = mark_duplicates(articles)
    return expected, kept, rejects + dup_rejects, listed


def test_corpus_is_broad(corpus) -> None:
    expected, *_ = corpus
    assert len(expected) >= 25
    assert len({r for e in expected.values() for r in e.reasons}) >= 13


def test_every_file_is_listed_and_accounted_for(corpus) -> None:
    expected, articles, rejects, listed = corpus
    assert set(listed) == set(expected)
    seen = {a.source_path for a in articles} | {r.source_path.split("#L")[0] for r in rejects}
    assert seen == set(expected), "a file was silently skipped"


def test_each_kind_gets_its_expected_outcome(corpus) -> None:
    expected, articles, rejects, _ = corpus
    got_articles: dict[str, list[Article]] = defaultdict(list)
    got_reasons: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        got_articles[a.source_path].append(a)
    for r in rejects:
        got_reasons[r.source_path.split("#L")[0]].append(r.reason)
    by_id = {a.article_id: a for a in articles}
    problems = []
    for rel, exp in sorted(expected.items()):
        arts = got_articles[rel]
        if sorted(got_reasons[rel]) != sorted(exp.reasons) or len(arts) != exp.articles:
            problems.append(f"{rel}: reasons {sorted(got_reasons[rel])} articles {len(arts)}; expected {exp}")
            continue
        bodies = "\n".join(a.body for a in arts)
        problems += [f"{rel}: body lacks {s!r}" for s in exp.contains if s not in bodies]
        problems += [f"{rel}: body holds {s!r}" for s in exp.absent if s in bodies]
        if exp.title is not None and [a.title for a in arts] != [exp.title]:
            problems.append(f"{rel}: title {[a.title for a in arts]}")
        if exp.language is not None and [a.language for a in arts] != [exp.language]:
            problems.append(f"{rel}: language {[a.language for a in arts]}")
        for a in arts:
            want = exp.duplicate_of
            have = by_id[a.duplicate_of].source_path if a.duplicate_of else None
            if have != want:
                problems.append(f"{rel}: duplicate_of {have!r}, expected {want!r}")
    assert not problems, "\n".join(problems)


def test_rejects_are_well_formed(corpus) -> None:
    _, _, rejects, _ = corpus
    for r in rejects:
        assert r.stage == "ingest"
        assert r.reason in REASONS
        assert len(r.message.strip()) > 20, r
        assert r.sha256 is None or len(r.sha256) == 64


def test_good_files_still_processed(corpus) -> None:
    expected, articles, _, _ = corpus
    good = {rel for rel, e in expected.items() if e.articles}
    assert good <= {a.source_path for a in articles}
    for a in articles:
        assert a.body.strip() and a.word_count > 0
        assert a.article_id == a.sha256[:16]


def test_duplicate_reject_names_the_kept_copy(corpus) -> None:
    _, _, rejects, _ = corpus
    (dup,) = [r for r in rejects if r.source_path == "dup/b-copy.txt"]
    assert "dup/a-original.txt" in dup.message


def test_symlink_target_outside_is_never_read(corpus) -> None:
    _, articles, _, _ = corpus
    assert not any("Secret Park" in a.body for a in articles)
