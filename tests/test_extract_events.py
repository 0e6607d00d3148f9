"""Agreement and engagement extraction on hand-written press items (tests/articles/events).

Organisations are given to the extractor by name (every occurrence in the body becomes
a mention), so these tests pin the event rules and stay independent of the organisation
extractor; one smoke test runs the whole extract_one path as well.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline.extract import ArticleInput, extract_one
from pipeline.extract.events import find_agreements, find_engagements
from pipeline.extract.nlp import load_nlp
from pipeline.models import LocalOrg, OrgMention

ARTICLES = Path(__file__).parent / "articles" / "events"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def orgs_by_name(body: str, names: list[str]) -> tuple[list[LocalOrg], list[OrgMention]]:
    """One LocalOrg per name; every whole-word occurrence in `body` is a mention
    (longest name first where names overlap)."""
    orgs = [LocalOrg(name=n) for n in names]
    cands = []
    for i, n in enumerate(names):
        for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", body):
            cands.append((m.start(), m.end(), i))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    mentions, last = [], -1
    for a, b, i in cands:
        if a >= last:
            mentions.append(OrgMention(i, body[a:b], a, b))
            last = b
    return orgs, mentions


def run(nlp, name: str, orgs: list[str], published: dt.date | None = None):
    body = (ARTICLES / name).read_text(encoding="utf-8")
    art = ArticleInput(article_id=name, body=body, published_date=published)
    doc = nlp(body)
    o, m = orgs_by_name(body, orgs)
    return o, find_agreements(doc, art, o, m), find_engagements(doc, art, o, m)


def members(orgs, row) -> dict[str, str]:
    ms = row.parties if hasattr(row, "parties") else row.participants
    return {orgs[m.entity].name: m.role for m in ms}


def has(d: dict[str, str], fragment: str) -> str | None:
    """Role of the first member whose name contains `fragment` (loose name match)."""
    return next((r for n, r in d.items() if fragment.lower() in n.lower()), None)


# ------------------------------------------------------------------ agreements


def test_mou_signed_today_resolves_to_publication_date_and_place(nlp):
    orgs, ags, _ = run(nlp, "mou_signed_today.txt",
                       ["Nairobi Innovation Park", "Kampala Technology Hub"], dt.date(2023, 3, 14))
    assert len(ags) == 1, "headline, lede and 'the document was signed by' are one agreement"
    a = ags[0]
    assert a.agreement_type == "memorandum_of_understanding"
    assert a.status == "signed"
    assert a.signed_date == dt.date(2023, 3, 14)
    assert set(members(orgs, a)) == {"Nairobi Innovation Park", "Kampala Technology Hub"}
    assert a.location_city == "Nairobi" and a.location_country == "KE"
    assert "today signed a memorandum" in a.evidence


def test_planned_cooperation_agreement_with_date_and_event(nlp):
    orgs, ags, _ = run(nlp, "agreement_planned.txt",
                       ["Mendoza Science Park", "Valparaíso IT Cluster"], dt.date(2024, 3, 28))
    assert len(ags) == 1
    a = ags[0]
    assert a.agreement_type == "cooperation_agreement"
    assert a.status == "planned"
    assert a.signed_date == dt.date(2024, 4, 11)
    assert a.event_name == "Andes Tech Summit"
    assert len(a.parties) == 2


def test_grant_agreement_funder_and_weekday(nlp):
    # published on a Thursday: "on Monday" is three days earlier
    orgs, ags, _ = run(nlp, "grant_agreement.txt",
                       ["Tartu Science Park", "Nordic Digital Foundation"], dt.date(2023, 6, 15))
    assert len(ags) == 1
    a = ags[0]
    assert a.agreement_type == "grant_agreement"
    assert a.status == "signed"
    assert a.signed_date == dt.date(2023, 6, 12)
    m = members(orgs, a)
    assert m == {"Nordic Digital Foundation": "funder", "Tartu Science Park": "party"}


def test_letter_of_intent_with_explicit_date_and_no_second_agreement(nlp):
    orgs, ags, _ = run(nlp, "letter_of_intent.txt", ["Accra Digital Centre", "Lagos Tech Cluster"])
    assert [a.agreement_type for a in ags] == ["letter_of_intent"], \
        "a partnership agreement that 'could follow' is not an agreement"
    assert ags[0].signed_date == dt.date(2022, 10, 5)
    assert ags[0].status == "signed"


def test_parties_from_signatories_sentence_and_yesterday(nlp):
    names = ["Samarkand IT Park", "Bukhara Innovation Centre", "Khiva Digital Incubator"]
    orgs, ags, _ = run(nlp, "parties_next_sentence.txt", names, dt.date(2021, 11, 2))
    assert len(ags) == 1
    a = ags[0]
    assert set(members(orgs, a)) == set(names)
    assert a.signed_date == dt.date(2021, 11, 1)
    assert a.location_city == "Tashkent" and a.location_country == "UZ"


def test_talks_and_possible_memorandum_are_not_agreements(nlp):
    orgs, ags, engs = run(nlp, "not_agreement.txt",
                          ["Porto Digital Park", "Lisbon Startup Association"], dt.date(2022, 5, 20))
    assert ags == []
    meetings = [e for e in engs if e.engagement_type == "meeting"]
    assert len(meetings) == 1
    assert set(members(orgs, meetings[0])) == {"Porto Digital Park", "Lisbon Startup Association"}
    assert meetings[0].status == "occurred"
    assert meetings[0].start_date == dt.date(2022, 5, 19)  # the Thursday before


def test_yearless_date_without_publication_date_stays_null(nlp):
    orgs, ags, _ = run(nlp, "yearless_no_date.txt", ["Cluj IT Cluster", "Iasi Technology Park"])
    assert len(ags) == 1
    assert ags[0].agreement_type == "cooperation_agreement"
    assert ags[0].signed_date is None


def test_yearless_date_resolved_against_publication_date(nlp):
    # published in January: "On April 11" in the past tense is April of the year before
    orgs, ags, _ = run(nlp, "yearless_no_date.txt", ["Cluj IT Cluster", "Iasi Technology Park"],
                       dt.date(2020, 1, 15))
    assert ags[0].signed_date == dt.date(2019, 4, 11)


def test_signing_persons_give_their_organisations_and_witness_is_not_a_party(nlp):
    names = ["Dushanbe Innovation Hub", "Amman Tech Park", "Ministry of Digital Economy"]
    orgs, ags, engs = run(nlp, "signed_with_person.txt", names, dt.date(2023, 9, 1))
    assert len(ags) == 1
    assert ags[0].agreement_type == "memorandum_of_understanding"
    assert set(members(orgs, ags[0])) == {"Dushanbe Innovation Hub", "Amman Tech Park"}
    assert not [e for e in engs if e.engagement_type == "meeting"], "signing is not a meeting"


def test_same_agreement_reported_three_times_is_one_row(nlp):
    orgs, ags, _ = run(nlp, "merge_repeated.txt", ["Bratislava Science Park", "Brno Tech Cluster"],
                       dt.date(2021, 2, 3))
    assert len(ags) == 1
    a = ags[0]
    assert a.signed_date == dt.date(2021, 2, 2)
    assert a.location_city == "Bratislava" and a.location_country == "SK"
    assert len(a.parties) == 2


# ------------------------------------------------------------------ engagements


def test_visit_roles_place_and_talks_fold_into_visit(nlp):
    orgs, _, engs = run(nlp, "visit_host_visitor.txt",
                        ["Penang Technology Park", "Jakarta Digital Valley"], dt.date(2023, 8, 10))
    assert [e.engagement_type for e in engs] == ["visit"], "the talks are part of the visit"
    v = engs[0]
    m = members(orgs, v)
    assert has(m, "Penang") == "visitor" and has(m, "Jakarta") == "host"
    assert v.status == "occurred"
    assert v.start_date == dt.date(2023, 8, 8)  # Tuesday before Thursday 10 August
    assert v.location_country == "ID"


def test_hosted_delegation_reverses_roles_and_second_host_is_second_visit(nlp):
    names = ["Almaty Tech Garden", "Shenzhen Software Park", "Kazakh-German University"]
    orgs, _, engs = run(nlp, "hosted_delegation.txt", names, dt.date(2024, 6, 4))
    visits = [e for e in engs if e.engagement_type == "visit"]
    assert len(visits) == 2
    first = members(orgs, visits[0])
    assert first == {"Almaty Tech Garden": "host", "Shenzhen Software Park": "visitor"}
    assert visits[0].start_date == dt.date(2024, 6, 3)
    second = members(orgs, visits[1])
    assert second == {"Shenzhen Software Park": "visitor", "Kazakh-German University": "host"}


def test_working_visit_then_delegation_visits_another_host(nlp):
    names = ["Tbilisi Technology Park", "Yerevan Engineering City", "Gyumri Technology Centre"]
    orgs, _, engs = run(nlp, "visit_second_host.txt", names, dt.date(2023, 9, 22))
    assert [e.engagement_type for e in engs] == ["visit", "visit"]
    assert members(orgs, engs[0]) == {"Tbilisi Technology Park": "visitor",
                                      "Yerevan Engineering City": "host"}
    assert members(orgs, engs[1]) == {"Tbilisi Technology Park": "visitor",
                                      "Gyumri Technology Centre": "host"}
    assert engs[0].start_date == dt.date(2023, 9, 20)


def test_forum_organiser_participants_dates_and_name(nlp):
    names = ["Baku Technology Park", "Aktau IT Hub", "Turkmen Digital Centre", "Astrakhan Technopark"]
    orgs, _, engs = run(nlp, "forum_participants.txt", names, dt.date(2022, 10, 14))
    forums = [e for e in engs if e.engagement_type == "forum"]
    assert len(forums) == 1
    f = forums[0]
    m = members(orgs, f)
    assert m["Baku Technology Park"] == "organiser"
    assert {m[n] for n in names[1:]} == {"participant"}
    assert (f.start_date, f.end_date) == (dt.date(2022, 10, 12), dt.date(2022, 10, 13))
    assert f.location_city == "Baku" and f.location_country == "AZ"
    assert f.title == "Caspian Innovation Forum"
    assert f.status == "occurred"


def test_planned_workshop_with_funder(nlp):
    orgs, ags, engs = run(nlp, "workshop_planned.txt",
                          ["Riga IT Cluster", "Latvian Investment Agency"], dt.date(2023, 4, 3))
    assert ags == []
    assert len(engs) == 1
    w = engs[0]
    assert w.engagement_type == "workshop" and w.status == "planned"
    assert members(orgs, w) == {"Riga IT Cluster": "organiser", "Latvian Investment Agency": "funder"}


def test_exhibition(nlp):
    orgs, _, engs = run(nlp, "exhibition.txt", ["Kharkiv IT Cluster"], dt.date(2018, 6, 20))
    assert [e.engagement_type for e in engs] == ["exhibition"]
    assert engs[0].location_city in ("Hanover", "Hannover") and engs[0].location_country == "DE"
    assert engs[0].title == "CEBIT 2018"


def test_joint_programme_run_together(nlp):
    orgs, _, engs = run(nlp, "programme_joint.txt", ["Tallinn Startup Hub", "Helsinki Tech Park"],
                        dt.date(2023, 3, 2))
    progs = [e for e in engs if e.engagement_type == "programme"]
    assert len(progs) == 1
    assert set(members(orgs, progs[0]).values()) == {"organiser"}
    assert progs[0].start_date == dt.date(2023, 3, 1)


def test_habitual_profile_has_no_engagements(nlp):
    orgs, ags, engs = run(nlp, "habitual_profile.txt", ["Kigali Innovation City"], dt.date(2023, 1, 1))
    assert ags == [] and engs == []


def test_article_without_organisations_gives_nothing(nlp):
    orgs, ags, engs = run(nlp, "mou_signed_today.txt", [], dt.date(2023, 3, 14))
    assert ags == [] and engs == []


@pytest.mark.slow
def test_full_extraction_path_runs_on_every_article(nlp):
    """extract_one with the real organisation extractor: valid enums and member indexes."""
    from pipeline.models import (AGREEMENT_ROLES, AGREEMENT_STATUSES, AGREEMENT_TYPES,
                                 ENGAGEMENT_ROLES, ENGAGEMENT_STATUSES, ENGAGEMENT_TYPES)
    for path in sorted(ARTICLES.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        x = extract_one(nlp(body), ArticleInput(path.stem, body, None, dt.date(2023, 5, 5)))
        for a in x.agreements:
            assert a.agreement_type in AGREEMENT_TYPES and a.status in AGREEMENT_STATUSES
            assert all(0 <= m.entity < len(x.organisations) and m.role in AGREEMENT_ROLES
                       for m in a.parties)
            assert a.evidence
        for e in x.engagements:
            assert e.engagement_type in ENGAGEMENT_TYPES and e.status in ENGAGEMENT_STATUSES
            assert all(0 <= m.entity < len(x.organisations) and m.role in ENGAGEMENT_ROLES
                       for m in e.participants)
            assert e.evidence


# ------------------------------------------------------------------ harder phrasings


def test_sidelines_event_parent_body_and_witness_are_not_parties(nlp):
    names = ["National Innovation Agency", "Ministry of Digital Development of Mongolia",
             "Dubai Silicon Oasis", "Embassy of Mongolia"]
    orgs, ags, engs = run(nlp, "sidelines_witness_parent.txt", names, dt.date(2023, 10, 20))
    assert len(ags) == 1
    a = ags[0]
    assert set(members(orgs, a)) == {"National Innovation Agency", "Dubai Silicon Oasis"}
    assert a.status == "signed" and a.agreement_type == "memorandum_of_understanding"
    assert a.event_name == "GITEX Global 2023"
    assert (a.location_city, a.location_country) == ("Dubai", "AE")
    assert not [e for e in engs if e.engagement_type == "forum"], "the forum is only the venue"


def test_draft_memorandum_is_planned_and_drafting_day_is_not_the_signing_date(nlp):
    orgs, ags, _ = run(nlp, "draft_expected.txt", ["Minsk Hi-Tech Park", "Novosibirsk Academpark"],
                       dt.date(2023, 5, 18))
    assert len(ags) == 1
    assert ags[0].status == "planned"
    assert ags[0].signed_date is None
    assert len(ags[0].parties) == 2


def test_negated_signing_is_no_agreement(nlp):
    orgs, ags, _ = run(nlp, "not_yet_signed.txt",
                       ["Silesia Automation Cluster", "Ostrava Technology Park"], dt.date(2023, 6, 10))
    assert ags == []


def test_two_agreements_and_implicit_signer(nlp):
    names = ["Smart Village Cairo", "Tunis Digital Hub", "Alexandria Cloud Systems"]
    orgs, ags, _ = run(nlp, "two_agreements.txt", names, dt.date(2023, 5, 15))
    assert [a.agreement_type for a in ags] == ["memorandum_of_understanding", "contract"]
    assert ags[0].signed_date == dt.date(2023, 5, 14)
    assert set(members(orgs, ags[1])) == {"Smart Village Cairo", "Alexandria Cloud Systems"}


def test_a_tally_of_memoranda_is_not_an_agreement(nlp):
    orgs, ags, _ = run(nlp, "counted_memoranda.txt", ["Ulaanbaatar Tech Hub"], dt.date(2024, 1, 10))
    assert ags == []


def test_entered_into_strategic_partnership_agreement(nlp):
    orgs, ags, _ = run(nlp, "entered_into.txt", ["Pune Software Cluster", "Eindhoven High Tech Campus"],
                       dt.date(2022, 11, 10))
    assert len(ags) == 1
    a = ags[0]
    assert a.agreement_type == "cooperation_agreement" and a.status == "signed"
    assert a.signed_date == dt.date(2022, 11, 9)
    assert a.location_country == "NL"


def test_planned_visit(nlp):
    orgs, _, engs = run(nlp, "planned_visit.txt", ["Pangyo Techno Valley", "Hanoi Hi-Tech Park"],
                        dt.date(2023, 5, 18))
    assert len(engs) == 1
    v = engs[0]
    assert v.engagement_type == "visit" and v.status == "planned"
    assert members(orgs, v) == {"Pangyo Techno Valley": "visitor", "Hanoi Hi-Tech Park": "host"}


def test_meeting_between_people_acting_for_organisations(nlp):
    names = ["Gdansk Science and Technology Park", "Vilnius Tech Cluster"]
    orgs, _, engs = run(nlp, "meeting_persons.txt", names, dt.date(2022, 5, 6))
    assert [e.engagement_type for e in engs] == ["meeting"]
    assert set(members(orgs, engs[0])) == set(names)
    assert engs[0].start_date == dt.date(2022, 5, 4)
    assert (engs[0].location_city, engs[0].location_country) == ("Warsaw", "PL")


def test_pavilion_at_a_summit_is_one_exhibition_with_funder(nlp):
    orgs, _, engs = run(nlp, "pavilion_summit.txt", ["IT Ukraine Association", "Ukrainian Startup Fund"],
                        dt.date(2023, 11, 15))
    assert [e.engagement_type for e in engs] == ["exhibition"]
    m = members(orgs, engs[0])
    assert m["Ukrainian Startup Fund"] == "funder"
    assert m["IT Ukraine Association"] == "organiser"


def test_hackathon_organiser_and_sponsor(nlp):
    orgs, _, engs = run(nlp, "hackathon_sponsor.txt", ["Sofia Tech Park", "Balkan Green Ventures"],
                        dt.date(2022, 3, 14))
    assert len(engs) == 1
    h = engs[0]
    assert h.engagement_type == "workshop" and h.start_date == dt.date(2022, 3, 12)
    assert members(orgs, h) == {"Sofia Tech Park": "organiser", "Balkan Green Ventures": "funder"}


def test_round_table_is_a_meeting_of_all_listed(nlp):
    names = ["Armenian Startup Association", "Tumo Labs", "Yerevan IT Chamber"]
    orgs, _, engs = run(nlp, "round_table.txt", names, dt.date(2023, 4, 22))
    assert [e.engagement_type for e in engs] == ["meeting"]
    assert set(members(orgs, engs[0])) == set(names)
    assert engs[0].location_city == "Yerevan"


def test_received_a_visit_from(nlp):
    names = ["Medellín Innovation District", "Guadalajara Software Cluster"]
    orgs, _, engs = run(nlp, "received_visit_from.txt", names, dt.date(2023, 3, 17))
    visits = [e for e in engs if e.engagement_type == "visit"]
    assert len(visits) == 1 and len(engs) == 1, "the meeting is part of the visit"
    assert members(orgs, visits[0]) == {"Medellín Innovation District": "host",
                                        "Guadalajara Software Cluster": "visitor"}
    assert visits[0].start_date == dt.date(2023, 3, 15)


def test_summit_speakers_sentence_and_loi_on_the_sidelines(nlp):
    names = ["Pomeranian Science and Technology Park", "Kiel Innovation Centre",
             "Nordic Innovation House Stockholm", "Estonian Business Incubator Network",
             "Klaipeda Science and Technology Park"]
    orgs, ags, engs = run(nlp, "summit_speakers_and_loi.txt", names, dt.date(2024, 6, 7))
    assert [a.agreement_type for a in ags] == ["letter_of_intent"]
    assert set(members(orgs, ags[0])) == {names[0], names[4]}
    forums = [e for e in engs if e.engagement_type == "forum"]
    assert len(forums) == 1 and len(engs) == 1
    m = members(orgs, forums[0])
    # the signatories of the letter signed on its sidelines took part in the summit
    assert m == {names[0]: "organiser", names[1]: "organiser",
                 names[2]: "participant", names[3]: "participant", names[4]: "participant"}
    assert forums[0].title == "Baltic Sea Innovation Summit"
    assert (forums[0].location_city, forums[0].location_country) == ("Gdynia", "PL")


def test_grant_awarded_then_grant_agreement_signed(nlp):
    names = ["Rwanda Innovation Fund", "Musanze Tech Hub", "Nordic Agritech Alliance"]
    orgs, ags, engs = run(nlp, "grant_awarded_programme.txt", names, dt.date(2023, 9, 4))
    assert len(ags) == 1
    a = ags[0]
    assert a.agreement_type == "grant_agreement"
    assert members(orgs, a) == {"Rwanda Innovation Fund": "funder", "Musanze Tech Hub": "party"}
    assert a.signed_date == dt.date(2023, 9, 1)  # the Friday before Monday 4 September
    progs = [e for e in engs if e.engagement_type == "programme"]
    assert len(progs) == 1 and progs[0].status == "planned"
    assert has(members(orgs, progs[0]), "Nordic") == "funder"


def test_site_furniture_is_no_event(nlp):
    orgs, ags, engs = run(nlp, "noise_site_furniture.txt", ["Tbilisi Tech Park"], dt.date(2023, 1, 1))
    assert ags == [] and engs == []


def test_pronoun_sentence_adds_organisers_to_planned_forum(nlp):
    names = ["Almaty Startup Hub", "Kazakh Venture Association"]
    orgs, _, engs = run(nlp, "forum_pronoun_organisers.txt", names, dt.date(2023, 10, 1))
    assert len(engs) == 1
    f = engs[0]
    assert f.engagement_type == "forum" and f.status == "planned"
    assert f.start_date == dt.date(2023, 11, 14)
    assert members(orgs, f) == {n: "organiser" for n in names}


def test_the_parties_signed_after_talks(nlp):
    names = ["Beirut Digital District", "Irbid Business Incubator"]
    orgs, ags, engs = run(nlp, "parties_signed_after_talks.txt", names, dt.date(2023, 3, 8))
    assert len(ags) == 1
    assert set(members(orgs, ags[0])) == set(names)
    assert ags[0].agreement_type == "memorandum_of_understanding"
    visits = [e for e in engs if e.engagement_type == "visit"]
    assert len(visits) == 1
    assert members(orgs, visits[0]) == {"Beirut Digital District": "host",
                                        "Irbid Business Incubator": "visitor"}


def test_dateline_is_not_the_signing_date_and_similar_memoranda_are_a_tally(nlp):
    # published on Tuesday 23 August 2022: "next Tuesday" is 30 August
    names = ["Lima Tech Park", "Santiago Innovation Park"]
    orgs, ags, engs = run(nlp, "planned_next_weekday_dateline.txt", names, dt.date(2022, 8, 23))
    assert len(ags) == 1, "'similar memoranda with parks in Colombia' is no agreement"
    a = ags[0]
    assert a.agreement_type == "cooperation_agreement" and a.status == "planned"
    assert a.signed_date == dt.date(2022, 8, 30)
    assert a.event_name == "Pacific Alliance Innovation Week"
    assert engs == [], "the week where the document is to be signed is only its venue"


def test_hackathon_partners_are_co_organisers(nlp):
    names = ["Skopje Innovation Hub", "Macedonian ICT Chamber", "City of Skopje"]
    orgs, _, engs = run(nlp, "hackathon_partners.txt", names, dt.date(2021, 11, 22))
    assert len(engs) == 1
    h = engs[0]
    assert h.engagement_type == "workshop"
    assert (h.start_date, h.end_date) == (dt.date(2021, 11, 18), dt.date(2021, 11, 19))
    assert members(orgs, h) == {n: "organiser" for n in names}


def test_study_tour_organiser_is_not_the_host(nlp):
    names = ["Kyrgyz State Technical University", "Astana Hub", "Kyrgyz High Technology Park"]
    orgs, _, engs = run(nlp, "study_tour_organised.txt", names, dt.date(2023, 4, 17))
    visits = [e for e in engs if e.engagement_type == "visit"]
    assert len(visits) == 1
    assert members(orgs, visits[0]) == {"Kyrgyz State Technical University": "visitor",
                                        "Astana Hub": "host",
                                        "Kyrgyz High Technology Park": "organiser"}


def test_week_in_review_keeps_three_separate_events(nlp):
    names = ["Georgian Innovation Hub", "Yerevan Tech Park", "Baku Digital Park",
             "Azerbaijan Startup Association"]
    orgs, ags, engs = run(nlp, "week_in_review.txt", names, dt.date(2023, 6, 10))  # a Saturday
    assert [(a.agreement_type, a.signed_date) for a in ags] == [("letter_of_intent", dt.date(2023, 6, 9))]
    assert sorted(e.engagement_type for e in engs) == ["forum", "visit"], \
        "the talks are part of the visit"
    forum = next(e for e in engs if e.engagement_type == "forum")
    assert forum.start_date == dt.date(2023, 6, 7)
    assert members(orgs, forum)["Baku Digital Park"] == "host"
    assert len(forum.participants) == 4


def test_agreed_to_sign_is_planned_and_talks_are_a_meeting(nlp):
    names = ["Shymkent IT Hub", "Osh Digital Centre"]
    orgs, ags, engs = run(nlp, "agreed_to_sign.txt", names, dt.date(2023, 6, 10))
    assert len(ags) == 1
    a = ags[0]
    assert a.status == "planned" and a.signed_date is None
    assert set(members(orgs, a)) == set(names), "'the parties' are named in the sentence before"
    assert [e.engagement_type for e in engs] == ["meeting"]
    assert engs[0].start_date == dt.date(2023, 6, 8)
    assert engs[0].location_city == "Osh"


def test_future_tense_beats_a_tenseless_headline(nlp):
    names = ["Tashkent IT Park", "Korea Trade-Investment Promotion Agency"]
    orgs, _, engs = run(nlp, "headline_then_planned_seminar.txt", names, dt.date(2023, 12, 1))
    assert len(engs) == 1
    w = engs[0]
    assert w.engagement_type == "workshop" and w.status == "planned"
    assert w.start_date == dt.date(2023, 12, 15)
    assert set(members(orgs, w)) == set(names)


def test_she_refers_to_the_person_acting_for_an_organisation(nlp):
    names = ["Amman Tech Park", "Gulf Horizon Ventures"]
    orgs, _, engs = run(nlp, "pronoun_meeting.txt", names, dt.date(2024, 3, 7))
    meetings = [e for e in engs if e.engagement_type == "meeting"]
    assert len(meetings) == 1
    assert set(members(orgs, meetings[0])) == set(names)
    forums = [e for e in engs if e.engagement_type == "forum"]
    assert len(forums) == 1 and forums[0].title == "LEAP 2024"
    assert members(orgs, forums[0]) == {"Amman Tech Park": "participant"}


def test_signatories_in_a_bulleted_list(nlp):
    names = ["Belgrade Startup Centre", "Novi Sad Innovation Hub", "Zagreb Tech Incubator",
             "Ljubljana Startup Lab", "Sarajevo Digital Hub", "Podgorica Innovation Centre",
             "Tirana Tech Hub"]
    orgs, ags, engs = run(nlp, "signatories_bullets.txt", names, dt.date(2023, 5, 10))
    assert len(ags) == 1
    a = ags[0]
    assert set(members(orgs, a)) == set(names)
    assert a.signed_date == dt.date(2023, 5, 8)
    assert (a.location_city, a.location_country) == ("Belgrade", "RS")


def test_delegation_visits_two_hosts_and_possessive_is_no_actor(nlp):
    # a study visit to two organisations named together is one visit, to the first host
    # (annotators rarely record the other sites toured as visits of their own)
    names = ["Da Nang Hi-Tech Park", "Singapore Science Park", "JTC Corporation"]
    orgs, _, engs = run(nlp, "study_visit_possessive.txt", names, dt.date(2023, 9, 14))
    visits = [e for e in engs if e.engagement_type == "visit"]
    assert [members(orgs, v) for v in visits] == [
        {"Da Nang Hi-Tech Park": "visitor", "Singapore Science Park": "host"}]
    for v in visits:
        assert (v.start_date, v.end_date) == (dt.date(2023, 9, 11), dt.date(2023, 9, 13))


def test_roadmap_signed_as_a_result_of_the_meeting(nlp):
    names = ["IT Park Uzbekistan", "Innovation and Digital Technologies Centre of Tajikistan"]
    orgs, ags, engs = run(nlp, "roadmap_after_meeting.txt", names, dt.date(2023, 5, 20))
    assert [(a.agreement_type, a.status) for a in ags] == [("other", "signed")]
    assert set(members(orgs, ags[0])) == set(names), "the parties are those of the meeting"
    assert [e.engagement_type for e in engs] == ["meeting"]
    assert engs[0].start_date == dt.date(2023, 5, 19)
    assert (engs[0].location_city, engs[0].location_country) == ("Dushanbe", "TJ")


def test_programme_run_in_partnership_and_funded(nlp):
    names = ["Helsinki Accelerator Hub", "Baltic Innovation Agency", "Nordic Council of Ministers"]
    orgs, _, engs = run(nlp, "programme_partner_funder.txt", names, dt.date(2023, 12, 1))
    assert len(engs) == 1 and engs[0].engagement_type == "programme"
    m = members(orgs, engs[0])
    assert m["Nordic Council of Ministers"] == "funder"
    assert m["Baltic Innovation Agency"] == "organiser"
    assert set(m) == set(names)


@pytest.mark.parametrize("name, names", [
    ("noise_about_page.txt", ["Kazan Innopolis Park"]),
    ("noise_state_programme.txt", ["Ministry of Digital Development"]),
    ("noise_profile.txt", ["Lusaka Innovation Hub"]),
])
def test_profiles_and_policy_news_have_no_events(nlp, name, names):
    orgs, ags, engs = run(nlp, name, names, dt.date(2023, 12, 1))
    assert ags == [] and engs == []


def test_online_meeting_and_compound_adjective_org_is_no_participant(nlp):
    names = ["Belarusian Hi-Tech Cluster", "Moldovan ICT Association", "EU"]
    orgs, ags, engs = run(nlp, "online_meeting_compound.txt", names, dt.date(2021, 2, 4))
    assert ags == []
    assert [e.engagement_type for e in engs] == ["meeting"], "EU-funded programmes are a topic"
    assert set(members(orgs, engs[0])) == set(names[:2])
    assert engs[0].start_date == dt.date(2021, 2, 3)


# ------------------------------------------------------------------ engagement precision


def test_single_organisation_events_need_an_explicit_role(nlp):
    """A workshop whose only named body is its funder, a host-less "during the visit",
    and a forum that is only where a minister spoke about a park give nothing; a park
    holding a workshop itself does, and a delegation of no named organisation visiting
    a park makes a visit of that host alone (as annotators record it)."""
    names = ["Central Asia Enterprise Fund", "National Investment Agency", "Chui Valley Tech Park",
             "Osh Innovation Centre"]
    orgs, ags, engs = run(nlp, "single_org_noise.txt", names, dt.date(2023, 5, 5))  # a Friday
    assert ags == []
    assert [(e.engagement_type, members(orgs, e)) for e in engs if e.engagement_type == "visit"] == [
        ("visit", {"Osh Innovation Centre": "host"})]
    engs = [e for e in engs if e.engagement_type != "visit"]
    assert len(engs) == 1
    w = engs[0]
    assert w.engagement_type == "workshop" and w.status == "occurred"
    assert members(orgs, w) == {"Chui Valley Tech Park": "organiser"}
    assert w.start_date == dt.date(2023, 5, 4)


def test_delegation_visitors_side_meeting_and_one_visit_per_host(nlp):
    names = ["Riga Startup Hub", "Vilnius Tech Park", "Estonian ICT Association", "Almaty Digital Park",
             "Almaty Investment Agency", "Karaganda Technical University", "Shymkent Robotics Lab",
             "Embassy of Lithuania", "Telia Lietuva", "Baltic Drones", "Kazakh Venture Fund"]
    orgs, _, engs = run(nlp, "delegation_side_meeting.txt", names, dt.date(2024, 5, 17))
    baltic = {"Riga Startup Hub", "Vilnius Tech Park", "Estonian ICT Association"}
    group = {"Embassy of Lithuania", "Telia Lietuva", "Baltic Drones"}
    visits = [members(orgs, e) for e in engs if e.engagement_type == "visit"]
    meetings = [set(members(orgs, e)) for e in engs if e.engagement_type == "meeting"]
    # one visit per sentence, to its first host, every delegation member a visitor ("then
    # the Shymkent Robotics Lab": another site of the same tour)
    assert {**{n: "visitor" for n in baltic}, "Almaty Digital Park": "host"} in visits
    assert {**{n: "visitor" for n in baltic}, "Karaganda Technical University": "host"} in visits
    # the embassy travelling with companies: all visitors; another party, another visit
    assert {**{n: "visitor" for n in group}, "Almaty Digital Park": "host"} in visits
    assert len(visits) == 3
    # "also met with" / "held talks with": a meeting of the visitors and that body, no host
    assert baltic | {"Almaty Investment Agency"} in meetings
    assert group | {"Kazakh Venture Fund"} in meetings
    assert len(meetings) == 2
    assert not any(v.get("Almaty Investment Agency") or v.get("Kazakh Venture Fund") for v in visits)
    first = next(e for e in engs if e.engagement_type == "visit"
                 and has(members(orgs, e), "Almaty Digital") == "host")
    assert first.start_date == dt.date(2024, 5, 15)


# ------------------------------------------------------------------ meetings


def test_the_sides_discussed_after_a_reception_is_a_meeting(nlp):
    names = ["Dushanbe Technology Park", "Isfahan Science and Technology Town"]
    orgs, ags, engs = run(nlp, "sides_discussed.txt", names, dt.date(2023, 5, 5))  # a Friday
    assert ags == []
    assert [e.engagement_type for e in engs] == ["meeting"]
    assert set(members(orgs, engs[0])) == set(names)
    assert engs[0].start_date == dt.date(2023, 5, 2)


def test_prospects_discussed_at_a_signing_are_part_of_the_agreement(nlp):
    names = ["Kutaisi Innovation Centre", "Batumi Startup Hub"]
    orgs, ags, engs = run(nlp, "signing_discussed_prospects.txt", names, dt.date(2023, 6, 13))
    assert [a.agreement_type for a in ags] == ["memorandum_of_understanding"]
    assert engs == []


# ------------------------------------------------------------------ engagement types


def test_event_inside_an_event_takes_the_type_of_the_phrase_head(nlp):
    names = ["Aktau Startup Hub", "Mangystau Venture Association", "Atyrau Tech Park",
             "Kazakh Export Agency", "Uralsk IT Cluster", "Volga Software Association",
             "Aktobe Software Park"]
    orgs, _, engs = run(nlp, "event_inside_event.txt", names, dt.date(2023, 6, 13))
    got = sorted((e.engagement_type, tuple(sorted(members(orgs, e)))) for e in engs)
    assert got == sorted([
        ("workshop", ("Aktau Startup Hub", "Mangystau Venture Association")),   # not a forum
        ("meeting", ("Atyrau Tech Park", "Kazakh Export Agency")),              # no forum, no programme
        ("meeting", ("Uralsk IT Cluster", "Volga Software Association")),       # B2B meetings
        ("exhibition", ("Aktobe Software Park",)),                              # presented at
    ])
    ws = next(e for e in engs if e.engagement_type == "workshop")
    assert set(members(orgs, ws).values()) == {"organiser"}


def test_programme_describing_the_attendees_is_no_engagement(nlp):
    orgs, _, engs = run(nlp, "demo_day_programme.txt", ["Tashkent Venture Hall", "Samarkand Angels"],
                        dt.date(2023, 6, 13))
    assert [e.engagement_type for e in engs] == ["workshop"], "a demo day; the programme is a description"
    assert set(members(orgs, engs[0])) == {"Tashkent Venture Hall", "Samarkand Angels"}


# ------------------------------------------------------------------ agreement dates


def test_today_wins_over_founding_deadline_and_report_dates(nlp):
    names = ["Karaganda Innovation Hub", "Fergana IT Park"]
    orgs, ags, _ = run(nlp, "dates_other_dates.txt", names, dt.date(2023, 3, 14))
    assert len(ags) == 1
    assert ags[0].signed_date == dt.date(2023, 3, 14)
    assert ags[0].location_country is None, "'hubs in Kazakhstan and Uzbekistan' is no place"


def test_agency_dateline_is_the_report_date_not_the_signing_date(nlp):
    names = ["Kostanay Agritech Cluster", "Pavlodar Engineering Cluster"]
    orgs, ags, _ = run(nlp, "dateline_report_date.txt", names, dt.date(2023, 3, 3))
    assert len(ags) == 1
    assert ags[0].agreement_type == "memorandum_of_understanding"
    assert ags[0].signed_date is None


@pytest.mark.parametrize("dateline, signed", [
    ("TASHKENT, Uzbekistan, March 3 (UzA) – ", "have signed a memorandum of understanding"),
    ("ASTANA, March 3 (Kazinform) - ", "signed a memorandum of understanding on Friday"),
])
def test_dateline_forms_and_a_weekday_resolved_against_the_publication_date(nlp, dateline, signed):
    names = ["Kostanay Agritech Cluster", "Pavlodar Engineering Cluster"]
    body = f"Two clusters join forces\n\n{dateline}The {names[0]} and the {names[1]} {signed}.\n"
    art = ArticleInput(article_id="dl", body=body, published_date=dt.date(2023, 3, 3))  # a Friday
    o, m = orgs_by_name(body, names)
    ags = find_agreements(nlp(body), art, o, m)
    assert len(ags) == 1
    # the dateline is the report's date; "on Friday" is the signing's, resolved
    assert ags[0].signed_date == (dt.date(2023, 3, 3) if "Friday" in signed else None)
    assert (ags[0].location_city, ags[0].location_country) == (None, None)


def test_last_month_is_no_date_and_a_relative_clause_date_is_not_the_signing(nlp):
    names = ["Turkestan IT Cluster", "Kyzylorda Digital Centre", "Taraz Startup Lab"]
    orgs, ags, _ = run(nlp, "signed_last_month.txt", names, dt.date(2023, 3, 16))  # a Thursday
    by_type = {a.agreement_type: a for a in ags}
    assert set(by_type) == {"cooperation_agreement", "letter_of_intent"}
    assert by_type["cooperation_agreement"].signed_date is None, \
        "'last month' blocks the date of the sentence before"
    assert by_type["letter_of_intent"].signed_date == dt.date(2023, 3, 14), \
        "'on Tuesday', not the start of the forum 'which ran from 13 to 15 March'"
    assert set(members(orgs, by_type["letter_of_intent"])) == {"Kyzylorda Digital Centre", "Taraz Startup Lab"}


# ------------------------------------------------------------------ agreement location


def test_countries_of_the_parties_are_not_the_place_of_signing(nlp):
    names = ["Ganja Technology Park", "Semey Innovation Park", "Naryn Tech Hub", "Namangan IT Park"]
    orgs, ags, _ = run(nlp, "location_country_list.txt", names, dt.date(2023, 3, 16))
    assert len(ags) == 1
    assert set(members(orgs, ags[0])) == set(names)
    assert (ags[0].location_city, ags[0].location_country) == (None, None)


# ------------------------------------------------------------------ cross-source


def test_same_agreement_from_two_outlets_reads_consistently_and_merges(nlp):
    """One outlet: "today signed a cooperation agreement" (published 14 March); the
    other: "on 14 March ... signed a memorandum of understanding" (published 16 March).
    Same date, compatible types: resolve makes one agreement of them."""
    from pipeline.models import Article, ArticleExtraction
    from pipeline.resolve.tables import build_tables

    names = ["Almaty Digital Park", "Chilonzor IT Park"]
    articles, extractions = [], {}
    for name, published in (("cross_source_today.txt", dt.date(2023, 3, 14)),
                            ("cross_source_dated.txt", dt.date(2023, 3, 16))):
        orgs, ags, engs = run(nlp, name, names, published)
        assert len(ags) == 1 and ags[0].signed_date == dt.date(2023, 3, 14)
        assert set(members(orgs, ags[0])) == set(names)
        body = (ARTICLES / name).read_text(encoding="utf-8")
        _, mentions = orgs_by_name(body, names)
        aid = name[:16]
        articles.append(Article(aid, aid * 4, name, None, published, None, None, "en", body,
                                len(body.split())))
        extractions[aid] = ArticleExtraction(aid, "test", orgs, mentions, ags, engs)
    assert {extractions[a].agreements[0].agreement_type for a in extractions} == {
        "cooperation_agreement", "memorandum_of_understanding"}
    tables = build_tables(articles, extractions)
    assert len(tables["agreements"]) == 1


def test_headline_cooperation_agreement_and_body_memorandum_are_one_memorandum(nlp):
    names = ["Almaty Digital Park", "Chilonzor IT Park"]
    # the headline of one outlet with the lede of the other
    body = ((ARTICLES / "cross_source_today.txt").read_text(encoding="utf-8").splitlines()[0] + "\n\n"
            + (ARTICLES / "cross_source_dated.txt").read_text(encoding="utf-8").split("\n\n", 1)[1])
    art = ArticleInput(article_id="mixed", body=body, published_date=dt.date(2023, 3, 16))
    o, m = orgs_by_name(body, names)
    doc = nlp(body)
    ags = find_agreements(doc, art, o, m)
    assert [(a.agreement_type, a.signed_date) for a in ags] == [
        ("memorandum_of_understanding", dt.date(2023, 3, 14))]


# ------------------------------------------------------------------ planned engagements


def test_present_tense_schedule_and_invitations_are_planned(nlp):
    names = ["Khujand Technology Park", "Sughd Business Incubator", "Pamir Ventures", "Osh Innovation Centre"]
    orgs, _, engs = run(nlp, "planned_present_tense.txt", names, dt.date(2023, 5, 5))
    got = {e.engagement_type: e for e in engs}
    assert set(got) == {"forum", "workshop", "visit"}
    assert all(e.status == "planned" for e in engs)
    assert got["forum"].start_date == dt.date(2023, 5, 12), "'takes place on 12-13 May': this year"
    assert got["forum"].end_date == dt.date(2023, 5, 13)
    assert members(orgs, got["forum"]) == {"Khujand Technology Park": "organiser"}
    assert got["workshop"].start_date == dt.date(2023, 5, 15)
    assert members(orgs, got["workshop"]) == {"Sughd Business Incubator": "organiser", "Pamir Ventures": "organiser"}
    assert members(orgs, got["visit"]) == {"Osh Innovation Centre": "visitor", "Khujand Technology Park": "host"}
    assert got["visit"].start_date == dt.date(2023, 5, 14)


def test_visit_to_a_city_met_organisation_hosts_and_agreement_content_is_no_visit(nlp):
    """"paid a visit to Zagreb, where they met the management of X": X is the host (the
    visit has no other); study tours the memorandum provides for and a visit negated in
    a quote are no engagements."""
    names = ["Maribor Startup Centre", "Zagreb Innovation Park"]
    orgs, ags, engs = run(nlp, "city_visit_and_content.txt", names, dt.date(2023, 5, 6))
    assert [a.agreement_type for a in ags] == ["memorandum_of_understanding"]
    assert [(e.engagement_type, members(orgs, e)) for e in engs] == [
        ("visit", {"Maribor Startup Centre": "visitor", "Zagreb Innovation Park": "host"})]
    assert engs[0].start_date == dt.date(2023, 5, 4) and engs[0].status == "occurred"
    assert (engs[0].location_city, engs[0].location_country) == ("Zagreb", "HR")


# ------------------------------------------------------------------ delegation phrasing


def test_org_modifier_delegation_and_anaphoric_delegation(nlp):
    names = ["Steppe Digital Park", "Baltic Science Park", "Tallinn Robotics Institute",
             "Harbour Innovation Centre", "Nomad Tech", "KDP"]
    orgs, _, engs = run(nlp, "delegation_modifier.txt", names, dt.date(2024, 4, 10))
    visits = [members(orgs, e) for e in engs if e.engagement_type == "visit"]
    meetings = [members(orgs, e) for e in engs if e.engagement_type == "meeting"]
    # "A delegation of X arrived ... The Kazakh delegation is on a visit hosted by Y"
    assert {"Steppe Digital Park": "visitor", "Baltic Science Park": "host"} in visits
    # "received a X delegation": X visits, the receiver hosts
    assert {"Harbour Innovation Centre": "host", "Nomad Tech": "visitor"} in visits
    # "the delegation also met researchers from Z": a meeting of the visitors and Z
    assert {"Steppe Digital Park": "participant", "Tallinn Robotics Institute": "participant"} in meetings
    assert not any("Tallinn Robotics Institute" in v for v in visits)


def test_invitation_host_and_org_delegation_meets_management(nlp):
    names = ["Riga Tech Cluster", "Caspian Hub", "Daugava Ventures"]
    orgs, _, engs = run(nlp, "delegation_invitation.txt", names, dt.date(2024, 3, 14))
    visits = [e for e in engs if e.engagement_type == "visit"]
    assert len(visits) == 1
    assert members(orgs, visits[0]) == {"Riga Tech Cluster": "host", "Caspian Hub": "visitor"}
    assert visits[0].start_date == dt.date(2024, 3, 12)
    meetings = [members(orgs, e) for e in engs if e.engagement_type == "meeting"]
    assert meetings == [{"Caspian Hub": "participant", "Daugava Ventures": "participant"}]
    assert len(engs) == 2, "a habitual statement about delegations is no row"


def test_minister_meeting_and_rector_receiving_delegation_then_signing(nlp):
    names = ["Silk Road Tech Park", "Minister of Digital Development", "Danube State University", "Carpathian Hub"]
    orgs, ags, engs = run(nlp, "delegation_minister.txt", names, dt.date(2024, 4, 10))
    assert len(ags) == 1
    assert set(members(orgs, ags[0])) == {"Carpathian Hub", "Danube State University"}
    meetings = [members(orgs, e) for e in engs if e.engagement_type == "meeting"]
    assert {"Silk Road Tech Park": "participant", "Minister of Digital Development": "participant"} in meetings
    visits = [members(orgs, e) for e in engs if e.engagement_type == "visit"]
    assert visits == [{"Danube State University": "host", "Carpathian Hub": "visitor"}]


def test_forum_attendees_over_several_sentences(nlp):
    names = ["Lviv IT Cluster", "Odesa Tech Park", "Kharkiv Innovation Hub", "Dnipro Startup Lab",
             "Vinnytsia Digital Centre", "Poltava IT School", "Chernihiv Accelerator",
             "Sumy Business Incubator", "Rivne Tech Park", "Lutsk IT Hub", "Ternopil Innovation Park",
             "Ivano Frankivsk Tech Hub", "Ukrainian Startup Fund"]
    orgs, ags, engs = run(nlp, "forum_attendees_spread.txt", names, dt.date(2023, 5, 5))
    assert ags == [] and len(engs) == 1 and engs[0].engagement_type == "forum"
    m = members(orgs, engs[0])
    assert m["Lviv IT Cluster"] == "organiser" and m["Ukrainian Startup Fund"] == "funder"
    assert {m[n] for n in names[1:-1]} == {"participant"}


def test_programme_track_run_with_partner(nlp):
    orgs, _, engs = run(nlp, "programme_track_with.txt", ["Wroclaw Tech Park", "Lodz Startup Lab"],
                        dt.date(2023, 6, 1))
    assert len(engs) == 1 and engs[0].engagement_type == "programme"
    assert set(members(orgs, engs[0])) == {"Wroclaw Tech Park", "Lodz Startup Lab"}
    assert engs[0].status == "planned"


def test_delegation_meetings_during_visit(nlp):
    names = ["Bishkek Hi-Tech Park", "Dushanbe Innovation Centre", "Tajik Startup Association",
             "Ministry of Industry of Tajikistan"]
    orgs, _, engs = run(nlp, "visit_delegation_met.txt", names, dt.date(2023, 6, 10))
    visits = [e for e in engs if e.engagement_type == "visit"]
    meetings = [e for e in engs if e.engagement_type == "meeting"]
    assert len(visits) == 1 and members(orgs, visits[0]) == {
        "Bishkek Hi-Tech Park": "visitor", "Dushanbe Innovation Centre": "host"}
    assert sorted(sorted(members(orgs, e)) for e in meetings) == [
        ["Bishkek Hi-Tech Park", "Ministry of Industry of Tajikistan"],
        ["Bishkek Hi-Tech Park", "Tajik Startup Association"]]


def test_meetings_with_bodies_named_through_officials(nlp):
    # the organisation extractor gives a mention of the ministry for the minister's title
    names = ["Yerevan Tech Park", "Minister of Digital Development of Georgia", "Gyumri IT Centre",
             "Ministry of Economy of Georgia", "Vanadzor Startup Hub", "Innovation Agency of Georgia"]
    orgs, _, engs = run(nlp, "meeting_officials.txt", names, dt.date(2023, 4, 5))
    assert all(e.engagement_type == "meeting" for e in engs)
    assert sorted(sorted(members(orgs, e)) for e in engs) == [
        ["Gyumri IT Centre", "Ministry of Economy of Georgia"],
        ["Innovation Agency of Georgia", "Vanadzor Startup Hub"],
        ["Minister of Digital Development of Georgia", "Yerevan Tech Park"]]


def test_one_signatory_of_several_bilateral_documents_gives_one_agreement_each(nlp):
    names = ["Norvale Innovation Agency", "Brightwater Technology Park", "Kestrel Labs",
             "Halden Science Park", "Orlen Tech Park", "Vistula Software Cluster",
             "Marrow Robotics", "Tessel Innovation Hub", "Arden University", "Bexley University"]
    orgs, ags, _ = run(nlp, "plural_bilateral.txt", names, dt.date(2025, 3, 4))
    pairs = sorted(tuple(sorted(members(orgs, a))) for a in ags)
    # "X signed agreements with A, B and C": X with each of them
    for other in ("Brightwater Technology Park", "Kestrel Labs", "Halden Science Park"):
        assert tuple(sorted(("Norvale Innovation Agency", other))) in pairs
    # "memoranda were signed between X and A; B; and C"
    for other in ("Vistula Software Cluster", "Marrow Robotics", "Tessel Innovation Hub"):
        assert tuple(sorted(("Orlen Tech Park", other))) in pairs
    # two signatories before the verb: no single hub, one row with all three
    assert ("Arden University", "Bexley University", "Tessel Innovation Hub") in pairs
    assert len(ags) == 7


# ------------------------------------------------------------------ signing dates


def _one_agreement(nlp, body: str, names: list[str], published: dt.date | None):
    art = ArticleInput(article_id="x", body=body, published_date=published)
    o, m = orgs_by_name(body, names)
    ags = find_agreements(nlp(body), art, o, m)
    assert len(ags) == 1
    return ags[0]


def test_this_year_after_a_date_qualifies_it_instead_of_blurring_it(nlp):
    body = ("On April 18 this year, a memorandum of understanding was signed between the Varna Science Park "
            "and the Ruse Innovation Agency.")
    ag = _one_agreement(nlp, body, ["Varna Science Park", "Ruse Innovation Agency"], dt.date(2021, 5, 2))
    assert ag.signed_date == dt.date(2021, 4, 18)
    # a vague time on its own still blocks a date: "last year" says nothing of the day
    body = ("Last year, a memorandum of understanding was signed between the Varna Science Park "
            "and the Ruse Innovation Agency.")
    ag = _one_agreement(nlp, body, ["Varna Science Park", "Ruse Innovation Agency"], dt.date(2021, 5, 2))
    assert ag.signed_date is None


def test_an_agency_dateline_without_a_dash_is_the_report_date_not_the_signing(nlp):
    body = ("Gdansk, June 3 (PAP) The Gdansk Science Park and the Tartu Startup Hub have signed a memorandum "
            "of understanding on cooperation.\n\nThe signing ceremony was held June 1 in Tartu.")
    ag = _one_agreement(nlp, body, ["Gdansk Science Park", "Tartu Startup Hub"], dt.date(2019, 6, 4))
    assert ag.signed_date == dt.date(2019, 6, 1)


# ------------------------------------------------------------------ one signatory, several documents


def _pairs(nlp, body: str, names: list[str]) -> list[set[str]]:
    art = ArticleInput(article_id="x", body=body, published_date=dt.date(2022, 5, 4))
    o, m = orgs_by_name(body, names)
    return [{o[p.entity].name for p in a.parties} for a in find_agreements(nlp(body), art, o, m)]


def test_a_count_of_memoranda_between_a_list_and_one_signatory_gives_one_per_pair(nlp):
    names = ["Lund University", "Malmo Art School", "Umea Institute", "Oresund Startup Hub"]
    body = ("As part of the project, three memorandums of understanding were also signed between the "
            "universities of the region, namely Lund University - Lund, Malmo Art School - Malmo and "
            "Umea Institute - Umea and Oresund Startup Hub.")
    assert sorted(map(sorted, _pairs(nlp, body, names))) == [
        ["Lund University", "Oresund Startup Hub"], ["Malmo Art School", "Oresund Startup Hub"],
        ["Oresund Startup Hub", "Umea Institute"]]
    # without a count that fits, the list stays one document
    body = body.replace("three memorandums", "memorandums")
    assert len(_pairs(nlp, body, names)) == 1


def test_counterparts_listed_in_the_next_sentence_each_get_their_memorandum(nlp):
    names = ["Ngoc Lan Polytechnic", "Bamboo Ventures", "CodeCamp Saigon", "Lotus Labs"]
    body = ("Ngoc Lan Polytechnic also signed three MOUs with local start-ups. They are: Bamboo Ventures, a "
            "venture builder; CodeCamp Saigon, a school for developers; and Lotus Labs.")
    assert sorted(map(sorted, _pairs(nlp, body, names))) == [
        ["Bamboo Ventures", "Ngoc Lan Polytechnic"], ["CodeCamp Saigon", "Ngoc Lan Polytechnic"],
        ["Lotus Labs", "Ngoc Lan Polytechnic"]]


def test_split_memoranda_keep_their_pairs_through_the_committed_models(nlp):
    body = ("The Oresund Startup Hub works with universities across southern Sweden.\n\nAs part of the project, "
            "three memorandums of understanding were also signed between the universities of the region, namely "
            "Lund University - Lund, Malmo Art Academy - Malmo and Umea Technical Institute - Umea and the "
            "Oresund Startup Hub.")
    ex = extract_one(nlp(body), ArticleInput("x", body, None, dt.date(2022, 5, 4)))
    names = [o.name for o in ex.organisations]
    assert sorted(sorted(names[p.entity] for p in a.parties) for a in ex.agreements) == [
        ["Lund University", "Oresund Startup Hub"], ["Malmo Art Academy", "Oresund Startup Hub"],
        ["Oresund Startup Hub", "Umea Technical Institute"]]


def test_two_documents_with_two_counterparts_in_one_sentence_are_two_agreements(nlp):
    names = ["Kvarken Innovation Park", "Nordwind Systems", "Fjord Capital Partners"]
    body = ("At a meeting yesterday, the Kvarken Innovation Park signed a memorandum of understanding with "
            "Nordwind Systems to open a lab, and a $5 million agreement with Fjord Capital Partners to invest "
            "in its companies.")
    got = sorted((sorted(p), ) for p in _pairs(nlp, body, names))
    assert got == [(["Fjord Capital Partners", "Kvarken Innovation Park"],),
                   (["Kvarken Innovation Park", "Nordwind Systems"],)]
    # one document with two counterparts stays one agreement
    one = ("The Kvarken Innovation Park signed a memorandum of understanding with Nordwind Systems and "
           "Fjord Capital Partners.")
    assert len(_pairs(nlp, one, names)) == 1


def test_an_earlier_document_named_in_passing_is_its_own_agreement_with_its_own_date(nlp):
    names = ["Narva Energy Company", "Narva Technology Park"]
    body = ("The Narva Energy Company and the Narva Technology Park have signed an agreement on the creation of "
            "a joint venture.\n\nThe agreement follows the memorandum of understanding signed between the Narva "
            "Energy Company and the Narva Technology Park on December 10, 2019.")
    art = ArticleInput(article_id="x", body=body, published_date=dt.date(2020, 2, 20))
    o, m = orgs_by_name(body, names)
    got = sorted((a.agreement_type, a.signed_date) for a in find_agreements(nlp(body), art, o, m))
    assert got == [("cooperation_agreement", None), ("memorandum_of_understanding", dt.date(2019, 12, 10))]
    # an earlier document with one named party lends nothing and stands for nothing
    body = ("The Narva Technology Park and the Narva Energy Company signed an agreement on cooperation.\n\n"
            "The park was set up following the intergovernmental agreement signed on 22 January 2009.")
    o, m = orgs_by_name(body, names)
    ags = find_agreements(nlp(body), ArticleInput(article_id="y", body=body), o, m)
    assert [(len(a.parties), a.signed_date) for a in ags] == [(2, None)]


def test_the_date_of_a_post_on_a_social_media_page_is_not_the_signing_date(nlp):
    body = ("The Vilnius Investment Company and the Kaunas Startup Hub have signed a memorandum of understanding, "
            "the minister wrote on his official Twitter page on July 29.")
    ag = _one_agreement(nlp, body, ["Vilnius Investment Company", "Kaunas Startup Hub"], dt.date(2021, 7, 30))
    assert ag.signed_date is None


def test_the_forum_or_visit_a_signing_took_place_at_is_an_engagement_of_the_signatories(nlp):
    names = ["Orvida Science Park", "Kestrel Startup Foundation", "Marlow Tech Hub",
             "Tavira Digital Cluster", "Brenna Software Association", "Quillon University"]
    orgs, ags, engs = run(nlp, "signing_settings.txt", names, dt.date(2024, 5, 20))
    assert len(ags) == 3
    got = sorted((e.engagement_type, tuple(sorted(members(orgs, e)))) for e in engs)
    assert got == [("forum", ("Kestrel Startup Foundation", "Orvida Science Park")),
                   ("visit", ("Marlow Tech Hub", "Tavira Digital Cluster"))], \
        "the Prime Minister's visit is no visit of the signatories"
    visit = next(e for e in engs if e.engagement_type == "visit")
    assert members(orgs, visit) == {"Marlow Tech Hub": "visitor", "Tavira Digital Cluster": "host"}
    assert all(e.status == "occurred" for e in engs)
