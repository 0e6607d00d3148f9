"""Engagement rules on short invented press items (issue 9: engagement recall).

Organisations are given to the extractor by name (every whole-word occurrence in the body
is a mention), as in test_extract_events.py, so these tests pin the event rules alone.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.extract import ArticleInput
from pipeline.extract.events import find_engagements
from pipeline.extract.nlp import load_nlp
from pipeline.models import LocalOrg, OrgMention


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def engagements(nlp, body: str, names: list[str], published: dt.date = dt.date(2024, 5, 10)):
    orgs = [LocalOrg(name=n) for n in names]
    cands = sorted(((m.start(), m.end(), i) for i, n in enumerate(names)
                    for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", body)),
                   key=lambda c: (c[0], -(c[1] - c[0])))
    mentions, last = [], -1
    for a, b, i in cands:
        if a >= last:
            mentions.append(OrgMention(i, body[a:b], a, b))
            last = b
    art = ArticleInput(article_id="t", body=body, published_date=published)
    rows = find_engagements(nlp(body), art, orgs, mentions)
    return [(e.engagement_type, {orgs[m.entity].name: m.role for m in e.participants}) for e in rows]


# ------------------------------------------------------------------ visits by people


def test_a_visit_by_a_minister_of_no_named_organisation_is_a_visit_of_its_host(nlp):
    body = ("Prime Minister Arno Velt visited Norvale Technology Park on Tuesday. "
            "He was shown the park's laboratories and met resident start-ups.")
    assert engagements(nlp, body, ["Norvale Technology Park"]) == [
        ("visit", {"Norvale Technology Park": "host"})]


def test_a_delegation_of_a_country_touring_a_park_keeps_the_park_alone(nlp):
    body = ("A delegation from Peru led by the deputy minister of economy toured Quorvia Science Park. "
            "During the visit, Brisk Labs presented its drones.")
    rows = engagements(nlp, body, ["Quorvia Science Park", "Brisk Labs"])
    assert rows == [("visit", {"Quorvia Science Park": "host"})]


def test_names_near_a_visit_noun_with_no_visit_verb_make_no_visit(nlp):
    body = "During the visit, Brisk Labs said that exports would double next year."
    assert engagements(nlp, body, ["Brisk Labs"]) == []


def test_a_visit_with_a_named_visitor_is_unchanged(nlp):
    body = "Brisk Labs visited Norvale Technology Park on Monday to discuss joint research."
    assert engagements(nlp, body, ["Brisk Labs", "Norvale Technology Park"]) == [
        ("visit", {"Brisk Labs": "visitor", "Norvale Technology Park": "host"})]


# ------------------------------------------------------------------ openings


def test_the_opening_ceremony_of_an_organisation_is_an_engagement_it_hosts(nlp):
    body = ("The minister attended the opening ceremony of the new Lindqvist Innovation Hub on 3 May. "
            "The hub will house forty start-ups.")
    assert engagements(nlp, body, ["Lindqvist Innovation Hub"]) == [
        ("other", {"Lindqvist Innovation Hub": "host"})]


def test_the_opening_of_an_event_or_of_markets_is_no_opening_engagement(nlp):
    body = ("The opening of new markets in Asia matters to Brisk Labs, its director said. "
            "The ambassador spoke at the opening of the Caspian Innovation Forum.")
    assert [t for t, _ in engagements(nlp, body, ["Brisk Labs"])] == []


def test_an_organisation_opened_in_apposition_hosts_its_opening(nlp):
    body = ("Vestria opened a new information technology centre, Norvale Hub, on 3 May. "
            "The hub will house forty start-ups.")
    assert engagements(nlp, body, ["Norvale Hub"]) == [("other", {"Norvale Hub": "host"})]


def test_the_guests_of_an_opening_ceremony_told_next_join_the_opening(nlp):
    body = ("Vestria opened a new information technology centre, Norvale Hub, on 3 May. "
            "Representatives of the Quorvia Development Agency attended the centre's opening ceremony.")
    assert engagements(nlp, body, ["Norvale Hub", "Quorvia Development Agency"]) == [
        ("other", {"Norvale Hub": "host", "Quorvia Development Agency": "participant"})]


def test_an_opening_ceremony_referring_to_no_opening_told_is_no_row(nlp):
    body = "Representatives of the Quorvia Development Agency attended the opening ceremony."
    assert engagements(nlp, body, ["Quorvia Development Agency"]) == []


def test_the_opening_of_an_owners_new_organisation_is_hosted_by_the_new_one(nlp):
    body = "The 10th of June saw the opening of Quorvia Valley's brand new Norvale Innovation Centre."
    assert engagements(nlp, body, ["Quorvia Valley", "Norvale Innovation Centre"]) == [
        ("other", {"Norvale Innovation Centre": "host"})]


def test_opening_an_office_somewhere_or_a_new_chapter_is_no_opening(nlp):
    body = "Brisk Labs opened a new office in Vestria, Norvale Hub, its director said."
    assert engagements(nlp, body, ["Brisk Labs", "Norvale Hub"]) == []
    body = "Vestria opened a new chapter, Brisk Labs said."
    assert engagements(nlp, body, ["Brisk Labs"]) == []


# ------------------------------------------------------------------ forum organisers


def test_organisers_listed_after_a_body_that_is_no_mention(nlp):
    body = ("The third Norvale Engineering Week is being held online from July 6 to 10. "
            "The event has been initiated by the national ministry of industry, the Arvon Foundation "
            "and the Quorvia Association.")
    rows = engagements(nlp, body, ["Arvon Foundation", "Quorvia Association"])
    assert rows == [("forum", {"Arvon Foundation": "organiser", "Quorvia Association": "organiser"})]


def test_a_conclave_is_a_forum(nlp):
    body = "This three-day startup conclave, organised by the Arvon Foundation, opened on Thursday."
    assert engagements(nlp, body, ["Arvon Foundation"]) == [("forum", {"Arvon Foundation": "organiser"})]


# ------------------------------------------------------------------ programmes of an agreement


def test_partners_of_a_memorandum_organising_programmes_make_a_programme_they_run(nlp):
    body = ("Arvon Park, Brisk Labs and Quorvia Hub signed a memorandum of understanding on Monday. "
            "Under the MoU, the three partners will organise curated programmes to bring start-ups "
            "to Lisbon.")
    rows = engagements(nlp, body, ["Arvon Park", "Brisk Labs", "Quorvia Hub"])
    assert rows == [("programme", {"Arvon Park": "organiser", "Brisk Labs": "organiser",
                                   "Quorvia Hub": "organiser"})]


def test_what_the_parties_will_merely_share_is_no_programme(nlp):
    body = ("Arvon Park and Brisk Labs signed a memorandum of understanding on Monday. "
            "Under the MoU, the two sides will share knowledge on managing incubators.")
    assert engagements(nlp, body, ["Arvon Park", "Brisk Labs"]) == []


# ------------------------------------------------------------------ sides of a visit


def test_members_of_the_delegation_are_visitors_of_the_visit_just_reported(nlp):
    body = ("A delegation from Peru visited Norvale Technology Park on Monday. "
            "The delegation included representatives of Brisk Labs and the Quorvia Agency.")
    rows = engagements(nlp, body, ["Norvale Technology Park", "Brisk Labs", "Quorvia Agency"])
    assert rows == [("visit", {"Norvale Technology Park": "host", "Brisk Labs": "visitor",
                               "Quorvia Agency": "visitor"})]


def test_a_park_visited_by_a_delegation_is_its_host(nlp):
    body = "On 3 May Norvale Technology Park was visited by a delegation of Brisk Labs."
    assert engagements(nlp, body, ["Norvale Technology Park", "Brisk Labs"]) == [
        ("visit", {"Norvale Technology Park": "host", "Brisk Labs": "visitor"})]


def test_the_source_named_after_a_visit_to_a_country_is_no_host(nlp):
    body = "The Tajik delegation visited Turkey from June 16 to June 23, reports the Quorvia Agency."
    assert engagements(nlp, body, ["Quorvia Agency"]) == []


# ------------------------------------------------------------------ visits told as a welcome


def test_a_park_welcoming_the_board_of_an_agency_is_a_visit_of_the_agency(nlp):
    body = ("Marlow Science Park welcomed the Tessaly Investment Authority board members and "
            "management team at its campus on Monday to review the progress of the park.")
    assert engagements(nlp, body, ["Marlow Science Park", "Tessaly Investment Authority"]) == [
        ("visit", {"Marlow Science Park": "host", "Tessaly Investment Authority": "visitor"})]


def test_welcoming_a_decision_of_an_organisation_is_no_visit(nlp):
    body = "Marlow Science Park welcomed the Tessaly Investment Authority decision to cut fees."
    assert engagements(nlp, body, ["Marlow Science Park", "Tessaly Investment Authority"]) == []


# ------------------------------------------------------------------ one party, two hosts


def test_one_party_visiting_two_hosts_makes_two_visits(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar Science Park on Monday. "
            "On Wednesday the delegation of Orvik Tech Park visited Corran Labs in Brno.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert [r for r in rows if r[0] == "visit"] == [
        ("visit", {"Orvik Tech Park": "visitor", "Delmar Science Park": "host"}),
        ("visit", {"Orvik Tech Park": "visitor", "Corran Labs": "host"})]


# ------------------------------------------------------------------ where a signing took place


def test_a_visit_where_an_agreement_named_before_was_signed_is_a_visit_of_its_parties(nlp):
    body = ("Orvik Tech Park and Delmar Science Park signed a memorandum of understanding on "
            "cooperation in robotics. The memorandum was signed during an official visit to Brno "
            "last week.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park"])
    assert rows == [("visit", {"Orvik Tech Park": "visitor", "Delmar Science Park": "host"})]


def test_a_forum_where_an_agreement_named_before_was_signed_has_its_organiser_and_parties(nlp):
    body = ("Orvik Tech Park and Delmar Science Park signed a memorandum of understanding on "
            "cooperation in robotics. The memorandum was signed at a business forum held by "
            "Corran Business Association on July 7.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Business Association"])
    assert [r for r in rows if r[0] == "forum"] == [("forum", {
        "Corran Business Association": "organiser", "Orvik Tech Park": "participant",
        "Delmar Science Park": "participant"})]


def test_a_forum_where_an_agreement_named_before_was_signed_has_all_its_parties(nlp):
    # the sentence that tells where names one signatory again: the other took part too
    body = ("The Halvard Innovation Agency, Pellow Telecom and Sarn Networks signed an agreement "
            "on a new data centre. The agreement, which was inked during the Halvard-Nordic "
            "Investment Conference held in Tarsk, lets Sarn Networks grow in the region.")
    rows = engagements(nlp, body, ["Halvard Innovation Agency", "Pellow Telecom", "Sarn Networks"])
    assert [(t, sorted(m)) for t, m in rows if t == "forum"] == [
        ("forum", ["Halvard Innovation Agency", "Pellow Telecom", "Sarn Networks"])]


# ------------------------------------------------------------------ a name spelled out before its mention


def test_an_organiser_spelled_out_before_its_bracketed_abbreviation_is_the_organiser(nlp):
    body = ("This three-day summit, organised by the Velmora Start-Up Mission (VSUM), gathered "
            "more than 500 founders on the beach.")
    assert engagements(nlp, body, ["VSUM"]) == [("forum", {"VSUM": "organiser"})]


# ------------------------------------------------------------------ sentences cut after a bracket


def test_a_sentence_cut_after_a_bracketed_abbreviation_is_glued_back(nlp):
    from pipeline.extract.event_context import build_sentences
    text = ("Marlow Science Park welcomed the Tessaly Investment Authority (TIA) Board members "
            "at its campus. The visit lasted two days.")
    doc = nlp.make_doc(text)
    cut = {"Board", "The"}  # the parser's slip: a new sentence at "Board"
    for i, tok in enumerate(doc):
        tok.is_sent_start = i == 0 or tok.text in cut
    assert [s.text for s in build_sentences(doc)] == [
        "Marlow Science Park welcomed the Tessaly Investment Authority (TIA) Board members at its campus.",
        "The visit lasted two days."]


# ------------------------------------------------------------------ one trip, told over several sentences


def test_a_welcome_of_the_delegation_by_a_unit_of_the_host_is_the_same_visit(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar Science Park on Monday. "
            "Dr. Lena Varga, head of the Delmar Incubation Office, welcomed the delegation "
            "and showed the guests the new laboratories.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Delmar Incubation Office"])
    assert rows == [("visit", {"Orvik Tech Park": "visitor", "Delmar Science Park": "host"})]


def test_the_delegation_visiting_a_new_place_is_still_a_visit_of_its_own(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar Science Park on Monday. "
            "After the talks, the delegation visited Corran Labs in Brno.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert [r for r in rows if r[0] == "visit"] == [
        ("visit", {"Orvik Tech Park": "visitor", "Delmar Science Park": "host"}),
        ("visit", {"Orvik Tech Park": "visitor", "Corran Labs": "host"})]


def test_organisers_of_a_series_of_events_named_in_the_next_sentence_join_it(nlp):
    body = ("The Norvale Startup Week series of events took place in May in two cities. "
            "The events were organised by Orvik Tech Park, Delmar Science Park and Corran Labs.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert rows == [("forum", {"Orvik Tech Park": "organiser", "Delmar Science Park": "organiser",
                               "Corran Labs": "organiser"})]


def test_the_delegation_meeting_an_organisation_in_a_later_sentence_is_a_meeting_of_the_trip(nlp):
    body = ("A delegation of Orvik Tech Park visited Norland from 3 to 7 June. "
            "On 5 June the delegation met with representatives of Delmar Science Park in Brno.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park"])
    assert ("meeting", {"Orvik Tech Park": "participant", "Delmar Science Park": "participant"}) in rows
    assert [r for r in rows if r[0] == "visit"][0][1]["Orvik Tech Park"] == "visitor"


def test_a_presentation_at_the_event_just_reported_is_no_workshop_of_its_own(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar Science Park on Monday. "
            "Afterwards, representatives of Corran Labs made a presentation on drones.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert [r[0] for r in rows] == ["visit"]


def test_a_visit_by_a_person_of_no_named_organisation_keeps_every_host(nlp):
    body = ("Governor Arno Velt also visited Delmar Science Park, Corran Labs and Orvik Tech Park "
            "on Friday.")
    rows = engagements(nlp, body, ["Delmar Science Park", "Corran Labs", "Orvik Tech Park"])
    assert rows == [("visit", {"Delmar Science Park": "host", "Corran Labs": "host", "Orvik Tech Park": "host"})]


def test_the_meeting_right_after_a_visit_is_the_talks_of_that_visit(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar Science Park on Monday. "
            "The meeting with the park's management ended with a plan for closer ties between "
            "Delmar Science Park and Corran Labs.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert [r[0] for r in rows] == ["visit"]
    assert rows[0][1]["Orvik Tech Park"] == "visitor" and rows[0][1]["Delmar Science Park"] == "host"


def test_during_his_visit_the_organisation_of_the_person_named_is_the_visitor(nlp):
    body = ("During his visit to Delmar Science Park the Orvik Tech Park Secretary General Dr. Velt "
            "praised the park's incubator.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park"])
    assert rows == [("visit", {"Delmar Science Park": "host", "Orvik Tech Park": "visitor"})]


def test_meeting_the_hosts_management_after_a_visit_is_part_of_the_visit(nlp):
    body = ("During his visit to Delmar Science Park the Orvik Tech Park Secretary General Dr. Velt "
            "praised the park's incubator. In the new building he met with the management of "
            "Delmar Science Park and attended the premises of Corran Labs, a resident company.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert rows == [("visit", {"Delmar Science Park": "host", "Orvik Tech Park": "visitor",
                               "Corran Labs": "participant"})]


def test_talks_after_a_visit_that_names_no_host_are_the_visit_with_whom_they_talked(nlp):
    # the place visited is no organisation the rules found; the talks name whom they visited
    body = ("On 3 May the Garrow Hub was visited by a delegation led by the Norland Ministry of "
            "Energy. The delegation also included the Norland Ministry of Transport. "
            "At a round table on the second day, Dr. Ola Brenn presented Quorvia Science Park "
            "and Corran Labs and their plans for a joint lab.")
    rows = engagements(nlp, body, ["Norland Ministry of Energy", "Norland Ministry of Transport",
                                   "Quorvia Science Park", "Corran Labs"])
    assert [r[0] for r in rows] == ["visit"]
    assert set(rows[0][1]) == {"Norland Ministry of Energy", "Norland Ministry of Transport",
                               "Quorvia Science Park", "Corran Labs"}


def test_whom_a_visitor_met_during_a_visit_to_a_country_stay_a_meeting(nlp):
    body = ("Arno Velt, head of the Norland Ministry of Economy, arrived in Estmark on Monday for a "
            "three-day trip. On the second day the minister met with officials of the Estmark Ministry of "
            "Housing to talk about trade.")
    rows = engagements(nlp, body, ["Norland Ministry of Economy", "Estmark Ministry of Housing"])
    assert ("meeting", {"Estmark Ministry of Housing": "participant"}) in rows


def test_the_visitors_meeting_the_host_after_the_visit_is_still_a_meeting(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar Science Park on Monday. "
            "On Tuesday, Orvik Tech Park met with Delmar Science Park and Corran Labs in Brno.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar Science Park", "Corran Labs"])
    assert "meeting" in [r[0] for r in rows]


def test_a_person_of_no_named_organisation_who_also_visited_another_place_makes_one_tour(nlp):
    body = ("Ambassador Arno Velt made an official visit to Delmar University on Thursday. "
            "He held talks with the rector on student exchanges. "
            "The university opened a campus abroad in 2018. "
            "Velt also visited Corran Labs, where he praised its research.")
    rows = engagements(nlp, body, ["Delmar University", "Corran Labs"])
    assert [r for r in rows if r[0] == "visit"] == [
        ("visit", {"Delmar University": "host", "Corran Labs": "host"})]


def test_an_organisation_that_also_visited_another_place_still_makes_two_visits(nlp):
    body = ("A delegation of Orvik Tech Park visited Delmar University on Thursday. "
            "Orvik Tech Park also visited Corran Labs on Friday.")
    rows = engagements(nlp, body, ["Orvik Tech Park", "Delmar University", "Corran Labs"])
    assert [r for r in rows if r[0] == "visit"] == [
        ("visit", {"Orvik Tech Park": "visitor", "Delmar University": "host"}),
        ("visit", {"Orvik Tech Park": "visitor", "Corran Labs": "host"})]


# ------------------------------------------------------------------ a visit as the setting


def test_a_meeting_held_within_the_framework_of_a_visit_is_a_meeting(nlp):
    # the visit is only where the meeting happened; it used to swallow the meeting and
    # then go as a setting, leaving nothing
    body = ("Within the framework of the state visit of the President of Vestria to Norland, a "
            "meeting with representatives of the Vestrian Agency for Startups was held at the "
            "Norland Ministry of Innovation. Promising areas were discussed.")
    names = ["Vestrian Agency for Startups", "Norland Ministry of Innovation"]
    assert engagements(nlp, body, names) == [
        ("meeting", {"Vestrian Agency for Startups": "participant",
                     "Norland Ministry of Innovation": "participant"})]


def test_a_meeting_on_the_sidelines_of_a_visit_is_a_meeting(nlp):
    body = "On the sidelines of the visit, the Quorvia Foundation met with the Norland Ministry of Innovation."
    assert [t for t, _ in engagements(nlp, body, ["Quorvia Foundation", "Norland Ministry of Innovation"])] \
        == ["meeting"]


# ------------------------------------------------------------------ talks of one organisation


def test_a_presentation_by_one_organisation_alone_is_no_workshop(nlp):
    body = ("The programme of the encounter included a presentation made by Lena Varga, "
            "rector of Delmar University, on regional cooperation.")
    assert engagements(nlp, body, ["Delmar University"]) == []
    body = "Lectures by experts of Corran Labs were part of the curriculum, the dean said."
    assert engagements(nlp, body, ["Corran Labs"]) == []


def test_a_seminar_of_one_organiser_or_presentations_of_several_stay_workshops(nlp):
    body = "Corran Labs held a seminar on drones for local farmers on Monday."
    assert [t for t, _ in engagements(nlp, body, ["Corran Labs"])] == ["workshop"]
    body = ("On Monday, Delmar University and Corran Labs gave presentations on drones "
            "to local farmers.")
    assert [t for t, _ in engagements(nlp, body, ["Delmar University", "Corran Labs"])] == ["workshop"]


# ------------------------------------------------------------------ launches


def test_launching_an_organisation_is_its_opening(nlp):
    body = "The Quorvia University officially launched start-up incubator Norvale Hub on Thursday in Vestria."
    assert engagements(nlp, body, ["Quorvia University", "Norvale Hub"]) == [
        ("other", {"Quorvia University": "organiser", "Norvale Hub": "host"})]
    body = ("A ceremony was held by the Quorvia Hi-tech Park on September 6 to launch the Norvale "
            "Semiconductor Centre.")
    assert engagements(nlp, body, ["Quorvia Hi-tech Park", "Norvale Semiconductor Centre"]) == [
        ("other", {"Quorvia Hi-tech Park": "organiser", "Norvale Semiconductor Centre": "host"})]
    body = ("A ceremony was held by the Quorvia Hi-tech Park on September 6 to launch the Norvale "
            "Semiconductor Centre (NSC).")
    assert [t for t, _ in engagements(nlp, body, ["Quorvia Hi-tech Park", "Norvale Semiconductor Centre",
                                                   "NSC"])] == ["other"]


def test_launching_a_plan_or_a_product_named_after_an_organisation_is_no_opening(nlp):
    body = "Norvale Council joined Quorvia Enterprise in launching the Vestria Region Action Plan."
    assert engagements(nlp, body, ["Norvale Council", "Quorvia Enterprise", "Vestria Region"]) == []
    body = "Quorvia Enterprise launched Norvale Labs's new platform."
    assert engagements(nlp, body, ["Quorvia Enterprise", "Norvale Labs"]) == []
    body = "We welcome tech companies to launch operations at Quorvia Park."
    assert engagements(nlp, body, ["Quorvia Park"]) == []


def test_a_launch_word_does_not_cost_a_programme_launched_together(nlp):
    body = "Quorvia Foundation and Vestria Enterprise are launching a new joint R&D programme."
    assert [t for t, _ in engagements(nlp, body, ["Quorvia Foundation", "Vestria Enterprise"])] == ["programme"]


def test_a_visit_by_the_head_of_an_organisation_named_after_the_place_visited(nlp):
    body = "This follows a visit to Norvale Park in June by the Mayor of Quorvia Metropolitan City."
    assert engagements(nlp, body, ["Norvale Park", "Quorvia Metropolitan City"]) == [
        ("visit", {"Norvale Park": "host", "Quorvia Metropolitan City": "visitor"})]


def test_calling_at_an_organisation_is_a_visit_of_it(nlp):
    body = ("Prime Minister Arno Velt called today at Norvale Engineering City in Yerevan. "
            "The Prime Minister was shown the layout.")
    assert engagements(nlp, body, ["Norvale Engineering City"]) == [
        ("visit", {"Norvale Engineering City": "host"})]
    body = "At the forum, the Quorvia Agency called for more investment in Norvale Park."
    assert engagements(nlp, body, ["Quorvia Agency", "Norvale Park"]) == []


def test_two_pairs_each_running_a_programme_are_two_programmes(nlp):
    body = ("Vestria Enterprise and the Quorvia Foundation are launching a new joint R&D programme. "
            "This is not the first time for the Quorvia Foundation to launch a joint programme with "
            "the Norland government.")
    rows = engagements(nlp, body, ["Vestria Enterprise", "Quorvia Foundation", "Norland government"])
    assert [set(m) for t, m in rows if t == "programme"] == [
        {"Vestria Enterprise", "Quorvia Foundation"}, {"Quorvia Foundation", "Norland government"}]



# ------------------------------------------------------------------ follow-up meetings


def test_further_meetings_planned_are_a_planned_meeting_of_the_same_parties(nlp):
    body = ("On 3 March, Velmora Science Park and Tarsk Innovators held an online meeting "
            "on cooperation in robotics. The parties have further meetings planned in April.")
    rows = engagements(nlp, body, ["Velmora Science Park", "Tarsk Innovators"])
    assert [t for t, _ in rows] == ["meeting", "meeting"]
    assert rows[0][1] == rows[1][1] and len(rows[0][1]) == 2


def test_two_programmes_named_side_by_side_are_two_programmes(nlp):
    body = ("Velmora Science Park and Tarsk Innovators agreed to jointly launch the Velmora Youth "
            "Founders Programme and the Northern Scale-up Acceleration Programme next year.")
    rows = engagements(nlp, body, ["Velmora Science Park", "Tarsk Innovators"])
    assert [t for t, _ in rows] == ["programme", "programme"]
    assert rows[0][1] == rows[1][1] and len(rows[0][1]) == 2


def test_a_meeting_verb_in_capitals_is_an_acronym(nlp):
    body = "Velmora Science Park will build a laboratory on the MET campus with Tarsk University."
    assert engagements(nlp, body, ["Velmora Science Park", "Tarsk University"]) == []


def test_a_meeting_where_something_was_announced_is_only_its_setting(nlp):
    body = ("The grant, which was announced at Monday's Velmora Council Finance Committee meeting, "
            "will give Tarsk Innovators $200,000 a year.")
    assert engagements(nlp, body, ["Velmora Council", "Tarsk Innovators"]) == []


def test_the_trip_of_a_witness_of_a_signing_is_no_visit(nlp):
    body = ("Velmora Science Park and Tarsk Innovators signed a memorandum on Friday. The signing "
            "was witnessed by Jan Kor, head of Norvalia Trade Ministry, who is on a visit to Brenn "
            "and Kasp from 11 to 13 July.")
    assert [t for t, _ in engagements(nlp, body, ["Velmora Science Park", "Tarsk Innovators",
                                                  "Norvalia Trade Ministry"])] == []


def test_a_readiness_to_run_joint_initiatives_is_no_programme(nlp):
    body = ("Velmora Science Park representatives expressed their readiness to implement joint "
            "initiatives with Tarsk Innovators and Brenn University in research.")
    assert engagements(nlp, body, ["Velmora Science Park", "Tarsk Innovators", "Brenn University"]) == []


def test_a_conference_dedicated_to_a_joint_project_is_a_forum_and_the_project(nlp):
    body = ("This was said by the deputy minister at the conference dedicated to the completion of "
            "the joint training project implemented between Velmora Science Park and Tarsk Innovators "
            "on 27 September.")
    rows = engagements(nlp, body, ["Velmora Science Park", "Tarsk Innovators"])
    assert sorted(t for t, _ in rows) == ["forum", "programme"]


# ------------------------------------------------------------------ people named after a title


def _sentence(index: int, text: str, mentions: list[tuple[int, str]], persons: list[str]):
    from pipeline.extract import event_context as ctx
    s = ctx.Sentence(index, 0, len(text), text, 0)
    for entity, surface in mentions:
        a = text.index(surface)
        s.mentions.append(ctx.SentMention(entity, a, a + len(surface), surface))
    for name in persons:
        a = text.index(name)
        s.persons.append((a, a + len(name), name))
    s.mask()
    return s


def test_a_name_right_after_a_title_mention_acts_for_it_when_the_article_names_the_person():
    # NER read "Minister of Digital Affairs Aldo Brenner" as one organisation: the name is
    # a PERSON only where the article names the man again
    from pipeline.extract import event_context as ctx
    sents = [
        _sentence(0, "Vestrian Minister of Digital Affairs Aldo Brenner paid a working visit to Norvale.",
                  [(0, "Minister of Digital Affairs")], []),
        _sentence(1, "There Aldo Brenner held meetings with the Caspian Telecom Union.",
                  [(1, "Caspian Telecom Union")], ["Aldo Brenner"]),
    ]
    assert ctx.person_affiliations(sents) == {"brenner": 0}


def test_capitalised_words_after_a_mention_are_no_person_the_article_does_not_name():
    from pipeline.extract import event_context as ctx
    sents = [
        _sentence(0, "The Quorvia Park Innovation Week opened on Monday.", [(0, "Quorvia Park")], []),
        _sentence(1, "Aldo Brenner spoke there.", [], ["Aldo Brenner"]),
    ]
    assert ctx.person_affiliations(sents) == {}


def test_a_visitor_meets_a_counterpart_named_with_its_countrys_possessive(nlp):
    body = ("On 4 March, Vestria's Ministry of Foreign Affairs visited the Norvale Technopark to meet "
            "with Quorvia's Ministry of Trade.")
    rows = engagements(nlp, body, ["Ministry of Foreign Affairs", "Norvale Technopark", "Ministry of Trade"])
    assert ("meeting", {"Ministry of Foreign Affairs": "participant", "Ministry of Trade": "participant"}) in rows


# ------------------------------------------------------------------ lone meeting names


def test_a_meeting_whose_only_name_is_the_place_met_in_is_no_row(nlp):
    body = "The founders are in Darrow Valley Hub, Ontario, to meet with venture capitalists."
    assert engagements(nlp, body, ["Darrow Valley Hub"]) == []


def test_a_meeting_whose_only_name_is_in_a_persons_title_is_no_row(nlp):
    body = ("The minister will also meet with Velmar's president, Ivo Drent, and the "
            "chairman of Velmar's Senate, Oskar Brinn.")
    assert engagements(nlp, body, ["Senate"]) == []


def test_a_lone_organisation_named_as_the_side_that_met_is_still_a_meeting(nlp):
    body = "Brisk Labs held meetings with 12 investors in March to raise its first round."
    assert engagements(nlp, body, ["Brisk Labs"]) == [("meeting", {"Brisk Labs": "participant"})]


# ------------------------------------------------------------------ a place visited named by a description


def test_a_visit_to_a_described_park_goes_to_the_park_named_before(nlp):
    body = ("Velmora Science Park and Drisk Technology Park signed a memorandum on Monday. "
            "The delegation visited the largest science and technology park in Norland on the same day.")
    rows = engagements(nlp, body, ["Velmora Science Park", "Drisk Technology Park"])
    assert ("visit", {"Drisk Technology Park": "host"}) in rows


def test_a_visit_to_the_hub_goes_to_the_one_organisation_of_the_sentence_before(nlp):
    body = ("Norcom in Lakeview has been open since 2001 and has helped hundreds of start-ups. "
            "Minister Arno Velt visited the hub on Friday and praised its founders.")
    assert engagements(nlp, body, ["Norcom"]) == [("visit", {"Norcom": "host"})]


# ------------------------------------------------------------------ members of a body that meets


def test_the_members_a_council_comprises_join_its_meeting(nlp):
    body = ("A Delta Council for Digital Trade was set up at the Ministry of Harbours, which hosted "
            "its first meeting on 3 May. The council comprises delegates of the Orvane Bank, "
            "Brisk Labs and the Quorvia Chamber of Commerce.")
    names = ["Delta Council for Digital Trade", "Ministry of Harbours", "Orvane Bank", "Brisk Labs",
             "Quorvia Chamber of Commerce"]
    rows = engagements(nlp, body, names)
    assert [t for t, _ in rows] == ["meeting"]
    assert set(rows[0][1]) == set(names)


def test_those_taking_part_in_the_session_of_a_commission_join_its_meeting(nlp):
    body = ("The accord was signed during the third meeting of the Vestria-Quorvia Commission in Darrow. "
            "Taking part in the session of the commission were the Orvane Bank, the Ministry "
            "of Harbours and Brisk Labs.")
    names = ["Vestria-Quorvia Commission", "Orvane Bank", "Ministry of Harbours", "Brisk Labs"]
    rows = engagements(nlp, body, names)
    meetings = [m for t, m in rows if t == "meeting"]
    assert len(meetings) == 1 and set(meetings[0]) == set(names)


def test_a_membership_sentence_after_no_meeting_of_that_body_adds_nothing(nlp):
    body = ("Brisk Labs met the Orvane Bank on 3 May. The board comprises delegates of the "
            "Ministry of Harbours.")
    rows = engagements(nlp, body, ["Brisk Labs", "Orvane Bank", "Ministry of Harbours"])
    assert all("Ministry of Harbours" not in m for _, m in rows)


def test_members_of_a_commission_the_extractor_did_not_name_still_make_its_meeting(nlp):
    body = ("The accord was signed during the third meeting of the Vestrian-Quorvian trade commission "
            "in Darrow. Taking part in the session of the commission were the Orvane Bank, "
            "the Ministry of Harbours and Brisk Labs.")
    names = ["Orvane Bank", "Ministry of Harbours", "Brisk Labs"]
    rows = engagements(nlp, body, names)
    assert ("meeting", {n: "participant" for n in names}) in rows


def test_a_meeting_a_reported_accord_was_signed_at_is_a_meeting_of_its_parties(nlp):
    body = ("Brisk Labs and the Orvane Bank signed a memorandum of understanding on 3 May. "
            "The memorandum was signed at the Vestria-Quorvia trade committee meeting held in Darrow.")
    rows = engagements(nlp, body, ["Brisk Labs", "Orvane Bank"])
    assert ("meeting", {"Brisk Labs": "participant", "Orvane Bank": "participant"}) in rows
