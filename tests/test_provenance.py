"""Provenance in the published data (issue 9): every mention says which rule found it,
and organisations, agreements and engagements carry the learned models' confidence."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import copy_articles, run_job
from pipeline import schemas
from pipeline.extract import ArticleInput, extract_articles
from pipeline.learn.apply import Models, apply_models
from pipeline.learn.corpus import load_corpus
from pipeline.models import (MENTION_RULES, Article, ArticleExtraction, LocalAgreement,
                             LocalEngagement, LocalOrg, Member, OrgMention)
from pipeline.resolve.tables import build_tables

LEARN = Path(__file__).parent / "articles" / "learn"
CONFIDENCE_TABLES = ("organisations", "agreements", "engagements")


def test_the_contract_lists_exactly_the_rules_extraction_can_give():
    assert schemas.load_spec("mentions").column("rule").enum == MENTION_RULES
    for t in CONFIDENCE_TABLES:
        col = schemas.load_spec(t).column("confidence")
        assert (col.type, col.nullable, col.minimum, col.maximum) == ("float64", True, 0, 1)
        # at the end, so existing column positions do not move
        assert schemas.load_spec(t).column_names[-1] == "confidence"


def test_a_release_carries_the_rule_of_every_mention_and_the_models_confidence(folders, instance):
    raw, out = folders
    copy_articles(raw, "tallinn-mou.txt", "tallinn-mou-copy.txt", "lagos-visit.txt")
    res = run_job(raw, out, instance)
    assert res.success
    latest = out / "latest"

    mentions = pd.read_parquet(latest / "mentions.parquet")
    assert len(mentions) > 0
    assert mentions["rule"].notna().all()
    assert set(mentions["rule"].astype(str)) <= set(MENTION_RULES)
    # Tehnopol is in the reference registry: the registry rule found it in every article
    tehnopol = mentions[mentions["surface"] == "Tallinn Science Park Tehnopol"]
    assert len(tehnopol) > 0 and set(tehnopol["rule"].astype(str)) == {"registry"}
    assert str(mentions["rule"].dtype) == "category"  # an enum: dictionary-encoded

    for t in CONFIDENCE_TABLES:
        df = pd.read_parquet(latest / f"{t}.parquet")
        assert len(df) > 0, t
        assert str(df["confidence"].dtype) == "float64", t
        # the committed models judge every organisation, agreement and engagement
        assert df["confidence"].notna().all(), t
        assert df["confidence"].between(0, 1).all(), t
        field = pq.read_schema(latest / f"{t}.parquet").field("confidence")
        assert str(field.type) == "double" and field.nullable
        # the CSV holds the same numbers, as plain decimals
        rows = list(csv.DictReader(io.StringIO((latest / f"{t}.csv").read_text("utf-8"))))
        from_csv = sorted(float(r["confidence"]) for r in rows)
        assert from_csv == sorted(df["confidence"]), t
        assert not any("e" in r["confidence"].lower() for r in rows)

    dp = json.loads((latest / "datapackage.json").read_text("utf-8"))
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]}
              for r in dp["resources"] if r.get("type") == "table"}
    assert fields["mentions"]["rule"]["constraints"]["enum"] == list(MENTION_RULES)
    assert fields["organisations"]["confidence"]["type"] == "number"
    assert fields["organisations"]["confidence"]["constraints"] == {"minimum": 0, "maximum": 1}
    readme = (latest / "README.md").read_text("utf-8")
    assert "| `rule` | string | yes |" in readme and "| `confidence` | float64 | no |" in readme


@pytest.fixture(scope="module")
def corpus():
    return load_corpus([LEARN])


def test_confidence_is_the_keep_probability_and_null_without_models(corpus):
    ex = corpus[0]
    orgs, mentions, ags, ens = apply_models(ex.ro, Models.empty())
    assert orgs and all(o.confidence is None for o in orgs)
    assert all(e.confidence is None for e in ags + ens)
    # every mention keeps the rule that found it through the judging
    assert [m.rule for m in mentions] == [m.rule for m in ex.ro.mentions]
    assert {m.rule for m in mentions} <= set(MENTION_RULES)

    models = Models.load(Path(__file__).resolve().parent.parent / "pipeline/data/models")
    orgs, mentions, ags, ens = apply_models(ex.ro, models)
    assert orgs and all(o.confidence is not None and 0 <= o.confidence <= 1 for o in orgs)
    assert all(e.confidence is not None and 0 <= e.confidence <= 1 for e in ags + ens)
    by_name = {o.name: o.confidence for o in orgs}
    for o, f in zip(ex.ro.orgs, ex.ro.org_feats):
        if o.name in by_name:
            assert by_name[o.name] == round(models.org_keep.p_true(f), 4)
    assert all(o.confidence is None for o in ex.ro.orgs)  # the rule output is not changed


def test_extraction_says_which_rule_found_each_mention():
    bodies = [
        # a name read from its company context, a head-noun name, a bare later occurrence of
        # a name already found (sweep), a reference back (anaphor)
        "Tenants include startups such as Quorvia and Brisk Labs, the Norvale Technology Park "
        "said on Monday. Quorvia builds drones. The park thanked quorvia.",
        # an acronym defined in brackets and used again
        "Norvale Technology Park (NTP) signed an agreement with Brisk Labs on Monday. NTP will "
        "host the team. Later, NTP said the deal was its largest.",
    ]
    res = list(extract_articles([ArticleInput(f"a{i}", b) for i, b in enumerate(bodies)]))
    assert not any(isinstance(r, Exception) for r in res)
    found = [{(m.surface, m.rule) for m in r.mentions} for r in res]
    assert {("Quorvia", "company"), ("Brisk Labs", "head"), ("Norvale Technology Park", "head"),
            ("Quorvia", "sweep"), ("park", "anaphor")} <= found[0]
    assert {("Norvale Technology Park", "head"), ("NTP", "acr")} <= found[1]
    for body, r in zip(bodies, res):
        assert all(m.rule in MENTION_RULES for m in r.mentions)
        assert all(body[m.char_start:m.char_end] == m.surface for m in r.mentions)


def test_the_cache_round_trips_rule_and_confidence_and_reads_old_entries():
    ex = ArticleExtraction(
        "a" * 16, "v1",
        [LocalOrg("Norvale Technology Park", confidence=0.8123), LocalOrg("Brisk Labs")],
        [OrgMention(0, "Norvale Technology Park", 0, 23, "registry"),
         OrgMention(1, "Brisk Labs", 40, 50, "company"), OrgMention(0, "the park", 60, 68, "anaphor")],
        [LocalAgreement("contract", "signed", [Member(0, "party"), Member(1, "party")], "x.",
                        signed_date=dt.date(2024, 5, 6), confidence=0.5)],
        [LocalEngagement("visit", "occurred", [Member(0, "host")], "y.", confidence=None)])
    back = ArticleExtraction.from_json(ex.to_json())
    assert back == ex
    assert [m.rule for m in back.mentions] == ["registry", "company", "anaphor"]
    # an entry written before these fields existed still loads (defaults)
    old = json.loads(ex.to_json())
    for o in old["organisations"]:
        del o["confidence"]
    for m in old["mentions"]:
        del m["rule"]
    del old["agreements"][0]["confidence"]
    del old["engagements"][0]["confidence"]
    legacy = ArticleExtraction.from_json(json.dumps(old))
    assert legacy.organisations[0].confidence is None and legacy.agreements[0].confidence is None
    assert {m.rule for m in legacy.mentions} == {"head"}


def _article(aid: str) -> Article:
    return Article(aid, aid * 4, f"{aid}.txt", None, dt.date(2024, 5, 6), None, None, "en", "b", 1)


def _extraction(aid: str, conf_org: float | None, conf_partner: float | None,
                conf_deal: float | None, conf_visit: float | None) -> ArticleExtraction:
    orgs = [LocalOrg("Norvale Technology Park", country="FI", confidence=conf_org),
            LocalOrg("Quorvia Robotics Cluster", country="SE", confidence=conf_partner)]
    mentions = [OrgMention(0, orgs[0].name, 0, 23, "head"), OrgMention(1, orgs[1].name, 30, 54, "ent")]
    deal = LocalAgreement("memorandum_of_understanding", "signed",
                          [Member(0, "party"), Member(1, "party")], f"They signed ({aid}).",
                          signed_date=dt.date(2024, 5, 3), confidence=conf_deal)
    visit = LocalEngagement("visit", "occurred", [Member(0, "host"), Member(1, "visitor")],
                            f"A visit ({aid}).", start_date=dt.date(2024, 5, 2), confidence=conf_visit)
    return ArticleExtraction(aid, "test", orgs, mentions, [deal], [visit])


def test_resolution_keeps_the_highest_confidence_of_the_merged_rows():
    a = _extraction("a" * 16, 0.41, None, 0.3, None)
    b = _extraction("b" * 16, 0.93, None, 0.85, None)
    t = build_tables([_article("a" * 16), _article("b" * 16)], {x.article_id: x for x in (a, b)})
    orgs = t["organisations"].set_index("name")
    assert orgs.loc["Norvale Technology Park", "article_count"] == 2
    assert orgs.loc["Norvale Technology Park", "confidence"] == 0.93
    assert pd.isna(orgs.loc["Quorvia Robotics Cluster", "confidence"])  # no model judged it
    [deal] = t["agreements"].to_dict("records")
    assert len(deal["source_article_ids"]) == 2 and deal["confidence"] == 0.85
    [visit] = t["engagements"].to_dict("records")
    assert len(visit["source_article_ids"]) == 2 and pd.isna(visit["confidence"])
    # one judged report is enough for a value; the order of articles does not matter
    t2 = build_tables([_article("b" * 16), _article("a" * 16)],
                      {x.article_id: x for x in (_extraction("a" * 16, None, 0.2, None, 0.6),
                                                 _extraction("b" * 16, None, None, None, None))})
    assert t2["engagements"]["confidence"].tolist() == [0.6]
    assert t2["organisations"].set_index("name").loc["Quorvia Robotics Cluster", "confidence"] == 0.2
    assert set(t["mentions"]["rule"]) == {"head", "ent"}
    for name in ("organisations", "agreements", "engagements", "mentions"):
        assert schemas.validate_table(name, schemas.coerce(name, t[name])) == []
