"""Which entries of the extraction word lists (pipeline/data/lexicon/) occur in real text.

    .venv/bin/python scripts/lexicon_report.py [--gold DIR ...] [--never-only]

Reads the articles of each folder (those with a `.gold.json` beside them; every file
when there is none) through the pipeline's own ingest, so entries are looked for in the
cleaned body the rules read. For every list it prints the entries that occur in no
article, then how often the others occur. An entry is counted where it stands as a
whole word or phrase (case-insensitive unless the file is case-sensitive); whether a
rule then fired on it is not checked, so "seen" is an upper bound on "used".
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract.lexicon import LEXICON_DIR, bounded, load_all  # noqa: E402


_WORD = re.compile(r"\w+")


def article_bodies(folder: Path) -> list[str]:
    from pipeline.ingest.sources import Limits, ingest_bytes

    golds = sorted(folder.glob("*.gold.json"))
    if golds:
        files = [gf.with_name(json.loads(gf.read_text(encoding="utf-8"))["file"]) for gf in golds]
    else:
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    bodies = []
    for f in files:
        arts, _ = ingest_bytes(f.name, f.read_bytes(), Limits())
        bodies += [a.body for a in arts]
    return bodies


def phrases(name: str, key: str, value: str | None) -> list[str]:
    """What to look for in text for one entry."""
    if name == "weak_heads.map":  # the modifiers stand before the head: "IT City"
        return [f"{w} {key}" for w in (value or "").split()] or [key]
    return [key]


def entry_pattern(phrase: str, case_sensitive: bool) -> re.Pattern:
    """The phrase as the rules' generated regexes read it (a space matches any whitespace)."""
    return re.compile(bounded([phrase]), 0 if case_sensitive else re.IGNORECASE)


def report(bodies: list[str], root: Path | None = None) -> dict[str, dict[str, tuple[int, int]]]:
    """{list name: {entry: (occurrences, articles)}} for every lexicon file."""
    root = root or LEXICON_DIR
    # An entry's first run of word characters is a whole run wherever the entry matches,
    # so only the articles holding that word need the regex (most entries: none).
    where: dict[str, set[int]] = {}
    for i, b in enumerate(bodies):
        for w in set(_WORD.findall(b.lower())):
            where.setdefault(w, set()).add(i)
    out = {}
    for name, entries in load_all(root).items():
        case_sensitive = "#! case-sensitive" in (root / name).read_text(encoding="utf-8")
        counts = {}
        for e in entries:
            for ph in phrases(name, e.key, e.value):
                first = _WORD.search(ph.lower())
                todo = sorted(where.get(first.group(), ())) if first else range(len(bodies))
                rx = entry_pattern(ph, case_sensitive)
                per = [len(rx.findall(bodies[i])) for i in todo]
                counts[ph] = (sum(per), sum(1 for n in per if n))
        out[name] = counts
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, action="append",
                    help="folder of articles (repeatable; default ../shared/eval/train and ../shared/eval/dev)")
    ap.add_argument("--never-only", action="store_true", help="list only the entries never seen")
    args = ap.parse_args(argv)
    folders = args.gold or [ROOT.parent / "shared/eval/train", ROOT.parent / "shared/eval/dev"]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print("no such folder: " + ", ".join(missing), file=sys.stderr)
        return 2
    bodies = [b for f in folders for b in article_bodies(f)]
    print(f"lexicon report: {len(bodies)} articles from {', '.join(str(f) for f in folders)}")
    print("(an entry is 'seen' when it stands as a whole word or phrase in a cleaned article body)")
    res = report(bodies)
    wrap = dict(width=100, initial_indent="    ", subsequent_indent="    ")
    total = never_total = 0
    summary = []
    for name, counts in res.items():
        never = [e for e, (n, _) in counts.items() if n == 0]
        seen = sorted(((e, c) for e, c in counts.items() if c[0]), key=lambda x: (-x[1][0], x[0]))
        total += len(counts)
        never_total += len(never)
        summary.append((name, len(counts), len(never)))
        print(f"\n{name}: {len(counts)} entries, {len(never)} never seen")
        if never:
            print("  never:")
            print(textwrap.fill(", ".join(never), **wrap))
        if seen and not args.never_only:
            print("  seen (occurrences/articles):")
            print(textwrap.fill(", ".join(f"{e} {n}/{a}" for e, (n, a) in seen), **wrap))
    print(f"\nsummary: {total} entries in {len(res)} lists, {never_total} never seen")
    for name, n, k in summary:
        print(f"  {name:<45} {k:>4} of {n:>4} never seen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
