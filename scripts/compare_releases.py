"""Compare the latest releases of two output folders table by table (Parquet contents,
pandas), ignoring columns that name a release or a time: to check that a change leaves
the published data of a run unchanged.

Usage: .venv/bin/python scripts/compare_releases.py OUTPUT_DIR_BEFORE OUTPUT_DIR_AFTER
Prints one line per table and "ALL IDENTICAL" (exit 0) or "DIFFERENCES" (exit 1).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def _kept(columns) -> list[str]:
    return [c for c in columns if "release" not in c and not c.endswith("_at")]


def compare(a: Path, b: Path) -> tuple[bool, list[str]]:
    """Compare two release folders (e.g. `<output>/latest`) table by table: (identical,
    one line per table). Used by tests/test_distributed.py too."""
    names = sorted({p.name for p in a.glob("*.parquet")} | {p.name for p in b.glob("*.parquet")})
    ok, lines = bool(names), []
    for name in names:
        if not (a / name).exists() or not (b / name).exists():
            lines.append(f"{name:32} only in {'the first' if (a / name).exists() else 'the second'}")
            ok = False
            continue
        x, y = pd.read_parquet(a / name), pd.read_parquet(b / name)
        cols = _kept(x.columns)
        same = list(x.columns) == list(y.columns)
        if same:
            x2 = x[cols].astype(str).sort_values(cols).reset_index(drop=True)
            y2 = y[cols].astype(str).sort_values(cols).reset_index(drop=True)
            same = x2.equals(y2)
        ok &= same
        ignored = sorted(set(x.columns) - set(cols))
        lines.append(f"{name:32} rows {len(x):5} vs {len(y):5}  {'identical' if same else 'DIFFERENT'}"
                     + (f"  (ignored: {', '.join(ignored)})" if ignored else ""))
    return ok, lines


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    ok, lines = compare(Path(argv[1]) / "latest", Path(argv[2]) / "latest")
    print("\n".join(lines))
    print("ALL IDENTICAL" if ok else "DIFFERENCES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
