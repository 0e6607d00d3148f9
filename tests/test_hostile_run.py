"""One run over hostile inputs (issue 12, findings 1, 4 and 7): each bad file becomes
a reject or a repaired article, the run finishes in bounded time and publishes the
good articles."""
from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from conftest import run_job

pytestmark = pytest.mark.slow

GOOD = [
    "Tartu Technology Park signed a memorandum of understanding with the Latvian IT Cluster in Riga "
    "on 4 March 2024. The parties will run joint start-up programmes.",
    "A delegation of Astana Hub visited the High Technology Park of Belarus in Minsk on 12 May 2024 "
    "to discuss cooperation in software exports.",
    "IT Park Uzbekistan and the Innovation Agency of Chile signed a cooperation agreement at the "
    "Digital Bridge Forum in Tashkent on 20 September 2024.",
]


def test_hostile_inputs_are_rejects_and_the_rest_publish(folders, instance):
    raw, out = folders
    for i, text in enumerate(GOOD):
        (raw / f"good{i}.txt").write_text(f"Park news {i}\n\n{text}\n", encoding="utf-8")
    # lone surrogates in url and publisher (they failed the run at publish)
    (raw / "surrogate.json").write_text(json.dumps({
        "text": "Kyiv IT Cluster signed a memorandum with the Technopark of Lodz on 2 June 2024.",
        "url": "https://example.org/\ud800", "publisher": "Pub\udc80 Daily", "title": "Cluster \ud800 news"}),
        encoding="ascii")
    # one line with a 5,000-digit number among good lines (it rejected the whole file)
    lines = [json.dumps({"text": f"Armenian Tech Park number {i} signed a memorandum with IT Park Kenya."})
             for i in range(3)]
    lines.insert(1, '{"text": "Bulgarian Cluster visited Velmora Tech Park.", "views": ' + "7" * 5000 + "}")
    lines.append("{not json")
    (raw / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # markup in og:site_name
    (raw / "page.html").write_text(
        "<html><head><title>Park signs memorandum</title>"
        '<meta property="og:site_name" content="&lt;b&gt;Park&lt;/b&gt; &lt;i&gt;Daily&lt;/i&gt;">'
        "</head><body><article><h1>Park signs memorandum</h1><p>Kazakhstan Tech Garden signed a memorandum "
        "of understanding with Georgian Innovation Agency in Tbilisi on 3 April 2024. The memorandum covers "
        "joint acceleration programmes for start-ups of both countries and exchanges of mentors.</p>"
        "</article></body></html>", encoding="utf-8")
    # the slow inputs of finding 1, at 64k characters
    (raw / "commas.txt").write_text("Text " + "," * 64_000 + " end.\n", encoding="utf-8")
    (raw / "list.txt").write_text("The forum was attended by " + ", ".join(["Tech Park"] * 5800) + ".\n",
                                  encoding="utf-8")
    (raw / "caps.txt").write_text("The forum was attended by " + " ".join(["Tech Park Alpha"] * 4000) + ".\n",
                                  encoding="utf-8")
    (raw / "and.txt").write_text("The agreement was signed with " + " and ".join(["Tech Park"] * 4600) + ".\n",
                                 encoding="utf-8")
    (raw / "hyphens.txt").write_text("Delegates of " + "-".join(["Alpha", "Beta", "Gamma", "Delta"] * 2900)
                                     + " visited.\n", encoding="utf-8")
    t0 = time.monotonic()
    result = run_job(raw, out, instance, extract_timeout_s=2.0)
    elapsed = time.monotonic() - t0
    assert result.success, [str(e.event_specific_data.error) for e in result.all_events
                            if e.event_type_value == "STEP_FAILURE"]
    latest = out / "latest"
    articles = pd.read_parquet(latest / "articles.parquet")
    rejects = pd.read_parquet(latest / "rejects.parquet")
    by_path = {p: set(g["reason"]) for p, g in rejects.groupby("source_path")}
    for rel in ("caps.txt", "list.txt", "and.txt", "hyphens.txt"):  # rejected before spaCy, naming where
        assert by_path.get(rel) == {"too_complex"}, (rel, by_path.get(rel))
    assert "starts at character" in rejects.set_index("source_path").loc["list.txt", "message"]
    assert by_path.get("lines.jsonl#L5") == {"bad_json_line"}
    assert "lines.jsonl#L2" not in by_path  # the huge number does not cost its article
    assert (articles["source_path"] == "lines.jsonl").sum() == 4
    for rel in ("good0.txt", "good1.txt", "good2.txt", "surrogate.json", "page.html"):
        assert rel in set(articles["source_path"]), (rel, by_path)
    s = articles.set_index("source_path").loc["surrogate.json"]
    assert s["url"] is None or pd.isna(s["url"])
    assert s["publisher"] == "Pub\ufffd Daily"
    page = articles.set_index("source_path").loc["page.html"]
    assert page["publisher"] is None or "<" not in page["publisher"]
    # commas.txt is either extracted or rejected, never a stall
    for rel in ("commas.txt",):
        assert rel in set(articles["source_path"]) or by_path.get(rel, set()) & {"extract_timeout", "too_complex",
                                                                                  "no_text"}
    assert elapsed < 300
