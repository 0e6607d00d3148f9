"""Word lists of the extraction rules, read from data files (pipeline/data/lexicon/).

One file per concept, so a list is edited, reviewed and reported on in one place
instead of inside regexes repeated across modules. Two plain formats:

- `NAME.txt`: one entry per line ("memorandum", "joint venture", "s.a.");
- `NAME.map`: one `key: value` per line ("park: park", "city: it innovation tech").

Lines starting with `#` are comments; blank lines are skipped. Entries are lower-case
unless the file's header says `#! case-sensitive` (legal forms written "JSC"). Every
file is validated when first read: an empty, duplicated, badly cased or malformed entry
raises LexiconError naming the file and line, so a bad edit fails at import, not as a
silently weaker rule. Lists are cached; the functions are pure.

Regexes built from a list (`bounded`, `alternation`) escape every entry, put longer
entries first (so "study tours" is tried before "study tour") and read a space inside
an entry as `\\s+`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"
SUFFIXES = (".txt", ".map")
_CASE_SENSITIVE = "#! case-sensitive"


class LexiconError(ValueError):
    """A lexicon data file that cannot be used as it is."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line = path, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Entry:
    key: str            # the entry (a list's word, a map's key)
    value: str | None   # a map's value; None in a list
    line: int


READ: set[Path] = set()  # every file read so far (a test checks no list is left unread)


@lru_cache(maxsize=None)
def read_file(path: Path) -> tuple[Entry, ...]:
    """The validated entries of one lexicon file, in file order."""
    path = Path(path)
    READ.add(path.resolve())
    if path.suffix not in SUFFIXES:
        raise LexiconError(path, None, f"unknown lexicon file type (expected {' or '.join(SUFFIXES)})")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise LexiconError(path, None, "no such lexicon file") from None
    case_sensitive = any(ln.strip() == _CASE_SENSITIVE for ln in lines)
    is_map = path.suffix == ".map"
    seen: dict[str, int] = {}
    out = []
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "\t" in raw:
            raise LexiconError(path, no, "tab in entry (separate words with one space)")
        value = None
        if is_map:
            key, sep, value = line.partition(":")
            if not sep:
                raise LexiconError(path, no, f"expected 'key: value', got {line!r}")
            key, value = key.strip(), " ".join(value.split())
        else:
            key = line
        if not key:
            raise LexiconError(path, no, "empty entry")
        if key != " ".join(key.split()):
            raise LexiconError(path, no, f"repeated whitespace in {key!r}")
        if not case_sensitive and key != key.lower():
            raise LexiconError(path, no, f"{key!r} is not lower-case (the list is matched lower-case)")
        if key in seen:
            raise LexiconError(path, no, f"duplicate entry {key!r} (first on line {seen[key]})")
        seen[key] = no
        out.append(Entry(key, value, no))
    if not out:
        raise LexiconError(path, None, "no entries")
    return tuple(out)


def _path(name: str, suffix: str, root: Path | None) -> Path:
    return (root or LEXICON_DIR) / f"{name}{suffix}"


def words(name: str, root: Path | None = None) -> tuple[str, ...]:
    """The entries of `NAME.txt`, in file order."""
    return tuple(e.key for e in read_file(_path(name, ".txt", root)))


def word_set(name: str, root: Path | None = None) -> frozenset[str]:
    return frozenset(words(name, root))


def mapping(name: str, root: Path | None = None) -> dict[str, str]:
    """`NAME.map` as {key: value}."""
    return {e.key: e.value for e in read_file(_path(name, ".map", root))}


def word_map(name: str, root: Path | None = None) -> dict[str, frozenset[str]]:
    """`NAME.map` whose values are space-separated words: {key: frozenset(words)}."""
    path = _path(name, ".map", root)
    out = {}
    for e in read_file(path):
        ws = e.value.split()
        dup = {w for w in ws if ws.count(w) > 1}
        if dup:
            raise LexiconError(path, e.line, f"duplicate word(s) {sorted(dup)} for {e.key!r}")
        if any(w != w.lower() for w in ws):
            raise LexiconError(path, e.line, f"words for {e.key!r} are not lower-case")
        out[e.key] = frozenset(ws)
    return out


def alternation(entries) -> str:
    """`(?:a|b|...)` of the escaped entries, longest first; a space matches `\\s+`."""
    ordered = sorted(dict.fromkeys(entries), key=len, reverse=True)  # stable: file order on ties
    return "(?:" + "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in ordered) + ")"


def bounded(entries) -> str:
    """The alternation as whole words: no word character just before or after. Same as
    `\\b(?:a|b)\\b` for entries that start and end with a letter, and also right for
    "s.a." or "-funded"."""
    return r"(?<!\w)" + alternation(entries) + r"(?!\w)"


def list_names(root: Path | None = None) -> list[str]:
    """Every lexicon file under `root`, as 'name.txt' / 'sub/name.map' paths."""
    root = root or LEXICON_DIR
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in SUFFIXES)


def load_all(root: Path | None = None) -> dict[str, tuple[Entry, ...]]:
    """Read and validate every lexicon file under `root` (raises on the first bad one)."""
    root = root or LEXICON_DIR
    return {name: read_file(root / name) for name in list_names(root)}
