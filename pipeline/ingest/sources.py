"""Ingest: raw files -> `Article` records, and `Reject` records for everything unusable.

In:  the raw folder (DATA_CONTRACT.md "Inputs"): .txt/.md plain text, .html/.htm saved
     pages, .json one article object, .jsonl one article object a line.
Out: `Article` (cleaned body + metadata, ids from the raw bytes) and `Reject` (stage
     "ingest", a stable reason code from `REASONS`, a message saying what to do).

No input ever raises: a bad file becomes a Reject and the other files go on.

Decisions
- article_id is the first 16 hex digits of the SHA-256 of the file's raw bytes. For a
  .jsonl line it is of that line's bytes without its line ending ("\\n" or "\\r\\n"),
  and without the UTF-8 BOM on line 1; such articles keep the file path as
  `source_path`, and rejects of single lines use "<file>.jsonl#L<n>" (1-based). For a
  UTF-16/32 .jsonl the line is hashed in the file's encoding, without BOM.
- Encodings: BOMs (UTF-8/16/32) first, then UTF-16 without BOM (NUL bytes, and one
  byte parity made of a few values), then strict UTF-8. UTF-8 with a few invalid bytes
  is read as UTF-8 with those bytes taken as cp1252 (a file pasted together from two
  encodings). Other single-byte text is cp1251 (or koi8-r) when its high bytes form
  whole words of Cyrillic letters, and cp1252 / latin-1 when they sit inside ASCII
  words -- cp1254 when that reading shows the Icelandic letters ð ý þ, which are
  Turkish ğ ı ş. An HTML page's <meta charset> is honoured. Only when neither pattern
  holds does charset-normalizer pick (Shift_JIS, GBK, EUC-KR, ...), and only if its
  reading is clean. Known blind spots: Greek cp1253 reads as cp1251, Baltic cp1257 and
  Central European cp1250 as cp1252 -- such sources should be saved as UTF-8.
  Binary: known file signatures (PNG, ZIP, PDF, ...), NUL bytes in non-UTF-16 data, or
  mostly control characters.
- Limits (`Limits`): a file over max_file_bytes is rejected `too_large` before it is
  read; a .jsonl over max_jsonl_lines has the extra lines rejected `too_many_lines`; an
  article whose text (the decoded file, the JSON "text", or the text extracted from an
  HTML page) is over max_article_chars is rejected `too_large` -- never truncated, so
  no partial article is published as if it were whole.
- language: ISO 639-1 from the letters' script (Cyrillic -> "ru", or "uk", "kk", "ky",
  "sr", "be" when letters unique to those alphabets occur; Hangul -> "ko", ...) and,
  for Latin script, the share of common function words of about a dozen languages.
  When nothing is recognisable (a few words, a list of names) it is "en": the sources
  are English-language news and the extractor reads English.
- Duplicates (`mark_duplicates`): byte-identical inputs keep one row, the one with the
  smallest source_path; the others are rejected `duplicate_file`. Articles whose body
  words are the same (case, spacing and punctuation ignored) get `duplicate_of` = the
  article_id of the copy with the earliest published_date (undated copies count as
  latest), ties broken by the smallest article_id.
"""
from __future__ import annotations

import codecs
import datetime as dt
import dataclasses
import errno
import hashlib
import json
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipeline.ingest.clean import Cleaned, clean_html, clean_json_article, clean_plain_text, markdown_to_text
from pipeline.models import Article, Reject

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")

REASONS: dict[str, str] = {
    "unsupported_type": "the file's extension is not one the pipeline reads (.txt .md .html .htm .json .jsonl)",
    "binary": "the bytes are not text: an image, archive, PDF or other binary, or NUL bytes in text",
    "empty": "the file or line holds nothing, or only whitespace",
    "undecodable": "the bytes could not be decoded as text in any supported encoding",
    "too_large": "the file, line or article text is over the configured size limit",
    "too_many_lines": "a .jsonl file has more lines than the configured limit; the extra lines were not read",
    "invalid_json": "a .json file is not valid JSON",
    "bad_json_line": "a line of a .jsonl file is not valid JSON",
    "wrong_shape": "the JSON is not an object with a non-empty \"text\" string",
    "no_text": "nothing is left once markup and page furniture are removed",
    "duplicate_file": "byte-identical to another input file or line, which is kept instead",
    "symlink_outside_raw": "a symbolic link that points outside the raw folder",
    "outside_raw": "the path leads outside the raw folder",
    "vanished": "listed when the raw folder was scanned, but gone (or a broken link) when it was read",
    "not_a_file": "not a regular file: a link to a directory, a pipe, a socket or a device",
    "unreadable": "the operating system refused to read the file or folder (permissions, I/O error, name too long)",
    "too_deep": "a folder nested deeper than the pipeline walks (64 levels); its files were not read",
    "changing": "the file changed while it was read (still being written); it is left for the next run",
    "bad_file_name": "the file name is not valid Unicode, so it cannot be written to the datasets",
    "internal_error": "a bug in the pipeline stopped this file; the message holds the error",
}


@dataclass(frozen=True)
class Limits:
    """Bounds that keep memory and time per input bounded.

    max_file_bytes: a larger file is rejected `too_large` without being read.
    max_jsonl_lines: lines of a .jsonl past this are rejected `too_many_lines`.
    max_article_chars: an article text longer than this is rejected `too_large`.
    Set (and validated) through pipeline.settings.PipelineSettings.
    """

    max_file_bytes: int = 20_000_000
    max_jsonl_lines: int = 100_000
    max_article_chars: int = 500_000


class InputRejected(Exception):
    """Raised by `decode_bytes` (and internally) with a REASONS code and a message for
    the person who supplied the file; `ingest_bytes` turns it into a Reject."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


# ------------------------------------------------------------------ scanning

MAX_DEPTH = 64  # folders nested deeper than this are not entered (a reject says so)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def scan_raw_folder(raw_dir: Path, errors: list[Reject] | None = None) -> list[str]:
    """Every entry under `raw_dir` that is not a plain directory, as sorted relative paths.

    In: the raw folder. Out: "/"-separated paths relative to it. Hidden files, symlinks
    (to files or directories, inside or outside the folder) and special files are all
    listed, so that `ingest_path` reports each one -- nothing is skipped silently.
    Directory symlinks are listed, not followed: no loops, no escaping the folder.
    Folders are walked through open descriptors, so no path length limit applies. A
    folder that cannot be listed (permissions, I/O error, deeper than MAX_DEPTH) is
    skipped and, when `errors` is given, reported there as a Reject; nothing raises
    but a raw folder that cannot be opened at all.
    """
    found: list[str] = []
    root_fd = os.open(raw_dir, _DIR_FLAGS)
    stack: list[tuple[int, str, int]] = [(root_fd, "", 0)]  # (open folder, its prefix, depth)
    try:
        while stack:
            fd, prefix, depth = stack.pop()
            try:
                subdirs: list[str] = []
                try:
                    with os.scandir(fd) as entries:
                        for entry in entries:
                            rel = f"{prefix}{entry.name}"
                            try:
                                is_dir = entry.is_dir(follow_symlinks=False)
                            except OSError:
                                is_dir = False
                            (subdirs if is_dir else found).append(rel if not is_dir else entry.name)
                except OSError as e:
                    _scan_error(errors, prefix, e)
                    continue
                for name in sorted(subdirs, reverse=True):
                    rel = f"{prefix}{name}"
                    if depth + 1 > MAX_DEPTH:
                        if errors is not None:
                            errors.append(_reject(rel + "/", None, "too_deep",
                                                  f"this folder is nested more than {MAX_DEPTH} folders deep in the "
                                                  "raw folder and was not read; move its files higher up"))
                        continue
                    try:
                        sub = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
                    except OSError as e:
                        _scan_error(errors, rel + "/", e)
                        continue
                    stack.append((sub, rel + "/", depth + 1))
            finally:
                os.close(fd)
    finally:
        for fd, _, _ in stack:
            os.close(fd)
    return sorted(found)


def _scan_error(errors: list[Reject] | None, rel: str, e: OSError) -> None:
    if errors is None:
        return
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") if rel else "."
    if isinstance(e, FileNotFoundError):
        errors.append(_reject(shown, None, "vanished", "this folder was removed while the raw folder was being "
                                                       "scanned; run the pipeline again once it has stopped changing"))
    else:
        errors.append(_reject(shown, None, "unreadable", f"this folder could not be listed ({e.strerror or e}); "
                                                         "check its permissions"))


# ------------------------------------------------------------------ decoding

_MAGIC: tuple[tuple[bytes, str], ...] = (  # only signatures no text file starts with
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"), (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"), (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"SQLite format 3\x00", "a SQLite database"), (b"\x28\xb5\x2f\xfd", "a zstd archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_HOW_TO_SAVE = "save it again as UTF-8 text (or as an HTML page)"


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as cp1252 (latin-1 for its gaps)."""
    assert isinstance(err, UnicodeDecodeError)
    chunk = err.object[err.start:err.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in chunk), err.end


codecs.register_error("techbridges_cp1252", _cp1252_fallback)


def _looks_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for BOM-less UTF-16: NUL bytes present, and one byte
    parity made almost only of a few values (0x00 for ASCII, 0x04 for Cyrillic, ...)."""
    if len(data) < 4 or b"\x00" not in data:
        return None
    sample = data[:20000]
    for codec, parity in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        counts = Counter(parity)
        if 0 in counts and sum(n for _, n in counts.most_common(3)) >= 0.9 * len(parity):
            return codec
    return None


def _bad_share(text: str) -> float:
    return len(_BAD_CHARS.findall(text)) / max(len(text), 1)


def _single_byte(data: bytes) -> tuple[str, str, bool]:
    """Decode non-UTF-8 bytes with no BOM as cp1251, koi8-r or cp1252 (latin-1).

    Out: (text, codec, confident). Cyrillic text in a single-byte code page writes
    whole words with high bytes, nearly all of them letters (0xC0-0xFF); Western
    European text puts single accented letters inside ASCII words. So the share of high
    bytes that touch an ASCII letter tells the two apart, even in a short text. When
    neither pattern holds (multi-byte encodings, noise) `confident` is False.
    """
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return data.decode("ascii", errors="replace"), "ascii", True

    def ascii_letter(i: int) -> bool:
        return 0 <= i < len(data) and (65 <= data[i] <= 90 or 97 <= data[i] <= 122)

    touching = sum(1 for i in high if ascii_letter(i - 1) or ascii_letter(i + 1))
    letters = [data[i] for i in high if data[i] in _CP1251_LETTERS]
    punct = sum(1 for i in high if data[i] in _CP1251_PUNCT)
    if touching <= 0.3 * len(high) and len(letters) >= 0.6 * len(high) and len(letters) + punct >= 0.9 * len(high):
        # Russian text is mostly lower case: 0xE0-0xFF in cp1251, 0xC0-0xDF in koi8-r.
        lower_cp1251 = sum(1 for b in letters if b >= 0xE0)
        codec = "cp1251" if lower_cp1251 >= len(letters) / 2 else "koi8-r"
        return data.decode(codec, errors="replace"), codec, True
    text = data.decode("cp1252", errors="techbridges_cp1252")
    latin = touching >= 0.5 * len(high)
    if latin and any(c in text for c in "ðýþÐÝÞ"):
        # Icelandic letters in a cp1252 reading are far more often Turkish ğ ı ş Ğ İ Ş in cp1254.
        return data.decode("cp1254", errors="techbridges_cp1252"), "cp1254", True
    return text, "cp1252", latin


# cp1251 bytes of Cyrillic letters (А-я, Ёё, Ukrainian/Belarusian letters) and of the
# punctuation Russian text uses (« » – — „ “ ” … № NBSP).
_CP1251_LETTERS = frozenset(range(0xC0, 0x100)) | {0xA8, 0xB8, 0xAA, 0xBA, 0xAF, 0xBF, 0xB2, 0xB3, 0xA5, 0xB4,
                                                     0xA1, 0xA2, 0x80, 0x81, 0x83, 0x8A, 0x8C, 0x8D, 0x8E, 0x8F,
                                                     0x90, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F, 0xBC, 0xA3, 0xBD, 0xBE}
_CP1251_PUNCT = frozenset({0xAB, 0xBB, 0x96, 0x97, 0x84, 0x93, 0x94, 0x85, 0xB9, 0xA0, 0x91, 0x92, 0x95})


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best reading, or None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in {"ascii", "utf_8"}:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode a raw text file.

    In: the raw bytes (not empty); `html` lets a <meta charset> declaration count.
    Out: (text, codec name); ("", "ascii") for whitespace-only bytes.
    Raises InputRejected with reason "binary" or "undecodable".
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputRejected("binary", f"this is {what}, not text; export the article as UTF-8 text, HTML or JSON")
    codec: str | None = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec, data = name, data[len(bom):]
            break
    if codec is None:
        codec = _looks_utf16(data)
    if codec is not None and codec != "utf-8":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            raise InputRejected("undecodable", f"the file starts like {codec} but byte {e.start} is invalid in it; "
                                           f"{_HOW_TO_SAVE}") from None
        if "\x00" in text or _bad_share(text) > 0.05:
            raise InputRejected("undecodable", f"the file looks like {codec} but decodes to control characters; "
                                           f"{_HOW_TO_SAVE}")
        return text, codec
    if b"\x00" in data:
        raise InputRejected("binary", "the file holds NUL bytes, so it is not plain text; "
                                  "export the article as UTF-8 text, HTML or JSON")
    if not data.strip():
        return "", "ascii"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _bad_share(text) > 0.05:
            raise InputRejected("binary", "the file is mostly control characters, not text; export the article as "
                                      "UTF-8 text, HTML or JSON")
        return text, "utf-8"
    valid_multibyte = len(_UTF8_MULTIBYTE.findall(data))
    invalid = data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())
    if valid_multibyte >= 2 * invalid:
        text = data.decode("utf-8", errors="techbridges_cp1252")
        if _bad_share(text) <= 0.02:
            return text, "utf-8+cp1252"
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii")
            try:
                return data.decode(declared), declared.lower()
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration: guess instead
    text, name, confident = _single_byte(data)
    if not confident:
        # Neither Cyrillic nor accented Latin: let charset-normalizer try the other
        # encodings (Shift_JIS, GBK, EUC-KR, Greek, ...); it must decode cleanly.
        guess = _charset_normalizer_guess(data)
        if guess is not None and _bad_share(guess[0]) == 0:
            return guess
    if _bad_share(text) > 0.02:
        raise InputRejected("undecodable", "the bytes do not decode to readable text in UTF-8, UTF-16, cp1251 or "
                                       f"cp1252 (too many control characters); {_HOW_TO_SAVE}")
    return text, name


# ------------------------------------------------------------------ language

_STOPWORDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "en": "the and of to in is are was were for on with that this by from at as an be has have it its will which",
    "de": "der die das und ist nicht mit von zu den im für auf des ein eine dem sich wird auch",
    "fr": "le la les et des est une un du dans pour que qui sur par au avec sont aux ces",
    "es": "el la los las y de del en que es por para con una un se al sus como",
    "it": "il lo la gli le e di del della che è per con una un sono nel alla dei",
    "pt": "o a os as e de do da dos das em que para com uma um não por ao",
    "nl": "de het een en van in is dat op te zijn met voor niet aan ook",
    "pl": "i w na z się do nie jest że to o od po oraz przez dla",
    "tr": "ve bir bu ile için da de olarak olan çok daha gibi ise",
    "lv": "un ir par ar no uz kas arī tiek lai kā bet vai savu",
    "vi": "và của các là có được trong cho với những một này đã người",
    "uz": "va bilan uchun bu ham bo'yicha hamda o'z qilish etildi",
    "az": "və bir bu ilə üçün da də olan edən isə",
}.items()}
_LETTER_MARKERS = {
    "lv": "āēīūģķļņ", "de": "äöüß", "fr": "éèêàçœù", "es": "ñ¿¡á", "pt": "ãõç", "pl": "ąęłńśźż", "tr": "ğış",
    "vi": "ơưđạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹ", "it": "àèìòù", "az": "əğış", "uz": "ʻ",
}
_SCRIPT_LANG = (
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), "ko"), (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"), (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"), (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u10a0-\u10ff]"), "ka"), (re.compile(r"[\u0530-\u058f]"), "hy"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"), (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
)
# Letters found in one Cyrillic alphabet and not in Russian.
_CYRILLIC_MARKERS = (("kk", "әғқұһ"), ("uk", "ієїґ"), ("sr", "ђјљњћџ"), ("be", "ў"), ("ky", "ңөү"))
_LANG_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language(text: str) -> str:
    """ISO 639-1 code of a cleaned body, cheaply.

    In: text. Out: a script's language when most letters are in a non-Latin script
    (Cyrillic split by its national letters), else the Latin-script language whose
    function words are most frequent (at least 5% of words); "en" when unsure.
    """
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "en"
    for pattern, lang in _SCRIPT_LANG:
        if len(pattern.findall(sample)) > 0.4 * len(letters):
            if lang == "ru":
                low = sample.lower()
                counts = [(sum(low.count(c) for c in marks), code) for code, marks in _CYRILLIC_MARKERS]
                best = max(counts)
                return best[1] if best[0] >= 2 else "ru"
            return lang
    words = [w.lower() for w in _LANG_WORD.findall(sample)]
    if not words:
        return "en"
    low = sample.lower()
    n_letters = len(letters)
    scores = {
        # Function-word share, plus a small bonus for the letters only that language uses.
        lang: sum(1 for w in words if w in stop) / len(words)
        + min(0.05, sum(low.count(c) for c in _LETTER_MARKERS.get(lang, "")) / n_letters)
        for lang, stop in _STOPWORDS.items()
    }
    lang, share = max(scores.items(), key=lambda kv: (kv[1], kv[0] == "en"))
    return lang if share >= 0.05 else "en"


_COUNT_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def count_words(body: str) -> int:
    """Words in a body: runs of letters/digits, "Kyrgyzstan's" and "High-Tech" count once."""
    return len(_COUNT_WORD.findall(body))


# ------------------------------------------------------------------ building records

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reject(source_path: str, data: bytes | None, reason: str, message: str) -> Reject:
    assert reason in REASONS, reason
    return Reject(source_path=source_path, sha256=_sha(data) if data is not None else None,
                  stage="ingest", reason=reason, message=message)


def _article(rel: str, raw: bytes, cleaned: Cleaned) -> Article:
    sha = _sha(raw)
    return Article(
        article_id=sha[:16], sha256=sha, source_path=rel, title=cleaned.title,
        published_date=cleaned.published_date, publisher=cleaned.publisher, url=cleaned.url,
        language=detect_language(cleaned.body), body=cleaned.body, word_count=count_words(cleaned.body),
    )


def _check_chars(text: str, limits: Limits, what: str) -> None:
    if len(text) > limits.max_article_chars:
        raise InputRejected("too_large", f"{what} has {len(text):,} characters, over the limit of "
                                     f"{limits.max_article_chars:,}; split it into separate articles or raise "
                                     "PIPELINE_MAX_ARTICLE_CHARS")


def _require_body(cleaned: Cleaned, what: str) -> Cleaned:
    if not cleaned.body.strip():
        raise InputRejected("no_text", f"{what} has no article text once markup and page furniture (menus, share "
                                   "bars, cookie notices) are removed; check that the saved file holds the article")
    return cleaned


def _json_article(obj: object, what: str, limits: Limits) -> Cleaned:
    if not isinstance(obj, dict):
        kind = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true/false"}.get(
            type(obj), "null")
        raise InputRejected("wrong_shape", f"the JSON {what} is {kind}, not an object; write one object "
                                       "{\"text\": ..., \"title\": ...} per article")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputRejected("wrong_shape", f"the JSON object {what} needs a non-empty 'text' string (the article "
                                       "body); 'title', 'url', 'published_date' and 'publisher' are optional")
    _check_chars(text, limits, f"the 'text' {what}")
    return _require_body(clean_json_article(obj), f"the 'text' {what}")


# A page whose visible text (tags, scripts and styles left out, whitespace counted once)
# is over this many times the article limit cannot yield an article under it; it is
# rejected before the HTML is parsed (a 19 MB page took 23 s and 778 MB to clean).
HTML_VISIBLE_FACTOR = 4


_HTML_TAG = re.compile(r"<[^<>]*>")  # no overlap between attempts: linear


def _visible_chars(html: str) -> int:
    """A fast upper bound of the text a page shows: characters outside tags, <script>
    and <style>, runs of whitespace counted as one. Linear."""
    low = html.lower()
    parts: list[str] = []
    i, end = 0, len(html)
    while i < end:
        starts = [j for j in (low.find("<script", i), low.find("<style", i)) if j >= 0]
        if not starts:
            parts.append(html[i:])
            break
        j = min(starts)
        parts.append(html[i:j])
        k = low.find("</script" if low.startswith("<script", j) else "</style", j)
        i = end if k < 0 else k
    words = _HTML_TAG.sub(" ", "".join(parts)).split()
    return sum(map(len, words)) + len(words)


def _ingest_text(rel: str, data: bytes, suffix: str, limits: Limits) -> list[Article]:
    text, _ = decode_bytes(data, html=suffix in (".html", ".htm"))
    if not text.strip() or not "".join(text.split()).strip("\ufeff\u200b\u00ad"):
        raise InputRejected("empty", "the file holds only whitespace; delete it or save the article text into it")
    if suffix in (".html", ".htm"):
        visible = _visible_chars(text)
        if visible > HTML_VISIBLE_FACTOR * limits.max_article_chars:  # before the costly parse
            raise InputRejected("too_large", f"the page shows about {visible:,} characters of text, far over the "
                                         f"article limit of {limits.max_article_chars:,}; save only the article's "
                                         "page, split it, or raise PIPELINE_MAX_ARTICLE_CHARS")
        cleaned = clean_html(text)
        _check_chars(cleaned.body, limits, "the text of this page")
    else:
        _check_chars(text, limits, "the file")
        cleaned = clean_plain_text(markdown_to_text(text) if suffix == ".md" else text)
    return [_article(rel, data, _require_body(cleaned, "the file"))]


def _json_int(digits: str) -> int | str:
    """JSON integers; one too long for Python's int() (4,300 digits) stays a string, so
    a field the pipeline does not read never costs the article."""
    return int(digits) if len(digits) <= 4000 else digits


def _ingest_json(rel: str, data: bytes, limits: Limits) -> list[Article]:
    text, _ = decode_bytes(data)
    if not text.strip():
        raise InputRejected("empty", "the file holds only whitespace; write one JSON object {\"text\": ...} into it")
    try:
        obj = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as e:
        raise InputRejected("invalid_json", f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}; fix the "
                                        "syntax (one object {\"text\": ...} per .json file)") from None
    except RecursionError:
        raise InputRejected("invalid_json", "the JSON is nested too deeply to read; write one flat object "
                                        "{\"text\": ...}") from None
    except ValueError as e:  # a number of over 4,300 digits
        raise InputRejected("invalid_json", f"the JSON could not be read ({e}); write one flat object "
                                        "{\"text\": ...}") from None
    return [_article(rel, data, _json_article(obj, "in this file", limits))]


def _jsonl_lines(data: bytes, codec: str, text: str) -> list[bytes]:
    """Raw bytes of each line, without line ending (and without the BOM on line 1)."""
    if codec.startswith(("utf-16", "utf-32")):
        enc = codec if codec.endswith(("-le", "-be")) else codec + "-le"
        return [ln.rstrip("\r").encode(enc) for ln in text.split("\n")]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    return [ln[:-1] if ln.endswith(b"\r") else ln for ln in data.split(b"\n")]


def _ingest_jsonl(rel: str, data: bytes, limits: Limits) -> tuple[list[Article], list[Reject]]:
    text, codec = decode_bytes(data)
    if not text.strip():
        raise InputRejected("empty", "the file holds only whitespace; write one JSON object {\"text\": ...} a line")
    raw_lines = _jsonl_lines(data, codec, text)
    text_lines = text.split("\n")
    if len(raw_lines) != len(text_lines):  # cannot happen for ASCII-compatible codecs; be safe anyway
        raw_lines = [ln.encode("utf-8") for ln in text_lines]
    articles: list[Article] = []
    rejects: list[Reject] = []
    last = max((i for i, ln in enumerate(text_lines) if ln.strip()), default=-1) + 1
    for n, (raw, line) in enumerate(zip(raw_lines[:last], text_lines[:last]), start=1):
        where = f"{rel}#L{n}"
        if n > limits.max_jsonl_lines:
            extra = sum(1 for ln in text_lines[n - 1:last] if ln.strip())
            rejects.append(_reject(where, None, "too_many_lines",
                                   f"lines {n}-{last} ({extra:,} non-blank) were not read: the file has more than "
                                   f"{limits.max_jsonl_lines:,} lines; split it into several .jsonl files or raise "
                                   "PIPELINE_MAX_JSONL_LINES"))
            break
        if not line.strip():
            continue  # blank lines separate records; they are not articles
        try:
            try:
                obj = json.loads(line, parse_int=_json_int)
            except (ValueError, RecursionError) as e:  # ValueError: also a number of over 4,300 digits
                detail = f"{e.msg} at column {e.colno}" if isinstance(e, json.JSONDecodeError) else \
                    "nested too deeply" if isinstance(e, RecursionError) else f"{e}"
                raise InputRejected("bad_json_line", f"line {n} is not valid JSON ({detail}); put exactly one JSON "
                                                 "object {\"text\": ...} on each line") from None
            articles.append(_article(rel, raw, _json_article(obj, f"on line {n}", limits)))
        except InputRejected as r:
            rejects.append(_reject(where, raw, r.reason, r.message))
    if not articles and not rejects:
        raise InputRejected("empty", "the file has no non-blank lines; write one JSON object {\"text\": ...} a line")
    return articles, rejects


def ingest_bytes(rel: str, data: bytes, limits: Limits) -> tuple[list[Article], list[Reject]]:
    """Turn the bytes of one raw file into articles and rejects. Pure; never raises.

    In: `rel`, the "/"-separated path relative to the raw folder (its suffix picks the
    reader); the raw bytes; the limits. Out: (articles, rejects) -- one article for a
    good .txt/.md/.html/.htm/.json file, one per good line of a .jsonl file; rejects
    carry a reason code from REASONS and a message saying what to do.
    """
    suffix = os.path.splitext(rel)[1].lower()
    try:
        if suffix not in SUPPORTED_SUFFIXES:
            raise InputRejected("unsupported_type", _unsupported_message(rel, suffix))
        if len(data) > limits.max_file_bytes:
            raise InputRejected("too_large", _too_large_message(len(data), limits))
        if not data.strip():
            raise InputRejected("empty", "the file is empty (or only whitespace); delete it or save the article "
                                         "into it")
        if suffix == ".jsonl":
            return _ingest_jsonl(rel, data, limits)
        if suffix == ".json":
            return _ingest_json(rel, data, limits), []
        return _ingest_text(rel, data, suffix, limits), []
    except InputRejected as r:
        return [], [_reject(rel, data, r.reason, r.message)]
    except Exception as e:  # one bad file must never stop the others
        return [], [_reject(rel, data, "internal_error", f"{type(e).__name__}: {e}; please report this file")]


def _unsupported_message(rel: str, suffix: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    if name.startswith("."):
        return (f"'{name}' is a hidden or system file, not an article; delete it from the raw folder "
                f"(accepted: {' '.join(SUPPORTED_SUFFIXES)})")
    kind = f"'{suffix}' files are" if suffix else "files without an extension are"
    return (f"{kind} not read; convert the article to one of {' '.join(SUPPORTED_SUFFIXES)} "
            "(e.g. save a document as .txt, export rows as .jsonl)")


def _too_large_message(size: int, limits: Limits) -> str:
    return (f"the file has {size:,} bytes, over the limit of {limits.max_file_bytes:,}; split it into "
            "smaller files (one article each) or raise PIPELINE_MAX_FILE_BYTES")


def _within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW


def _open_beneath(root_fd: int, parts: tuple[str, ...] | list[str]) -> int:
    """Open `parts` under the folder `root_fd` one name at a time, following no symbolic
    link (O_NOFOLLOW on every component). Whatever is swapped on disk meanwhile, the
    descriptor returned is of an entry reached only through real folders of the raw
    folder. Raises OSError (ELOOP or ENOTDIR where a component is a link)."""
    opened: list[int] = []
    try:
        cur = root_fd
        for name in parts[:-1]:
            cur = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=cur)
            opened.append(cur)
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=cur)
    finally:
        for fd in opened:
            os.close(fd)


_VANISHED = ("the file was listed when the raw folder was scanned but was gone when it was read; run the "
             "pipeline again once the folder has stopped changing")
_CHANGING = ("the file changed while it was being read (it is still being written or was replaced); it is left "
             "for the next run, which reads it once it has stopped changing")


def ingest_path(raw_dir: Path, rel: str, limits: Limits,
                parse: Callable[[str, bytes, Limits], tuple[list[Article], list[Reject]]] | None = None,
                ) -> tuple[list[Article], list[Reject]]:
    """Read one file listed by `scan_raw_folder` and ingest it. Never raises.

    In: the raw folder, the relative path, the limits. Checks, in order: a name that is
    valid Unicode; the entry opened beneath the raw folder with no link followed (a
    link is followed only if its real path is inside the raw folder, and then that real
    path is opened the same way), so a folder swapped for a link between a check and
    the read cannot redirect the read outside; existence (`vanished`); the opened file
    is a regular file (`fstat`); the size before reading (`too_large`); the suffix;
    then at most max_file_bytes + 1 bytes are read and `ingest_bytes` is called. A file
    whose size or modification time changes while it is read is `changing`.
    Limit: a hard link is the file itself, wherever its other names are; the raw
    folder must not hold hard links to files its writers could not copy in.
    `parse` replaces `ingest_bytes` for the bytes read (the ingest cache looks them up
    by content first, pipeline/ingest/cache.py).
    Out: (articles, rejects) as for `ingest_bytes`.
    """
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return [], [_reject(shown, None, "bad_file_name", "the file name is not valid UTF-8; rename the file "
                                                          "(e.g. with `convmv` or by saving it again)")]
    try:
        root_fd = os.open(raw_dir, _DIR_FLAGS)
    except Exception as e:  # noqa: BLE001
        return [], [_reject(rel, None, "internal_error", f"{type(e).__name__}: {e}; please report this file")]
    try:
        return _ingest_beneath(raw_dir, root_fd, rel, limits, parse or ingest_bytes)
    except Exception as e:  # one bad file must never stop the others
        return [], [_reject(rel, None, "internal_error", f"{type(e).__name__}: {e}; please report this file")]
    finally:
        os.close(root_fd)


def _linked_path(raw_dir: Path, rel: str) -> tuple[tuple[str, ...] | None, list[Reject]]:
    """For a path through a symbolic link (or with ".."): the real path's parts under
    the raw folder, or the reject when it leads outside."""
    root = Path(raw_dir).resolve()
    path = root / rel
    try:
        real = path.resolve()
    except OSError as e:  # a link replaced while it was resolved, a path too long to resolve, ...
        if e.errno == errno.ENAMETOOLONG:
            return None, [_reject(rel, None, "unreadable", f"the path could not be resolved ({e.strerror}); "
                                                           "move the file higher up in the raw folder")]
        return None, [_reject(rel, None, "changing", _CHANGING)]
    if not _within(real, root):
        linked = ".." not in rel.split("/") or any(
            p.is_symlink() for p in [path, *path.parents] if _within(p, root) and p != root)
        if linked:
            return None, [_reject(rel, None, "symlink_outside_raw",
                                  "this is a symbolic link to something outside the raw folder, which is not "
                                  "read; copy the article file itself into the raw folder")]
        return None, [_reject(rel, None, "outside_raw", "the path leads outside the raw folder; "
                                                      "put the file inside the raw folder")]
    if real == root:
        return None, [_reject(rel, None, "not_a_file", "this is a link to the raw folder itself, not a file; "
                                                       "remove it")]
    if not os.path.lexists(real):
        return None, [_reject(rel, None, "vanished", "this is a broken link (or the file was removed during "
                                                     "the run); remove the link or restore its target")]
    return real.relative_to(root).parts, []


def _ingest_beneath(raw_dir: Path, root_fd: int, rel: str, limits: Limits,
                    parse: Callable[[str, bytes, Limits], tuple[list[Article], list[Reject]]],
                    ) -> tuple[list[Article], list[Reject]]:
    parts = tuple(rel.split("/"))
    if any(p in ("", ".", "..") for p in parts):
        linked, rejects = _linked_path(raw_dir, rel)
        if linked is None:
            return [], rejects
        parts = linked
    for attempt in (1, 2):
        try:
            fd = _open_beneath(root_fd, parts)
            break
        except FileNotFoundError:
            return [], [_reject(rel, None, "vanished", _VANISHED)]
        except OSError as e:
            if e.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket (or a device with no driver)
                return [], [_reject(rel, None, "not_a_file", "this is a socket or device, not a file; remove it "
                                                             "from the raw folder or replace it with the article file")]
            if e.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK) or attempt == 2:
                if attempt == 2 and e.errno in (errno.ELOOP, errno.ENOTDIR):
                    return [], [_reject(rel, None, "changing", _CHANGING)]
                return [], [_reject(rel, None, "unreadable", f"the file could not be read ({e.strerror or e}); "
                                                             "check its permissions")]
            linked, rejects = _linked_path(raw_dir, rel)  # a link on the way: only if it stays inside
            if linked is None:
                return [], rejects
            parts = linked
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory (links to directories are not followed)" if stat.S_ISDIR(st.st_mode) \
                else "a pipe, socket or device"
            return [], [_reject(rel, None, "not_a_file", f"this is {kind}, not a file; remove it from the raw "
                                                         "folder or replace it with the article file")]
        suffix = os.path.splitext(rel)[1].lower()
        if st.st_size > limits.max_file_bytes:
            return [], [_reject(rel, None, "too_large", _too_large_message(st.st_size, limits))]
        try:
            with os.fdopen(os.dup(fd), "rb") as f:
                data = f.read(limits.max_file_bytes + 1)  # bounded even if the file grows meanwhile
            after = os.fstat(fd)
        except OSError as e:
            return [], [_reject(rel, None, "unreadable", f"the file could not be read ({e.strerror or e}); "
                                                         "check its permissions")]
    finally:
        os.close(fd)
    if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns) or len(data) != st.st_size:
        return [], [_reject(rel, None, "changing", _CHANGING)]
    if suffix not in SUPPORTED_SUFFIXES:
        return [], [_reject(rel, data, "unsupported_type", _unsupported_message(rel, suffix))]
    return parse(rel, data, limits)


# ------------------------------------------------------------------ duplicates

def _body_key(body: str) -> str:
    """The words of a body, case-folded: the same article in other markup or encoding."""
    return " ".join(re.findall(r"\w+", body.casefold()))


def body_key_digest(body: str) -> str:
    """A 128-bit digest of :func:`_body_key`: equal for bodies with the same words, so
    duplicates can be grouped by it, and small enough to keep in the ingest cache
    (pipeline/ingest/cache.py) so that an unchanged file's body is not scanned again."""
    return hashlib.blake2b(_body_key(body).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def collapse_repeats(rejects: list[Reject]) -> list[Reject]:
    """One row per distinct reject; a repeat (a line copied n times within one .jsonl)
    says how many times it occurred instead of repeating the row."""
    counts: dict[Reject, int] = {}
    for r in rejects:
        counts[r] = counts.get(r, 0) + 1
    return [r if n == 1 else dataclasses.replace(r, message=f"{r.message} ({n} occurrences)")
            for r, n in counts.items()]


def mark_duplicates(articles: list[Article], body_key: Callable[[str], str] = body_key_digest
                    ) -> tuple[list[Article], list[Reject]]:
    """Drop byte-identical copies and link same-text copies. Pure and order-independent.

    In: all articles of a run. Out: (articles sorted by article_id, rejects sorted by
    source_path). Articles with the same article_id (identical bytes) keep the one with
    the smallest source_path; each other copy becomes a `duplicate_file` reject naming
    the kept path. Among the rest, articles with the same body words get `duplicate_of`
    set to the canonical copy: earliest published_date (undated last), then smallest
    article_id. The canonical copy itself has duplicate_of None. `body_key` gives each
    body's :func:`body_key_digest` (the ingest cache passes the digests it kept); an
    article whose duplicate_of is already right is returned as it is, not copied.
    """
    by_id: dict[str, list[Article]] = {}
    for a in articles:
        by_id.setdefault(a.article_id, []).append(a)
    kept: list[Article] = []
    rejects: list[Reject] = []
    for aid, group in by_id.items():
        group = sorted(group, key=lambda a: (a.source_path, a.title or "", a.body))
        keep = group[0]
        kept.append(keep)
        for other in group[1:]:
            same = other.source_path == keep.source_path
            rejects.append(Reject(
                source_path=other.source_path, sha256=other.sha256, stage="ingest", reason="duplicate_file",
                message=(f"a line repeated within this file (article_id {aid}); only its first copy is kept, "
                         "delete the repeats" if same else
                         f"byte-identical to '{keep.source_path}' (article_id {aid}), which is kept; "
                         "delete this copy"),
            ))
    by_body: dict[str, list[Article]] = {}
    for a in kept:
        by_body.setdefault(body_key(a.body), []).append(a)
    out: list[Article] = []
    for group in by_body.values():
        canon = min(group, key=lambda a: (a.published_date is None, a.published_date or dt.date.min, a.article_id))
        for a in group:
            dup = None if a is canon else canon.article_id
            out.append(a if a.duplicate_of == dup else dataclasses.replace(a, duplicate_of=dup))
    out.sort(key=lambda a: a.article_id)
    rejects.sort(key=lambda r: (r.source_path, r.sha256 or "", r.message))
    return out, rejects
