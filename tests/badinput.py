"""A generated corpus of hostile and awkward raw inputs, each with its expected outcome.

`write_bad_inputs(folder)` writes the files (nothing is committed as junk files) and
returns {relative path: Expected}. The articles are invented press items about invented
organisations. Ingest with `BAD_INPUT_LIMITS`: small enough that the size cases trip.

Also here: `vanish(folder)` deletes the file named `VANISHING` -- call it between the
scan and the reads to simulate a file that disappears during a run.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.sources import Limits

BAD_INPUT_LIMITS = Limits(max_file_bytes=2_000_000, max_jsonl_lines=5, max_article_chars=500_000)
VANISHING = "vanishing.txt"

# Minimal but real file signatures.
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
             b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
             b"\x00IEND\xaeB`\x82")
ZIP_BYTES = b"PK\x05\x06" + b"\x00" * 18  # an empty ZIP archive
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class Expected:
    """What ingest (+ mark_duplicates) must make of one file.

    reasons: reject reason codes for this file and its lines, in any order.
    articles: number of articles that come out of it.
    contains / absent: strings that must / must not be in those articles' bodies.
    title, language: when set, the (single) article's title / language.
    duplicate_of: relative path of the file whose article this one is a copy of.
    """

    reasons: tuple[str, ...] = ()
    articles: int = 0
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    title: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    note: str = field(default="", compare=False)


def story(park: str, partner: str, city: str, dateline: str | None = "12 April, 2021") -> str:
    """A short invented press item: headline, optional dateline, three paragraphs."""
    parts = [f"{park} and {partner} agree to train young engineers in {city}"]
    if dateline:
        parts.append(dateline)
    parts += [
        f"The {park} and the {partner} signed a memorandum of understanding in {city} on Tuesday. "
        "Under the memorandum both sides will run a six-month training course for young engineers "
        "and share office space for start-up companies.",
        f"\"We want graduates from {city} to build their first products here,\" the director of the "
        f"{park} told reporters after the ceremony.",
        f"The first group of forty students will start in September, and the {partner} will cover "
        "half of the course fees.",
    ]
    return "\n\n".join(parts) + "\n"


def _write(folder: Path, rel: str, data: bytes | str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def vanish(folder: Path) -> None:
    """Delete the VANISHING file: call after scanning, before ingesting."""
    (folder / VANISHING).unlink()


def write_bad_inputs(folder: Path) -> dict[str, Expected]:
    """Write the corpus into `folder` (created if needed) and return the expectations.

    One file is written outside `folder` (beside it, `<folder>-outside/`) as the target of
    a symlink that must be rejected. Symlink cases are skipped where the OS refuses them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    exp: dict[str, Expected] = {}

    def add(rel: str, data: bytes | str, expected: Expected) -> None:
        _write(folder, rel, data)
        exp[rel] = expected

    # -- nothing to read
    add("empty.txt", b"", Expected(("empty",)))
    add("whitespace.txt", b"  \r\n\t\n   \n", Expected(("empty",)))
    add("only-furniture.txt", "top of page\n\nShare: Facebook Twitter\n\nTelegram / Instagram / VK\n\nbottom of page\n",
        Expected(("no_text",)))
    add("scripts-only.html", "<html><head><style>p{color:red}</style></head><body><script>var a = 1;</script>"
                             "</body></html>", Expected(("no_text",)))

    # -- not text at all
    add("photo.txt", PNG_BYTES, Expected(("binary",), note="PNG bytes under a .txt name"))
    add("bundle.json", ZIP_BYTES, Expected(("binary",), note="ZIP bytes under a .json name"))
    add("scan.html", PDF_BYTES, Expected(("binary",), note="PDF bytes under a .html name"))
    add("nul-bytes.txt", b"Kestrel IT Cluster\x00\x00\x00 opened an office\x00", Expected(("binary",)))
    add("controls.txt", bytes(range(1, 9)) * 40 + b"abc", Expected(("binary",)))
    add("bad-utf16.txt", codecs.BOM_UTF16_LE + "Agency".encode("utf-16-le") + b"\x00\xd8" + b"A",
        Expected(("undecodable",), note="UTF-16 BOM, then a lone surrogate and an odd byte"))

    # -- size limits (BAD_INPUT_LIMITS)
    add("too-big.txt", ("Padding sentence about technology parks. " * 52_000).encode(),
        Expected(("too_large",), note="over max_file_bytes: rejected before reading"))
    add("one-million-chars.txt", ("innovation " * 100_000).encode(),
        Expected(("too_large",), note="a single 1,000,000-character line is over max_article_chars"))

    # -- encodings
    add("utf16-bom.txt", story("Aster Science Park", "Lumen Digital Agency", "Tartu").encode("utf-16"),
        Expected(articles=1, contains=("Lumen Digital Agency",), title="Aster Science Park and Lumen Digital "
                 "Agency agree to train young engineers in Tartu", language="en"))
    add("utf16-nobom.txt", story("Birch Tech Hub", "Corvo Export Council", "Gdansk").encode("utf-16-le"),
        Expected(articles=1, contains=("Corvo Export Council",), language="en"))
    ru = ("Технопарк «Северный» подписал соглашение с агентством инноваций\n\n"
          "Технопарк «Северный» и региональное агентство инноваций подписали соглашение о сотрудничестве. "
          "Стороны откроют общую лабораторию для молодых компаний и проведут летнюю школу программистов.\n")
    add("cp1251-russian.txt", ru.encode("cp1251"),
        Expected(articles=1, contains=("подписали соглашение о сотрудничестве",), language="ru",
                 title="Технопарк «Северный» подписал соглашение с агентством инноваций"))
    fr = ("L'agence régionale d'innovation de Genève a signé un accord avec le parc technologique "
          "de Montréal. Les deux équipes créeront un programme d'échanges pour les jeunes entreprises.\n")
    add("latin1-accents.txt", fr.encode("latin-1"),
        Expected(articles=1, contains=("Genève", "équipes", "créeront"), language="fr"))
    mojibake = story("Zürich Innovation Park", "Sälen Start-up Fund", "Zürich").encode("utf-8").decode("cp1252")
    add("mojibake.txt", mojibake.encode("utf-8"),
        Expected(articles=1, contains=("Zürich Innovation Park", "Sälen Start-up Fund"), absent=("Ã",),
                 note="UTF-8 read as cp1252 and saved again as UTF-8"))
    homo = story("Orbit Tech Park", "Pixel Media Group", "Almaty").replace(
        "told reporters", "told the portal V\u0421.ru").replace("Orbit", "\u041erbit")
    homo += "\nПресс-служба технопаpка сообщила об этом в понедельник.\n"  # Latin "p" inside Cyrillic
    add("homoglyphs.txt", homo.encode("utf-8"),
        Expected(articles=1, contains=("VC.ru", "Orbit Tech Park", "технопарка"),
                 absent=("V\u0421", "\u041erbit", "технопаpка")))
    mixed = (story("Granite Valley Technopark", "Ferro Café Accelerator", "Porto").encode("utf-8")
             .replace(b"Tuesday", b"Tuesday (caf\xe9 terrace)"))
    add("bad-utf8-middle.txt", mixed,
        Expected(articles=1, contains=("Ferro Café Accelerator", "(café terrace)"), absent=("\ufffd",),
                 note="one stray cp1252 byte inside UTF-8: that byte is read as cp1252"))

    # -- HTML
    add("scripts.html", f"""<!DOCTYPE html><html><head><title>Harbour Tech Park signs with Nordlys Agency</title>
<script>var SECRET_TOKEN = "do-not-index"; function track() {{ alert("tracked"); }}</script>
<style>.article {{ color: #333; font-family: serif; }}</style></head>
<body onload="track()"><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></nav>
<article><h1>Harbour Tech Park signs with Nordlys Agency</h1>
<p onclick="alert('clicked')">The Harbour Tech Park and the Nordlys Innovation Agency signed a cooperation agreement
in Bergen on Friday. The agreement covers joint hackathons and a shared fund for student projects.</p>
<script>document.write("INJECTED_BY_SCRIPT")</script>
<p>Both organisations will open a joint office in the harbour district next spring, the park said.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>""",
        Expected(articles=1, contains=("Nordlys Innovation Agency", "joint office"),
                 absent=("SECRET_TOKEN", "INJECTED_BY_SCRIPT", "alert", "color:", "track()", "Subscribe"),
                 title="Harbour Tech Park signs with Nordlys Agency"))
    add("no-body.html", "<h2>Quill Data Cluster welcomes Ostrava delegation</h2>"
                        "<p>A delegation from Ostrava visited the Quill Data Cluster on Monday to discuss joint "
                        "research on open data.</p>",
        Expected(articles=1, contains=("delegation from Ostrava",)))
    add("truncated.html", "<html><head><title>Cobalt Park news</title></head><body><div class=\"post\">"
                          "<p>The Cobalt Science Park hosted engineers from the Tallinn Robotics Centre for a "
                          "week of joint testing.</p><p>The visit ended with a plan for a second round in aut",
        Expected(articles=1, contains=("Tallinn Robotics Centre", "second round in aut")))
    add("xhtml-declared.htm", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                              "<head><title>Delta Hub</title></head><body><p>The Delta Hub in Riga signed a letter "
                              "of intent with the Baltic Robotics Association.</p></body></html>",
        Expected(articles=1, contains=("Baltic Robotics Association",)))

    # -- JSON
    add("broken.json", '{"text": "The Pine Park opened", "title": ', Expected(("invalid_json",)))
    add("list.json", '[{"text": "An article inside a list is not accepted."}]', Expected(("wrong_shape",)))
    add("no-text.json", '{"title": "Headline without a body", "url": "https://example.org/a"}',
        Expected(("wrong_shape",)))
    add("blank-text.json", '{"text": "   \\n  "}', Expected(("wrong_shape",)))
    add("good.json", "\ufeff" + '{"text": "Maple Software Park in Kaunas opened a new incubator for hardware '
                     'start-ups on 3 May.", "title": "Maple Park opens incubator", "url": "https://example.org/maple",'
                     ' "published_date": "2021-05-03", "publisher": "Baltic Tech Wire"}',
        Expected(articles=1, title="Maple Park opens incubator", contains=("hardware start-ups",)))
    jl = [
        '{"text": "Yarrow Innovation Centre signed an agreement with the Vilnius Startup Guild.", '
        '"title": "Yarrow deal"}',
        '{"text": "The Lindqvist Science Park hosted a delegation from the Oslo Cleantech Cluster."',
        "",
        '["not", "an", "object"]',
        '{"text": "Fjord Robotics Hub launched a residency programme with the Umeå Design Council."}\r',
    ]
    add("mixed.jsonl", "\n".join(jl) + "\n",
        Expected(("bad_json_line", "wrong_shape"), articles=2, contains=("Vilnius Startup Guild", "Umeå")))
    many = "\n".join(f'{{"text": "Record {i}: the Rowan Tech Park signed agreement number {i} with partner {i}."}}'
                     for i in range(1, 8))
    add("many-lines.jsonl", many, Expected(("too_many_lines",), articles=5, note="7 lines, limit 5"))

    # -- ordinary content that must simply work
    add("no-orgs.txt", "A quiet week\n\nThe weather was mild and nothing much happened in the town. "
                       "People walked by the river and the shops closed early on Sunday.\n",
        Expected(articles=1, title="A quiet week", contains=("walked by the river",)))
    add("notes.md", "# Saffron Park joins Nordic network\n\n**Saffron Park** joined the "
                    "[Nordic Science Parks Network](https://example.org/net) this week. "
                    "![logo](logo.png)\n\n---\n\nMembers share labs and mentors.\n",
        Expected(articles=1, title="Saffron Park joins Nordic network",
                 contains=("Saffron Park joined the Nordic Science Parks Network",), absent=("**", "](", "logo")))
    add("SHOUTING.TXT", story("Willow IT Park", "Ember Investment Board", "Lyon"),
        Expected(articles=1, contains=("Ember Investment Board",), note="upper-case suffix"))

    # -- duplicates
    dup = story("Heron Tech Park", "Solstice Venture Agency", "Bilbao")
    add("dup/a-original.txt", dup, Expected(articles=1))
    add("dup/b-copy.txt", dup, Expected(("duplicate_file",), note="same bytes as dup/a-original.txt"))
    near = story("Alder Science Park", "Quartz Innovation Fund", "Ghent", dateline="3 March, 2021")
    add("near/first.txt", "top of page\n\n" + near + "\nJoin our mailing list!\n\nbottom of page\n",
        Expected(articles=1))
    paragraphs = near.split("\n\n")
    html = ("<html><head><title>" + paragraphs[0] + "</title>"
            '<meta property="article:published_time" content="2021-03-10"></head><body>'
            "<nav>Home | News | Contact</nav><article><h1>" + paragraphs[0] + "</h1>"
            + "".join(f"<p>{p.strip()}</p>" for p in paragraphs[2:]) + "</article></body></html>")
    add("near/second.html", html.encode("cp1252"),
        Expected(articles=1, duplicate_of="near/first.txt", note="same text, other furniture, encoding and date"))

    # -- names and types
    add("with space (1).txt", story("Cedar Park", "Tide Agency", "Split"), Expected(articles=1))
    add("ünïcødé-статья.txt", story("Dune Tech Park", "Nimbus Agency", "Varna"), Expected(articles=1))
    add("-leading-dash.txt", story("Elm Tech Park", "Orca Agency", "Turku"), Expected(articles=1))
    add("report.docx", ZIP_BYTES, Expected(("unsupported_type",)))
    add("table.csv", "name,city\nFir Park,Oulu\n", Expected(("unsupported_type",)))
    add(".DS_Store", b"\x00\x00\x00\x01Bud1", Expected(("unsupported_type",)))
    add("README", "Files for the pipeline.", Expected(("unsupported_type",), note="no extension"))

    # -- the file system
    add(VANISHING, story("Gone Park", "Lost Agency", "Nowhere"), Expected(("vanished",)))
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(story("Secret Park", "Hidden Agency", "Elsewhere"), encoding="utf-8")
    try:
        os.symlink(outside / "secret.txt", folder / "link-outside.txt")
        exp["link-outside.txt"] = Expected(("symlink_outside_raw",))
        os.symlink(outside, folder / "linked-dir")
        exp["linked-dir"] = Expected(("symlink_outside_raw",), note="a directory link out of the folder")
        os.symlink(folder / "missing-target.txt", folder / "broken-link.txt")
        exp["broken-link.txt"] = Expected(("vanished",))
        os.symlink(folder / "no-orgs.txt", folder / "zz-link-inside.txt")
        exp["zz-link-inside.txt"] = Expected(("duplicate_file",), note="a link inside the folder is read")
        os.symlink(folder / "dup", folder / "loop-dir")
        exp["loop-dir"] = Expected(("not_a_file",), note="directory links are listed, not followed")
    except (OSError, NotImplementedError):
        pass
    return exp


# ------------------------------------------------------------------ shared with scripts/
# (tests/test_bounds.py and scripts/adversarial_bench.py; tests/test_raw_reads.py and
# scripts/raw_swap_trial.py)

def adversarial(kind: str, n: int) -> str:
    """An article of about `n` characters of the given kind."""
    if kind == "comma_list":   # "The forum was attended by Tech Park, Tech Park, ..."
        return "The forum was attended by " + ", ".join(["Tech Park"] * (n // 11)) + "."
    if kind == "and_list":     # "... with Tech Park and Tech Park and ..."
        return "The agreement was signed with " + " and ".join(["Tech Park"] * (n // 14)) + "."
    if kind == "hyphens":      # capitalised words joined by hyphens
        return "Delegates of " + "-".join(["Alpha", "Beta", "Gamma", "Delta"] * (n // 22)) + " visited."
    if kind == "commas":
        return "Text " + "," * n + " end."
    if kind == "parens":
        return "Text " + "(" * n + " end."
    if kind == "bangs":
        return "Text " + "![" * (n // 2) + " end."
    if kind == "brackets":     # Markdown "[[[["
        return "Text " + "[" * n + " end."
    if kind == "caps":         # a wall of capitalised words, no punctuation
        return "The forum was attended by " + " ".join(["Tech Park Alpha"] * (n // 16)) + "."
    if kind == "sentences":    # many one-name sentences: dense in names, every sentence short
        return "Tech Park. " * (n // 11)
    if kind == "forum_list":   # event triggers repeated in one sentence
        return "Tech Park took part in " + ", ".join(["the Digital Forum of Tech Park"] * (n // 32)) + "."
    raise ValueError(kind)


# A process that swaps two paths as fast as it can (renameat2 RENAME_EXCHANGE where the
# kernel has it): a raw sub-folder and a symlink to outside it trade places mid-read.
SWAPPER = r"""
import ctypes, os, sys
a, b = sys.argv[1].encode(), sys.argv[2].encode()
libc = ctypes.CDLL(None, use_errno=True)
exchange = getattr(libc, "renameat2", None)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
print("ready", flush=True)
while True:
    if exchange is not None and exchange(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0:
        continue
    exchange = None  # no renameat2: swap with three renames (wider windows, same idea)
    os.rename(a, a + b".tmp"); os.rename(b, a); os.rename(a + b".tmp", b)
"""


def reads_during_swap(raw: Path, rel: str, tries: int, limits: Limits) -> tuple[int, int, dict[str, int]]:
    """Read `raw/rel` `tries` times while SWAPPER runs: (reads of the inside file
    (INSIDEMARK), reads of the outside one (OUTSIDEMARK), rejects by reason)."""
    from pipeline.ingest.sources import ingest_path

    inside = leaked = 0
    reasons: dict[str, int] = {}
    for _ in range(tries):
        articles, rejects = ingest_path(raw, rel, limits)
        for a in articles:
            if "OUTSIDEMARK" in a.body:
                leaked += 1
            elif "INSIDEMARK" in a.body:
                inside += 1
        for r in rejects:
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
    return inside, leaked, reasons
