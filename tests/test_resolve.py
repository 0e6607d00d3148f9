"""Cross-article resolution rules (pure functions, hand-built extractions)."""
from __future__ import annotations

import datetime as dt

from pipeline.models import (Article, ArticleExtraction, LocalAgreement, LocalEngagement,
                             LocalOrg, Member, OrgMention)
from pipeline.resolve.tables import build_tables


def article(aid: str, date: dt.date | None = None) -> Article:
    return Article(aid, aid * 4, f"{aid}.txt", None, date, None, None, "en", "body", 1)


def extraction(aid: str, orgs: list[LocalOrg], agreements=(), engagements=()) -> ArticleExtraction:
    mentions = [OrgMention(i, o.name, 0, len(o.name)) for i, o in enumerate(orgs)]
    return ArticleExtraction(aid, "test", list(orgs), mentions, list(agreements), list(engagements))


def mou(*entities: int, date=None) -> LocalAgreement:
    return LocalAgreement("memorandum_of_understanding", "signed",
                          [Member(e, "party") for e in entities], "They signed.", signed_date=date)


def names_by_article(tables) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _, o in tables["organisations"].iterrows():
        for a in o["source_article_ids"]:
            out.setdefault(a, set()).add(o["org_id"])
    return out


def test_spellings_of_one_org_share_an_id_and_generic_names_do_not():
    a = extraction("a" * 16, [LocalOrg("Oulu Tech Park", country="FI"), LocalOrg("Technopark")])
    b = extraction("b" * 16, [LocalOrg("Oulu Technology Park", country="FI"), LocalOrg("Technopark")])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    orgs = t["organisations"]
    oulu = orgs[orgs["name"].str.startswith("Oulu")]
    assert len(oulu) == 1 and oulu.iloc[0]["article_count"] == 2
    # Two country-less "Technopark"s may be different parks: never merged.
    assert len(orgs[orgs["name"] == "Technopark"]) == 2


def test_same_name_in_two_countries_stays_apart():
    a = extraction("a" * 16, [LocalOrg("IT Park", country="UZ")])
    b = extraction("b" * 16, [LocalOrg("IT Park", country="TJ")])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    assert len(t["organisations"]) == 2


def test_one_agreement_reported_by_two_articles_is_one_row():
    orgs = [LocalOrg("Nordic Robotics Cluster", country="SE"), LocalOrg("Ankara Teknopark", country="TR")]
    a = extraction("a" * 16, orgs, [mou(0, 1, date=dt.date(2024, 3, 14))])
    b = extraction("b" * 16, list(reversed(orgs)), [mou(1, 0)])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    assert len(t["agreements"]) == 1
    row = t["agreements"].iloc[0]
    assert row["source_article_ids"] == ["a" * 16, "b" * 16]
    assert row["signed_date"] == dt.date(2024, 3, 14)
    assert len(t["agreement_parties"]) == 2


def test_reports_sharing_one_undated_organisation_are_not_merged():
    hub = LocalOrg("Lagos Code Hub", country="NG")
    a = extraction("a" * 16, [hub], engagements=[LocalEngagement("workshop", "occurred", [Member(0, "organiser")], "x")])
    b = extraction("b" * 16, [hub], engagements=[LocalEngagement("workshop", "occurred", [Member(0, "organiser")], "y")])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    assert len(t["engagements"]) == 2


def test_dates_more_than_three_days_apart_are_different_events():
    orgs = [LocalOrg("Tartu Science Park", country="EE"), LocalOrg("Riga Digital Hub", country="LV")]
    a = extraction("a" * 16, orgs, [mou(0, 1, date=dt.date(2024, 3, 1))])
    b = extraction("b" * 16, orgs, [mou(0, 1, date=dt.date(2024, 9, 1))])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    assert len(t["agreements"]) == 2


def test_an_undated_report_is_not_merged_with_a_signing_dated_after_it_was_published():
    orgs = [LocalOrg("Tartu Science Park", country="EE"), LocalOrg("Riga Digital Hub", country="LV"),
            LocalOrg("Baltic Angels", country="LV")]
    a = extraction("a" * 16, orgs, [mou(0, 1, 2)])
    b = extraction("b" * 16, orgs, [mou(0, 1, 2, date=dt.date(2024, 9, 1))])
    c = extraction("c" * 16, orgs, [mou(0, 1, 2, date=dt.date(2024, 3, 2))])
    arts = [article("a" * 16, dt.date(2024, 3, 3)), article("b" * 16), article("c" * 16)]
    t = build_tables(arts, {x.article_id: x for x in (a, b, c)})
    rows = sorted(t["agreements"]["source_article_ids"].map(tuple))
    # a's report (published 3 March) may be c's signing of 2 March, not b's of September
    assert rows == [("a" * 16, "c" * 16), ("b" * 16,)]


def test_adding_an_article_keeps_ids_it_does_not_touch():
    a = extraction("a" * 16, [LocalOrg("Tartu Science Park", country="EE"),
                              LocalOrg("Riga Digital Hub", country="LV")], [mou(0, 1)])
    c = extraction("c" * 16, [LocalOrg("Nairobi Garage", country="KE")])
    one = build_tables([article("a" * 16)], {a.article_id: a})
    two = build_tables([article("a" * 16), article("c" * 16)], {a.article_id: a, c.article_id: c})
    assert set(one["organisations"]["org_id"]) < set(two["organisations"]["org_id"])
    assert list(one["agreements"]["agreement_id"]) == list(two["agreements"]["agreement_id"])


def test_embassies_link_only_with_their_seat():
    a = extraction("a" * 16, [LocalOrg("Embassy of India in Uzbekistan", ["Embassy of India"], country="IN")])
    b = extraction("b" * 16, [LocalOrg("Embassy of India in Switzerland", ["Embassy of India"], country="IN")])
    c = extraction("c" * 16, [LocalOrg("Embassy of India in Uzbekistan", country="IN")])
    t = build_tables([article(x.article_id) for x in (a, b, c)], {x.article_id: x for x in (a, b, c)})
    counts = sorted(t["organisations"]["article_count"])
    assert counts == [1, 2]


def test_transliterated_head_nouns_link():
    a = extraction("a" * 16, [LocalOrg("Meriç Teknopark", country="TR")])
    b = extraction("b" * 16, [LocalOrg("Meric Technopark", country="TR")])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    assert len(t["organisations"]) == 1


def test_word_order_small_words_and_demonyms_link_within_one_country():
    pairs = [("Institute of Marine Robotics", "Marine Robotics Institute"),
             ("Estonian Venture Company", "Estonia Venture Company"),
             ("Agency for Partnership for Growth", "Agency of Partnership for Growth"),
             ("Tartu Start-Up Mission", "Tartu Startup Mission")]
    for x, y in pairs:
        a = extraction("a" * 16, [LocalOrg(x, country="EE")])
        b = extraction("b" * 16, [LocalOrg(y, country="EE")])
        t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
        assert len(t["organisations"]) == 1, (x, y)
        assert set(t["org_merges"]["rule"]) == {"name_loose_key"}
    # not across countries, not generic names, not an embassy "in" against one "of" a country
    for x, y, cx, cy in [("Institute of Marine Robotics", "Marine Robotics Institute", "EE", "FI"),
                         ("Park of Technology", "Technology Park", "EE", "EE"),
                         ("Swiss Embassy in Latvia", "Swiss Embassy of Latvia", "CH", "CH")]:
        a = extraction("a" * 16, [LocalOrg(x, country=cx)])
        b = extraction("b" * 16, [LocalOrg(y, country=cy)])
        t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
        assert len(t["organisations"]) == 2, (x, y)


def test_a_distinctive_name_links_across_countries_a_generic_one_does_not():
    a = extraction("a" * 16, [LocalOrg("Quorvia Ventures", country="SG"),
                              LocalOrg("Ministry of Economy", country="UZ"),
                              LocalOrg("National Assembly", country="VN")])
    b = extraction("b" * 16, [LocalOrg("Quorvia-Ventures", country="VN"),
                              LocalOrg("Ministry of Economy", country="KZ"),
                              LocalOrg("National Assembly", country="KR")])
    t = build_tables([article("a" * 16), article("b" * 16)], {x.article_id: x for x in (a, b)})
    orgs = t["organisations"]
    assert sorted(orgs["name"])[:4] == ["Ministry of Economy", "Ministry of Economy",
                                        "National Assembly", "National Assembly"]
    assert len(orgs) == 5
    merges = t["org_merges"]
    assert list(merges["rule"]) == ["name_key_distinctive"]


def test_plurals_and_a_country_word_link_within_one_country():
    # invented names: a plural read as a singular, a demonym read as its country
    pairs = [("Malawian Academy of Arts", "Malawi Academy of Art", "MW"),
             ("Special Harbour Zones Authority", "Special Harbour Zone Authority", "KE"),
             ("Kenyan Technology Park", "Technology Park of Kenya", "KE")]
    for x, y, c in pairs:
        a = extraction("a" * 16, [LocalOrg(x, country=c)])
        b = extraction("b" * 16, [LocalOrg(y, country=c)])
        t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
        assert len(t["organisations"]) == 1, (x, y)
        assert set(t["org_merges"]["rule"]) == {"name_loose_key"}
    # still not across countries, nor generic names without a country word
    for x, y, cx, cy in [("Kenyan Technology Park", "Technology Park of Kenya", "KE", "UG"),
                         ("Parks of Technology", "Technology Park", "KE", "KE")]:
        a = extraction("a" * 16, [LocalOrg(x, country=cx)])
        b = extraction("b" * 16, [LocalOrg(y, country=cy)])
        t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
        assert len(t["organisations"]) == 2, (x, y)


def test_an_org_matched_to_the_registry_links_with_its_spelled_out_name():
    from pipeline.reference.registry import Registry, RegistryEntry

    entry = RegistryEntry("mw-lsh", "Lilongwe Startup Harbour", ("LSH",), "incubator_accelerator",
                          "MW", "Lilongwe", None)
    # one article wrote only the acronym (matched to the entry), the other a spelling
    # the registry lookup missed
    a = extraction("a" * 16, [LocalOrg("LSH", country="MW", registry_id="mw-lsh")])
    b = extraction("b" * 16, [LocalOrg("Lilongwe Start-up Harbour", country="MW")])
    t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)},
                     registry=Registry([entry], "test"))
    assert len(t["organisations"]) == 1
    assert t["organisations"].iloc[0]["name"] == "Lilongwe Startup Harbour"


def test_names_differing_by_nested_field_words_link():
    names = ["Vantoria Science and Technology Park", "Vantoria Technology Park", "Vantoria Park"]
    exts = [extraction(c * 16, [LocalOrg(n, country="KE")]) for c, n in zip("abc", names)]
    t = build_tables([article(e.article_id) for e in exts], {e.article_id: e for e in exts})
    assert len(t["organisations"]) == 1
    # field words that do not nest may name two bodies; schools, other countries stay apart
    for x, y, cy in [("Vantoria Research Center", "Vantoria Innovation Center", "KE"),
                     ("Vantoria University of Technology", "Vantoria University of Science and Technology", "KE"),
                     ("Kisumu Technology Park", "Kisumu Park", "UG")]:
        names = [x, y] + (["Vantoria Center"] if "Center" in x else [])
        exts = [extraction(c * 16, [LocalOrg(n, country="KE" if c == "a" else cy)])
                for c, n in zip("abc", names)]
        t = build_tables([article(e.article_id) for e in exts], {e.article_id: e for e in exts})
        assert len(t["organisations"]) == len(names), (x, y)
    # a distinctive rest (no place) links whatever country each article gave it
    a = extraction("a" * 16, [LocalOrg("Vantoria Science Park", country="KE")])
    b = extraction("b" * 16, [LocalOrg("Vantoria Science and Technology Park", country="US")])
    t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
    assert len(t["organisations"]) == 1


def test_spacing_and_a_run_written_as_its_acronym_link_within_one_country():
    pairs = [("Brightwell IC", "BrightwellIC"),
             ("Centre of Applied Robotics Tavolin", "CAR Tavolin"),
             ("Hill Park of Zomba National Academy of Letters", "ZNAL Hill Park")]
    for x, y in pairs:
        a = extraction("a" * 16, [LocalOrg(x, country="MW")])
        b = extraction("b" * 16, [LocalOrg(y, country="MW")])
        t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
        assert len(t["organisations"]) == 1, (x, y)
    # two spelt-out names with the same initials are not linked; nor across countries
    for x, y, cy in [("Institute of Space Technology Zomba", "Institute of Science and Technology Zomba", "MW"),
                     ("Centre of Applied Robotics Tavolin", "CAR Tavolin", "ZM")]:
        a = extraction("a" * 16, [LocalOrg(x, country="MW")])
        b = extraction("b" * 16, [LocalOrg(y, country=cy)])
        t = build_tables([article("a" * 16), article("b" * 16)], {e.article_id: e for e in (a, b)})
        assert len(t["organisations"]) == 2, (x, y)


def test_a_registry_other_gives_way_to_the_articles_type():
    # a registry "other" says only that the entry fits no type; what the articles typed
    # the organisation as (by its name's head) is published instead
    from types import SimpleNamespace

    from pipeline.resolve.tables import _org_type
    other = SimpleNamespace(org_type="other")
    park = SimpleNamespace(org_type="technology_park")
    assert _org_type(other, ["intergovernmental_organisation"] * 2 + ["other"]) == \
        "intergovernmental_organisation"
    assert _org_type(other, []) == "other"
    assert _org_type(park, ["company"]) == "technology_park"
    assert _org_type(None, ["academic", "academic", "company"]) == "academic"
