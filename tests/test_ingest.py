"""Ingest: encodings, ids, JSON/JSONL, limits, the file system, language, duplicates."""
from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.sources import (
    REASONS,
    SUPPORTED_SUFFIXES,
    Limits,
    count_words,
    decode_bytes,
    detect_language,
    ingest_bytes,
    ingest_path,
    mark_duplicates,
    scan_raw_folder,
)
from pipeline.models import Article

LIMITS = Limits()

ARTICLE = """Willow Creek Technopark Signs Agreement With Saltmarsh Innovation Agency

28 September, 2022

The Willow Creek Technopark and the Saltmarsh Innovation Agency signed a cooperation agreement in Riga on Wednesday.
The partners will run a joint accelerator for software start-ups and exchange mentors.

"This is a first step towards a regional network of parks," the director of the technopark said.
"""


def one(rel: str, data: bytes, limits: Limits = LIMITS) -> Article:
    articles, rejects = ingest_bytes(rel, data, limits)
    assert rejects == [] and len(articles) == 1, rejects
    return articles[0]


def reasons(rel: str, data: bytes, limits: Limits = LIMITS) -> list[str]:
    return [r.reason for r in ingest_bytes(rel, data, limits)[1]]


# ------------------------------------------------------------------ encodings

RU = "Технопарк «Северный» подписал соглашение с агентством инноваций о сотрудничестве."
FR = "L'agence d'innovation de Genève a signé un accord avec le parc créé à Montréal."


@pytest.mark.parametrize("text, data", [
    (FR, FR.encode("utf-8")),
    (FR, codecs.BOM_UTF8 + FR.encode("utf-8")),
    (FR, FR.encode("utf-16")),                     # with BOM
    (FR, FR.encode("utf-16-le")),                  # without BOM
    (RU, RU.encode("utf-16-be")),                  # without BOM, Cyrillic
    (RU, RU.encode("utf-16-le")),
    (FR, FR.encode("utf-32")),
    (RU, RU.encode("cp1251")),
    (FR, FR.encode("latin-1")),
    (FR, FR.encode("cp1252")),
    ("“Quoted” price €5 — Zoë’s café", "“Quoted” price €5 — Zoë’s café".encode("cp1252")),
    (RU.replace("«", "").replace("»", ""), RU.replace("«", "").replace("»", "").encode("koi8-r")),
    ("Harnby Bilişim Kümesi ile Velmora Yüksek Teknoloji Parkı işbirliği imzaladı.",
     "Harnby Bilişim Kümesi ile Velmora Yüksek Teknoloji Parkı işbirliği imzaladı.".encode("cp1254")),
    ("東京の技術パークが大阪の研究所と協力協定を締結しました。", "東京の技術パークが大阪の研究所と協力協定を締結しました。".encode("shift_jis")),
])
def test_decode_bytes(text: str, data: bytes) -> None:
    assert decode_bytes(data)[0] == text


@pytest.mark.parametrize("text, codec", [
    ("Технопарк", "cp1251"), ("Привет, мир!", "cp1251"), ("ИТ-парк", "cp1251"), ("Ёлка и «ёж» — №5", "cp1251"),
    ("Müller", "latin-1"), ("café", "latin-1"), ("Raciņa", "utf-8"), ("Zoë", "cp1252"),
])
def test_short_texts_decode_right(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec))[0] == text


def test_invalid_utf8_byte_in_utf8_text_read_as_cp1252() -> None:
    data = "Ferro Café Accelerator in Zürich".encode() + b" and the caf\xe9 near it " + "— über".encode()
    assert decode_bytes(data) == ("Ferro Café Accelerator in Zürich and the café near it — über", "utf-8+cp1252")


def test_html_meta_charset_is_used() -> None:
    page = ('<html><head><meta charset="windows-1251"><title>Новости</title></head><body><p>' + RU +
            "</p></body></html>").encode("cp1251")
    assert RU in one("ru.html", page).body


def test_encoded_article_bodies_match() -> None:
    bodies = {one(f"a{i}.txt", ARTICLE.encode(codec)).body
              for i, codec in enumerate(["utf-8", "utf-16", "utf-16-le", "cp1252", "utf-8-sig"])}
    assert len(bodies) == 1


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b" \n\t\r\n ", "empty"),
    (codecs.BOM_UTF8 + b"  \n", "empty"),
    ("  \n".encode("utf-16"), "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"PK\x03\x04\x14\x00\x00\x00", "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary"),
    (b"text with a \x00 NUL byte", "binary"),
    (bytes(range(1, 9)) * 20, "binary"),
    (codecs.BOM_UTF16_LE + b"A\x00\x00\xd8B\x00", "undecodable"),    # lone surrogate
    (bytes([0x81, 0x01, 0x8d, 0x02, 0x8f, 0x03, 0x90, 0x04]) * 10, "undecodable"),
])
def test_bad_bytes(data: bytes, reason: str) -> None:
    assert reasons("bad.txt", data) == [reason]


def test_mojibake_file_is_repaired() -> None:
    saved = "The Zürich Park and Malmö Hub met.".encode().decode("cp1252").encode()
    assert one("m.txt", saved).body == "The Zürich Park and Malmö Hub met."


# ------------------------------------------------------------------ ids and fields

def test_article_id_is_sha256_prefix_of_raw_bytes() -> None:
    data = ARTICLE.encode("utf-16")
    a = one("news/a.txt", data)
    assert a.sha256 == hashlib.sha256(data).hexdigest()
    assert a.article_id == hashlib.sha256(data).hexdigest()[:16]
    assert a.source_path == "news/a.txt"


def test_text_article_fields() -> None:
    a = one("a.txt", ARTICLE.encode())
    assert a.title == "Willow Creek Technopark Signs Agreement With Saltmarsh Innovation Agency"
    assert a.published_date == dt.date(2022, 9, 28)
    assert a.language == "en"
    assert a.body.startswith("The Willow Creek Technopark and the Saltmarsh Innovation Agency signed")
    assert "28 September" not in a.body and "Signs Agreement" not in a.body
    assert a.word_count == count_words(a.body) == 47
    assert a.duplicate_of is None


def test_count_words() -> None:
    assert count_words("Kyrgyzstan's High-Tech Park opened 2 offices.") == 6
    assert count_words("Telegram / Instagram") == 2
    assert count_words("") == 0


def test_markdown_file() -> None:
    a = one("n.md", b"# Larch Park joins network\n\nThe **Larch Park** joined the [Alpine Network](https://x.org).\n")
    assert a.title == "Larch Park joins network"
    assert a.body == "The Larch Park joined the Alpine Network."


def test_html_file() -> None:
    page = (b"<html><head><title>Poplar Park hosts Kyiv founders</title>"
            b"<meta name='date' content='2021-06-01'><script>var leak='SCRIPT_TEXT';</script></head>"
            b"<body><p onclick=\"x()\">Founders from Kyiv spent a week at the Poplar Science Park.</p></body></html>")
    a = one("p.html", page)
    assert (a.title, a.published_date) == ("Poplar Park hosts Kyiv founders", dt.date(2021, 6, 1))
    assert a.body == "Founders from Kyiv spent a week at the Poplar Science Park."


# ------------------------------------------------------------------ JSON and JSONL

def test_json_article() -> None:
    data = ('{"text": "The Hazel Hub signed an agreement with the Reed Council.", "title": "Hazel deal", '
            '"url": "https://example.org/h", "published_date": "2023-01-05", "publisher": "Wire"}').encode()
    a = one("h.json", data)
    assert (a.title, a.url, a.published_date, a.publisher) == ("Hazel deal", "https://example.org/h",
                                                               dt.date(2023, 1, 5), "Wire")
    assert a.article_id == hashlib.sha256(data).hexdigest()[:16]


@pytest.mark.parametrize("doc, reason", [
    ('{"text": "unterminated', "invalid_json"),
    ("{'text': 'single quotes'}", "invalid_json"),
    ("[" * 100_000, "invalid_json"),
    ('[{"text": "in a list"}]', "wrong_shape"),
    ('"just a string"', "wrong_shape"),
    ("42", "wrong_shape"),
    ("null", "wrong_shape"),
    ('{"title": "no text"}', "wrong_shape"),
    ('{"text": 5}', "wrong_shape"),
    ('{"text": "  "}', "wrong_shape"),
    ('{"text": "top of page\\n\\nbottom of page"}', "no_text"),
])
def test_bad_json(doc: str, reason: str) -> None:
    rejected = ingest_bytes("x.json", doc.encode(), LIMITS)[1]
    assert [r.reason for r in rejected] == [reason]
    assert rejected[0].source_path == "x.json" and rejected[0].sha256 == hashlib.sha256(doc.encode()).hexdigest()


def test_jsonl_lines_are_articles_with_line_ids() -> None:
    lines = [
        '{"text": "The Ivy Park opened a lab with the Moss Institute."}',
        "",
        '{"text": "The Fern Hub hosted founders from Oslo.", "title": "Fern hosts Oslo"}',
        '{"text": "broken"',
        '{"title": "no body"}',
    ]
    data = codecs.BOM_UTF8 + "\r\n".join(lines).encode() + b"\r\n"
    articles, rejects = ingest_bytes("feed/f.jsonl", data, LIMITS)
    assert [a.article_id for a in articles] == [hashlib.sha256(lines[i].encode()).hexdigest()[:16] for i in (0, 2)]
    assert {a.source_path for a in articles} == {"feed/f.jsonl"}
    assert articles[1].title == "Fern hosts Oslo"
    assert [(r.source_path, r.reason) for r in rejects] == [("feed/f.jsonl#L4", "bad_json_line"),
                                                          ("feed/f.jsonl#L5", "wrong_shape")]
    assert rejects[0].sha256 == hashlib.sha256(lines[3].encode()).hexdigest()


def test_jsonl_utf16() -> None:
    lines = ['{"text": "Первая новость о технопарке."}', '{"text": "Second item about the Aspen Hub."}']
    articles, rejects = ingest_bytes("u.jsonl", "\n".join(lines).encode("utf-16"), LIMITS)
    assert rejects == []
    assert [a.body for a in articles] == ["Первая новость о технопарке.", "Second item about the Aspen Hub."]
    assert articles[0].article_id == hashlib.sha256(lines[0].encode("utf-16-le")).hexdigest()[:16]


@pytest.mark.parametrize("n, limit, kept", [(3, 3, 3), (4, 3, 3), (10, 1, 1)])
def test_jsonl_line_limit(n: int, limit: int, kept: int) -> None:
    data = "\n".join(f'{{"text": "Item {i} about the Cedar Park."}}' for i in range(n)).encode()
    articles, rejects = ingest_bytes("many.jsonl", data, Limits(max_jsonl_lines=limit))
    assert len(articles) == kept
    if n > limit:
        assert [(r.source_path, r.reason) for r in rejects] == [(f"many.jsonl#L{limit + 1}", "too_many_lines")]
        assert f"{n - limit:,} non-blank" in rejects[0].message
    else:
        assert rejects == []


def test_jsonl_of_blank_lines_is_empty() -> None:
    assert reasons("b.jsonl", b"\n\n \n") == ["empty"]


# ------------------------------------------------------------------ limits

def test_size_limits() -> None:
    small = Limits(max_file_bytes=1000, max_article_chars=300)
    assert reasons("big.txt", b"x " * 600, small) == ["too_large"]
    long_text = ("The Sage Park signed a deal. " * 20).encode()
    assert len(long_text) < 1000
    assert reasons("long.txt", long_text, small) == ["too_large"]
    assert reasons("long.json", b'{"text": "' + long_text + b'"}', small) == ["too_large"]
    rejected = ingest_bytes("long.txt", long_text, small)[1][0]
    assert "PIPELINE_MAX_ARTICLE_CHARS" in rejected.message


def test_million_character_line_processed_when_allowed() -> None:
    data = ("innovation park " * 62_500).encode()  # one line of 1,000,000 characters
    assert len(data) == 1_000_000
    started = time.perf_counter()
    a = one("long.txt", data, Limits(max_article_chars=2_000_000))
    assert a.word_count == 125_000
    assert time.perf_counter() - started < 20
    assert reasons("long.txt", data) == ["too_large"]  # default limit 500,000 characters


# ------------------------------------------------------------------ files and folders

def test_scan_lists_everything_sorted(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for rel in ["b.txt", "a/z.md", "a/.hidden.txt", ".DS_Store", "c d/ü.json", "-x.txt"]:
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        (raw / rel).write_text("x")
    (raw / "empty-dir").mkdir()
    os.symlink(raw / "a", raw / "link-to-a")
    os.symlink(tmp_path, raw / "link-up")
    assert scan_raw_folder(raw) == sorted(
        ["-x.txt", ".DS_Store", "a/.hidden.txt", "a/z.md", "b.txt", "c d/ü.json", "link-to-a", "link-up"])


def test_ingest_path_file_system_cases(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", raw / "out.txt")
    os.symlink(raw / "ok.txt", raw / "in.txt")
    os.symlink(tmp_path, raw / "up")
    os.mkfifo(raw / "pipe.txt")
    (raw / "doc.docx").write_bytes(b"PK\x03\x04")

    def outcome(rel: str, limits: Limits = LIMITS) -> list[str]:
        articles, rejects = ingest_path(raw, rel, limits)
        return [f"article:{a.source_path}" for a in articles] + [r.reason for r in rejects]

    assert outcome("ok.txt") == ["article:ok.txt"]
    assert outcome("in.txt") == ["article:in.txt"]
    assert outcome("out.txt") == ["symlink_outside_raw"]
    assert outcome("up") == ["symlink_outside_raw"]
    assert outcome("up/outside.txt") == ["symlink_outside_raw"]
    assert outcome("../outside.txt") == ["outside_raw"]
    assert outcome("pipe.txt") == ["not_a_file"]  # and it does not hang on the pipe
    assert outcome("doc.docx") == ["unsupported_type"]
    assert outcome("ok.txt", Limits(max_file_bytes=10)) == ["too_large"]
    assert outcome("never-there.txt") == ["vanished"]


def test_file_vanishing_after_scan(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    listed = scan_raw_folder(tmp_path)
    (tmp_path / "a.txt").unlink()
    articles, rejects = ingest_path(tmp_path, listed[0], LIMITS)
    assert articles == [] and [(r.source_path, r.reason, r.sha256) for r in rejects] == [("a.txt", "vanished", None)]


def test_unsupported_reject_has_hash_and_advice(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_bytes(b"a,b\n1,2\n")
    (reject,) = ingest_path(tmp_path, "sheet.csv", LIMITS)[1]
    assert reject.sha256 == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert "'.csv'" in reject.message and ".txt" in reject.message


def test_unexpected_failure_becomes_internal_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    articles, rejects = ingest_path(not_a_folder, "a.txt", LIMITS)
    assert articles == [] and [r.reason for r in rejects] == ["internal_error"]
    assert "NotADirectoryError" in rejects[0].message


def test_undecodable_file_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad-\xff-name.txt")
    (reject,) = ingest_path(tmp_path, name, LIMITS)[1]
    assert reject.reason == "bad_file_name"
    reject.source_path.encode("utf-8")  # writable


def test_reasons_table() -> None:
    assert all(code.isidentifier() and code.islower() and meaning for code, meaning in REASONS.items())
    assert {"unsupported_type", "undecodable", "empty", "too_large", "binary", "duplicate_file"} <= set(REASONS)
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".json", ".jsonl")


# ------------------------------------------------------------------ language

@pytest.mark.parametrize("text, lang", [
    (ARTICLE, "en"),
    (RU, "ru"),
    ("Технопарк «Алатау» та Київська агенція інновацій підписали угоду про співпрацю і обмін.", "uk"),
    ("Астана Хаб және Қазақстан технопаркі ынтымақтастық туралы келісімге қол қойды, өңірлік хабтар.", "kk"),
    (FR, "fr"),
    ("Der Technologiepark und die Agentur für Innovation haben eine Vereinbarung mit der Stadt unterzeichnet.", "de"),
    ("Latvijas IT klasteris un Rīgas tehnoloģiju parks parakstīja sadarbības memorandu par inovācijām.", "lv"),
    ("과학기술단지와 혁신청이 협력 양해각서를 체결했다", "ko"),
    ("Astana Hub", "en"),
    ("12 345", "en"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# ------------------------------------------------------------------ duplicates

def _variant(park: str, dateline: str | None, furniture: str = "") -> str:
    lines = [f"{park} Opens Lab With Bay Agency"] + ([dateline] if dateline else []) + [
        f"The {park} and the Bay Innovation Agency opened a shared robotics lab in Gdansk on Monday.",
        "Students from the city will be able to use it free of charge from October.",
    ]
    return furniture + "\n\n".join(lines) + "\n"


def _corpus() -> list[Article]:
    files = {
        "a/original.txt": _variant("Gull Park", "3 March, 2021").encode(),
        "b/copy.txt": _variant("Gull Park", "3 March, 2021").encode(),          # same bytes
        "c/later.txt": _variant("Gull Park", "9 March, 2021", "top of page\n\nShare: Facebook Twitter\n\n").encode(),
        "d/undated.txt": _variant("Gull Park", None).encode("utf-16"),
        "e/other.txt": _variant("Tern Park", "1 March, 2021").encode(),
        "f/tie-1.txt": _variant("Wren Park", "5 May, 2022").encode(),
        "g/tie-2.txt": _variant("Wren Park", "5 May, 2022", "en\n").encode("cp1252"),
    }
    out: list[Article] = []
    for rel, data in files.items():
        out += ingest_bytes(rel, data, LIMITS)[0]
    return out


def test_mark_duplicates_rules() -> None:
    articles, rejects = mark_duplicates(_corpus())
    by_path = {a.source_path: a for a in articles}
    assert set(by_path) == {"a/original.txt", "c/later.txt", "d/undated.txt", "e/other.txt", "f/tie-1.txt",
                            "g/tie-2.txt"}
    (reject,) = rejects
    assert (reject.source_path, reject.reason, reject.stage) == ("b/copy.txt", "duplicate_file", "ingest")
    assert "a/original.txt" in reject.message
    canon = by_path["a/original.txt"]
    assert canon.duplicate_of is None
    assert by_path["c/later.txt"].duplicate_of == canon.article_id
    assert by_path["d/undated.txt"].duplicate_of == canon.article_id
    assert by_path["e/other.txt"].duplicate_of is None
    tie = sorted([by_path["f/tie-1.txt"], by_path["g/tie-2.txt"]], key=lambda a: a.article_id)
    assert [a.duplicate_of for a in tie] == [None, tie[0].article_id]
    assert [a.article_id for a in articles] == sorted(a.article_id for a in articles)


def test_mark_duplicates_is_order_independent() -> None:
    corpus = _corpus()
    first = mark_duplicates(corpus)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = corpus[:]
        rng.shuffle(shuffled)
        assert mark_duplicates(shuffled) == first


def test_mark_duplicates_does_not_mutate_input() -> None:
    corpus = _corpus()
    before = [dataclasses.replace(a) for a in corpus]
    mark_duplicates(corpus)
    assert corpus == before


# ------------------------------------------------------------------ robustness

def test_control_characters_in_html_do_not_break_it() -> None:
    page = "<html><body><p>The Rook Park\x0c signed\x0b a deal\x01 with the Jay Agency.</p></body></html>"
    assert one("c.html", page.encode()).body == "The Rook Park signed a deal with the Jay Agency."


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(SUPPORTED_SUFFIXES))
def test_arbitrary_bytes_never_crash(data: bytes, suffix: str) -> None:
    articles, rejects = ingest_bytes("x" + suffix, data, LIMITS)
    assert all(r.reason in REASONS and r.reason != "internal_error" for r in rejects), rejects
    assert all(a.body.strip() and a.article_id == a.sha256[:16] for a in articles)


def test_articles_frame_equals_the_frame_of_dicts() -> None:
    """The cleaned-articles frame, built column by column, equals the one built from each
    article's dataclasses.asdict: values and dtypes, with and without dates, and empty."""
    import dataclasses

    import pandas as pd

    from pipeline.defs.ingest import ARTICLE_FIELDS, articles_frame

    corpus, _ = mark_duplicates(_corpus())
    undated = [dataclasses.replace(a, published_date=None, title=None) for a in corpus]
    for arts in (corpus, undated, corpus[:1], []):
        old = pd.DataFrame([dataclasses.asdict(a) for a in arts], columns=ARTICLE_FIELDS)
        pd.testing.assert_frame_equal(articles_frame(arts), old, check_exact=True)
