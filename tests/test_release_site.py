"""What people see in a release: cooperation_edges, statistics.json and the static site,
checked on releases made by the real job (Dagster) from articles written for the tests,
and the page itself in Debian's headless Chromium."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import copy_articles, run_job
from pipeline.resolve import edges
from pipeline import schemas
from pipeline.publish import statistics

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
ART = ["a" * 16, "b" * 16]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One release of three test articles, made by the `techbridges` job."""
    tmp = tmp_path_factory.mktemp("site")
    raw, out = tmp / "raw", tmp / "out"
    raw.mkdir()
    copy_articles(raw, "lagos-visit.txt", "tallinn-mou.txt")
    with dg.instance_for_test() as instance:
        res = run_job(raw, out, instance)
        assert res.success
        evals = {e.check_name: e.passed for e in res.get_asset_check_evaluations()}
        # what the UI shows: run tags, the release's links, each table's published files
        evals["_tags"] = instance.get_run_by_id(res.run_id).tags
        [mat] = res.asset_materializations_for_node("release")
        evals["_release_md"] = dict(mat.metadata)
        evals["_observed"] = {
            t: [dict(r.asset_observation.metadata) for r in instance.fetch_observations(
                dg.AssetKey(t), limit=5).records if r.run_id == res.run_id]
            for t in schemas.TABLES}
    folder = out / "latest"
    return out, folder.resolve(), evals


def parquet(folder: Path, table: str) -> pd.DataFrame:
    return schemas.coerce(table, pq.read_table(folder / f"{table}.parquet").to_pandas())


# ------------------------------------------------------------------------ edges


def fact_tables() -> dict[str, pd.DataFrame]:
    d = dt.date
    return {
        "agreements": pd.DataFrame({
            "agreement_id": ["agr-1"], "agreement_type": ["memorandum_of_understanding"],
            "status": ["signed"], "signed_date": [d(2024, 3, 2)],
            "source_article_ids": [[ART[0]]]}),
        "agreement_parties": pd.DataFrame({
            "agreement_id": ["agr-1"] * 4, "org_id": ["org-c", "org-a", "org-b", "org-w"],
            "role": ["party", "party", "funder", "witness"]}),
        "engagements": pd.DataFrame({
            "engagement_id": ["eng-1", "eng-2"], "engagement_type": ["visit", "forum"],
            "status": ["occurred", "planned"], "start_date": [None, d(2025, 1, 9)],
            "source_article_ids": [[ART[1]], [ART[0], ART[1]]]}),
        "engagement_participants": pd.DataFrame({
            "engagement_id": ["eng-1", "eng-1", "eng-2"], "org_id": ["org-b", "org-a", "org-a"],
            "role": ["visitor", "host", "organiser"]}),
    }


def test_edges_join_parties_and_participants_once_per_fact():
    e = edges.cooperation_edges(fact_tables())
    got = sorted(zip(e["fact_id"], e["org_a"], e["org_b"], e["relation"], e["status"]))
    assert got == [
        # three parties and funders -> three pairs; the witness is not a party
        ("agr-1", "org-a", "org-b", "memorandum_of_understanding", "signed"),
        ("agr-1", "org-a", "org-c", "memorandum_of_understanding", "signed"),
        ("agr-1", "org-b", "org-c", "memorandum_of_understanding", "signed"),
        ("eng-1", "org-a", "org-b", "visit", "occurred"),
        # eng-2 has one participant: no edge
    ]
    assert set(e["date"]) == {dt.date(2024, 3, 2), None}
    assert list(e.columns) == schemas.load_spec("cooperation_edges").column_names
    assert schemas.validate_table("cooperation_edges", e) == []


def test_contract_refuses_an_edge_in_the_wrong_order_or_to_an_unknown_org():
    e = edges.cooperation_edges(fact_tables())
    flipped = e.copy()
    flipped.loc[0, ["org_a", "org_b"]] = [e.loc[0, "org_b"], e.loc[0, "org_a"]]
    assert any("org_a" in m for m in schemas.validate_table("cooperation_edges", flipped))
    orgs = pd.DataFrame({"org_id": ["org-a", "org-b"]})
    errors = schemas.cross_table_errors({"cooperation_edges": e, "organisations": orgs,
                                         "articles": pd.DataFrame({"article_id": ART})})
    assert any("cooperation_edges" in m and "org-c" in m for m in errors)


@pytest.mark.slow
def test_ui_links_tables_and_release_to_published_files(published):
    out, folder, info = published
    tags = info["_tags"]
    assert tags["techbridges/outcome"] == "published"
    assert tags["techbridges/release_id"] == folder.name
    assert int(tags["techbridges/organisations"]) == len(parquet(folder, "organisations"))
    md = info["_release_md"]
    assert md["site"].value == str(folder / "index.html") and (folder / "index.html").exists()
    assert md["files"].value["agreements.parquet"] == str(folder / "agreements.parquet")
    for t in schemas.TABLES:
        [obs] = info["_observed"][t]
        assert obs["published_parquet"].value == str(folder / f"{t}.parquet"), t
        assert Path(obs["published_csv"].value).is_file() and obs["release_id"].value == folder.name


@pytest.mark.slow
def test_release_has_validated_edges_matching_its_facts(published):
    out, folder, evals = published
    assert evals["cooperation_edges_matches_contract"] is True
    e = parquet(folder, "cooperation_edges")
    parties = parquet(folder, "agreement_parties")
    participants = parquet(folder, "engagement_participants")
    assert len(e) > 0
    want = set()
    for fid, grp in parties[parties.role != "witness"].groupby("agreement_id"):
        orgs = sorted(set(grp.org_id))
        want |= {(fid, a, b) for i, a in enumerate(orgs) for b in orgs[i + 1:]}
    for fid, grp in participants.groupby("engagement_id"):
        orgs = sorted(set(grp.org_id))
        want |= {(fid, a, b) for i, a in enumerate(orgs) for b in orgs[i + 1:]}
    assert set(zip(e.fact_id, e.org_a, e.org_b)) == want
    # ready for network tools: networkx reads the CSV edge list as is
    import networkx as nx

    csv = pd.read_csv(folder / "cooperation_edges.csv")
    g = nx.from_pandas_edgelist(csv, "org_a", "org_b", edge_attr=["relation"])
    assert g.number_of_edges() == len(set(zip(e.org_a, e.org_b)))


# ------------------------------------------------------------------------ statistics


@pytest.mark.slow
def test_statistics_json_agrees_with_the_tables(published):
    _, folder, _ = published
    stats = json.loads((folder / "statistics.json").read_text(encoding="utf-8"))
    assert statistics.validate_statistics(stats) == []
    assert stats["release_id"] == folder.name
    tables = {t: parquet(folder, t) for t in schemas.TABLES}
    assert stats["counts"] == {t: len(df) for t, df in tables.items()}
    orgs, agr, eng = tables["organisations"], tables["agreements"], tables["engagements"]
    assert stats["organisations"]["by_type"] == orgs.org_type.value_counts().to_dict() | {}
    assert sum(stats["agreements"]["by_year"].values()) == len(agr)
    assert stats["engagements"]["by_type"] == eng.engagement_type.value_counts().to_dict()
    facts = len(agr) + len(eng)
    dated = agr.signed_date.notna().sum() + eng.start_date.notna().sum()
    assert stats["coverage"]["facts"] == facts
    assert stats["coverage"]["facts_with_date"] == round(dated / facts, 4)
    top = stats["most_connected"][0]
    e = tables["cooperation_edges"]
    partners = set(e[e.org_a == top["org_id"]].org_b) | set(e[e.org_b == top["org_id"]].org_a)
    assert top["partners"] == len(partners) == max(
        len(set(e[e.org_a == o].org_b) | set(e[e.org_b == o].org_a)) for o in orgs.org_id)


@pytest.mark.slow
def test_statistics_that_disagree_are_refused(published):
    _, folder, _ = published
    stats = json.loads((folder / "statistics.json").read_text(encoding="utf-8"))
    stats["counts"]["organisations"] += 1
    assert any("organisations.by_type" in m for m in statistics.validate_statistics(stats))
    stats = json.loads((folder / "statistics.json").read_text(encoding="utf-8"))
    stats["coverage"]["facts_with_date"] = 1.5
    assert any("coverage/facts_with_date" in m for m in statistics.validate_statistics(stats))


# ------------------------------------------------------------------------ the pages


@pytest.mark.slow
def test_pages_are_local_and_list_every_file(published):
    out, folder, _ = published
    html = (folder / "index.html").read_text(encoding="utf-8")
    # nothing is fetched from another site when the page is viewed
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in (folder / "site.css").read_text()
    sums = dict(reversed(line.split("  ")) for line in
                (folder / "SHA256SUMS").read_text().splitlines())
    for name, digest in sums.items():
        if name != "index.html":
            assert f'href="{name}"' in html, name
            assert digest in html, name
    assert "CC-BY-4.0" in html or "Creative Commons Attribution 4.0" in html
    assert str(out) not in html and str(ROOT) not in html  # no machine paths
    top = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="releases/{folder.name}/index.html"' in top
    dp = json.loads((folder / "datapackage.json").read_text())
    assert str(out) not in json.dumps(dp) and dp["_run"]["raw_folder"] == "raw"


def chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture
def browser():
    paths = chromium_paths()
    if paths is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium: .ci/run installs chromium and chromium-driver")
        pytest.skip("chromium and chromedriver (Debian: apt-get install chromium "
                    "chromium-driver) are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,2000"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(paths[1]), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.slow
def test_release_page_in_headless_chromium(published, browser):
    from selenium.webdriver.common.by import By

    out, folder, _ = published
    stats = json.loads((folder / "statistics.json").read_text(encoding="utf-8"))
    browser.get((folder / "index.html").as_uri())
    assert browser.find_element(By.ID, "release-id").text == folder.name

    # the counts of the release
    for table in ("organisations", "agreements", "engagements", "cooperation_edges"):
        shown = browser.find_element(By.CSS_SELECTOR, f'[data-count="{table}"]').text
        assert int(shown.replace(",", "")) == stats["counts"][table]

    # the network picture renders: a dot per organisation with a partner, lines, real size
    svg = browser.find_element(By.ID, "network-picture")
    assert svg.size["width"] > 300 and svg.size["height"] > 300
    dots = svg.find_elements(By.CSS_SELECTOR, "circle")
    assert len(dots) == stats["network"]["organisations_with_partners"]
    assert len(svg.find_elements(By.CSS_SELECTOR, "line")) == stats["network"]["pairs"]
    assert all(d.size["width"] > 0 for d in dots)

    # a search filters a table
    orgs = parquet(folder, "organisations")
    name = orgs.name.iloc[0]
    word = max(name.split(), key=len)
    rows = browser.find_elements(By.CSS_SELECTOR, "#t-organisations tbody tr")
    assert len(rows) == len(orgs)
    box = browser.find_element(By.CSS_SELECTOR, 'input[data-table="t-organisations"]')
    box.send_keys(word)
    visible = [r for r in rows if r.is_displayed()]
    want = [r for r in rows if word.lower() in r.get_attribute("textContent").lower()]
    assert 0 < len(visible) == len(want) < len(rows)
    note = browser.find_element(By.CSS_SELECTOR, '.shown[data-for="t-organisations"]').text
    assert note == f"{len(visible)} of {len(rows)} rows match"  # more than one row here
    box.clear()
    box.send_keys("zzzz-no-such-organisation")
    assert not any(r.is_displayed() for r in rows)

    # everything came from the release folder; no console errors
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith("file://") for u in urls), urls
    nav = browser.find_element(By.CSS_SELECTOR, "nav")
    assert nav.value_of_css_property("position") == "sticky"  # site.css was applied
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    box.clear()
    box.send_keys(word)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(ARTIFACTS / "release-page.png"))
    assert (ARTIFACTS / "release-page.png").stat().st_size > 10_000

    # the list of releases
    browser.get((out / "index.html").as_uri())
    link = browser.find_element(By.CSS_SELECTOR, "#releases tbody tr a")
    assert link.text == folder.name
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
