"""Regex audit (issue 12): every regular expression of the pipeline, timed on
adversarial inputs of growing size; a pattern whose time grows faster than linearly
(4x the text costing more than 8x the time: backtracking is 16x) fails the test.

Patterns come from two places: every compiled pattern reachable from a module's
globals (alone or in a list, tuple, set or dict: this includes patterns built at
import time from word lists), and every literal pattern passed to `re.compile`,
`re.search`, `re.sub`, ... in the source (inline patterns). The inputs repeat short
"pumps" known to make backtracking patterns blow up (runs of spaces, "Tech Park, ",
"Alpha-", "[", "A. ", ...), with and without an unmatchable last character.

`KNOWN_SUPERLINEAR` lists the patterns still superlinear, each with what bounds the
text it is applied to. The test fails on any other superlinear pattern, and on a
listed one that is no longer superlinear (so the list only shrinks).
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from pathlib import Path

import pytest

import pipeline

PKG = Path(pipeline.__file__).resolve().parent

PUMPS = (" ", "\n", "a", "A", ",", ".", "-", "(", "[", "![", "*", "_", "#", "<", '"', "1 ", "Aa ", "A. ",
         "A-B ", "Alpha-", "the ", "of the ", "'s ", "e.g. ", "Tech Park, ", "Tech Park and ", "Tech Park (",
         "Forum ", "x@", "http://x/")
SMALL, BIG = 2_000, 8_000
SCREEN_S = 0.001   # below this at SMALL characters a pattern is not looked at further
FLOOR_S = 0.1      # a new superlinear pattern must also take this long at BIG characters (load spikes)
KNOWN_FLOOR_S = 0.005  # a listed one only this long: its ratio alone says it is still superlinear

# What keeps each still-superlinear pattern's input short (the text it is applied to).
KNOWN_SUPERLINEAR = {
    "pipeline.extract.event_lexicon.ENGAGEMENT_TRIGGERS":
        "searched in one sentence at a time; pipeline/extract/bounds.py caps sentences at 120 tokens",
    "pipeline.extract.event_lexicon.EVENT_NAME_PATTERNS":
        "searched in one sentence at a time; pipeline/extract/bounds.py caps sentences at 120 tokens",
    "pipeline.reference.names._TRAILING_PAREN": "applied to organisation names (a span of one capped sentence)",
    "pipeline.reference.registry._OF_COUNTRY": "applied to names of the reference registry",
    "pipeline.reference.registry._POSSESSOR": "applied to organisation names",
    "pipeline.reference.registry._TRAILING_PAREN": "applied to organisation names",
    "pipeline.reference.geo:\\s+(?:region|province|state|oblast|voivodeship|prefecture)$": "applied to place names",
    "pipeline.extract.org_resolve:[\\s\\-–]*(?:19|20)\\d\\d$": "applied to organisation names",
    "pipeline.extract.org_resolve:([\\w-]+)\\s$": "applied to the 30 characters before a name",
    "pipeline.learn.labels": "legal-form suffixes stripped from organisation names",
}


def _known(where: str) -> str | None:
    """The KNOWN_SUPERLINEAR key covering `where` (a pattern's name, or a whole module's)."""
    for key in KNOWN_SUPERLINEAR:
        if where == key or where.startswith((key + ".", key + ":")):
            return key
    return None


def _collect_compiled() -> dict[tuple, tuple[re.Pattern, str]]:
    found: dict[tuple, tuple[re.Pattern, str]] = {}

    def walk(value, where: str, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault((value.pattern, value.flags), (value, where, False))
        elif depth < 3 and type(value) in (list, tuple, set, frozenset):
            for v in value:
                walk(v, where, depth + 1)
        elif depth < 3 and type(value) is dict:
            for v in [*value.keys(), *value.values()]:
                walk(v, where, depth + 1)

    for info in sorted(pkgutil.walk_packages(pipeline.__path__, "pipeline."), key=lambda m: m.name):
        module = importlib.import_module(info.name)
        for name, value in sorted(vars(module).items()):
            walk(value, f"{info.name}.{name}")
    return found


_RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
_FLAG_ARG = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3,
             "sub": 4, "subn": 4}


def _flags(node) -> int | None:
    if node is None:
        return 0
    try:
        return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))  # noqa: S307 - re.X | re.Y
    except Exception:  # noqa: BLE001 - not a constant expression of re flags
        return None


def _collect_literals(found: dict) -> None:
    for path in sorted(PKG.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = "pipeline." + ".".join(path.relative_to(PKG).with_suffix("").parts)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_FUNCS and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, (str, bytes))):
                continue
            pos = _FLAG_ARG[node.func.attr]
            flag_node = node.args[pos] if len(node.args) > pos else next(
                (k.value for k in node.keywords if k.arg == "flags"), None)
            flags = _flags(flag_node)
            if flags is None:
                continue
            p = re.compile(node.args[0].value, flags)
            anchored = node.func.attr in ("match", "fullmatch")  # tried at the start only
            found.setdefault((p.pattern, p.flags), (p, f"{module}:{p.pattern}", anchored))


def _time(p: re.Pattern, s, repeat: int, anchored: bool = False) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        if anchored:
            p.match(s)
        else:
            for _m in p.finditer(s):
                pass
        best = min(best, time.perf_counter() - t0)
    return best


def _growth(p: re.Pattern, anchored: bool = False, floor: float = FLOOR_S) -> tuple | None:
    """(pump, tail, seconds at SMALL, seconds at BIG) of the first input on which `p`
    grows faster than linearly, or None."""
    for pump in PUMPS:
        for tail in ("", "\x01"):
            small = pump * (SMALL // len(pump)) + tail
            big = pump * (BIG // len(pump)) + tail
            if isinstance(p.pattern, bytes):
                small, big = small.encode(), big.encode()
            if _time(p, small, 1, anchored) < SCREEN_S:
                continue
            t_small = _time(p, small, 3, anchored)
            t_big = _time(p, big, 1, anchored)
            if t_big > 8 * t_small and t_big > floor:
                t_big = min(t_big, _time(p, big, 2, anchored))  # not a moment of load
                if t_big > 8 * t_small and t_big > floor:
                    return pump, tail, round(t_small, 4), round(t_big, 4)
    return None


@pytest.fixture(scope="module")
def patterns() -> dict:
    found = _collect_compiled()
    _collect_literals(found)
    return found


def test_the_audit_sees_the_project_patterns(patterns):
    names = {where for _, where, _ in patterns.values()}
    assert len(patterns) > 200
    assert "pipeline.ingest.clean._MD_LINK" in names and "pipeline.extract.bounds._PUNCT_RUN" in names
    assert any(":" in n for n in names)  # inline literal patterns too (module:pattern)


@pytest.mark.slow
def test_the_audit_catches_backtracking():
    # The low floor lets the growth ratio alone decide: "\s+x" over 8,000 spaces takes
    # under FLOOR_S on a fast machine, though it still grows 16x for 4x the text.
    low = KNOWN_FLOOR_S
    assert _growth(re.compile(r"\s+x"), floor=low) is not None          # every start scans the run: square
    assert _growth(re.compile(r"(?<!\s)\s+x"), floor=low) is None      # only a run's start may begin: linear
    assert _growth(re.compile(r"\[[^\[\]]*\]"), floor=low) is None   # "[[[[": each "[" stops at the next


@pytest.mark.slow
def test_no_pattern_grows_faster_than_linearly(patterns):
    superlinear = {}
    for (_src, _flags), (p, where, anchored) in sorted(patterns.items(), key=lambda kv: kv[1][1]):
        if where in superlinear:
            continue
        g = _growth(p, anchored, KNOWN_FLOOR_S if _known(where) else FLOOR_S)
        if g is not None:
            superlinear[where] = g
    unexpected = {w: g for w, g in superlinear.items() if _known(w) is None}
    assert not unexpected, f"superlinear patterns (pump, tail, s at {SMALL}, s at {BIG}): {unexpected}"
    fixed = set(KNOWN_SUPERLINEAR) - {_known(w) for w in superlinear}
    assert not fixed, f"no longer superlinear, remove from KNOWN_SUPERLINEAR: {fixed}"
