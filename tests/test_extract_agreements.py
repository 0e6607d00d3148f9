"""Agreement dates told outside the agreement's own sentences (events._setting_date),
on invented press items. Organisations are given by name, as in test_extract_events."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract import ArticleInput
from pipeline.extract.events import find_agreements
from pipeline.extract.nlp import load_nlp
from tests.test_extract_events import orgs_by_name


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def agreements(nlp, body: str, names: list[str], published: dt.date | None = None):
    art = ArticleInput(article_id="t", body=body, published_date=published)
    orgs, mentions = orgs_by_name(body, names)
    return orgs, find_agreements(nlp(body), art, orgs, mentions)


def only(orgs, ags):
    assert len(ags) == 1, ags
    return ags[0], {orgs[m.entity].name for m in ags[0].parties}


MEETING = ("On 12 March 2024, the Baltic Innovation Council held its annual board meeting "
           "at the campus of Riga North University.\n\n"
           "The main item on the agenda of the meeting was the signing of a cooperation "
           "agreement between Daugava Tech Park and Lakeside Robotics Cluster.")
NAMES = ["Baltic Innovation Council", "Riga North University", "Daugava Tech Park",
         "Lakeside Robotics Cluster"]


def test_a_signing_on_the_agenda_of_a_dated_meeting_takes_the_meetings_date(nlp):
    orgs, ags = agreements(nlp, MEETING, NAMES)
    a, parties = only(orgs, ags)
    assert parties == {"Daugava Tech Park", "Lakeside Robotics Cluster"}
    assert a.signed_date == dt.date(2024, 3, 12)


def test_without_a_back_reference_to_the_occasion_the_earlier_date_is_not_taken(nlp):
    body = MEETING.replace("The main item on the agenda of the meeting was the signing of",
                           "Separately, Daugava Tech Park has signed")
    body = body.replace("agreement between Daugava Tech Park and", "agreement with")
    orgs, ags = agreements(nlp, body, NAMES)
    a, parties = only(orgs, ags)
    assert parties == {"Daugava Tech Park", "Lakeside Robotics Cluster"}
    assert a.signed_date is None


def test_a_signing_witnessed_at_a_dated_meeting_takes_its_date(nlp):
    body = ("On April 3rd 2019, the governor of Oruro met the visiting minister of "
            "industry at the regional parliament.\n\n"
            "Altiplano Software Park and Andes Digital Agency signed a memorandum of "
            "understanding on start-up exchange in the presence of both.")
    orgs, ags = agreements(nlp, body, ["Altiplano Software Park", "Andes Digital Agency"])
    a, parties = only(orgs, ags)
    assert parties == {"Altiplano Software Park", "Andes Digital Agency"}
    assert a.signed_date == dt.date(2019, 4, 3)


def test_the_memorandum_announced_on_a_date_is_signed_on_that_date(nlp):
    body = ("Two countries are bringing their start-up scenes closer with the announcement "
            "on 7 October 2021 of a new memorandum of understanding.\n\n"
            "Coral Coast Innovation Hub and Harbour City Tech Park signed the memorandum "
            "to widen soft-landing services for start-ups.")
    names = ["Coral Coast Innovation Hub", "Harbour City Tech Park"]
    orgs, ags = agreements(nlp, body, names)
    a, parties = only(orgs, ags)
    assert parties == set(names)
    assert a.signed_date == dt.date(2021, 10, 7)


def test_a_later_occasion_date_than_the_report_is_not_a_signing_date(nlp):
    body = ("The regional council will hold its innovation forum on 20 May 2025.\n\n"
            "During the forum, Delta Science Park and Upland IT Cluster signed a "
            "memorandum of understanding.")
    orgs, ags = agreements(nlp, body, ["Delta Science Park", "Upland IT Cluster"],
                           published=dt.date(2025, 5, 2))
    a, _ = only(orgs, ags)
    assert a.signed_date is None


def test_counted_memoranda_listed_in_the_next_sentence_are_one_per_counterpart(nlp):
    """A context organisation before the signatory ("As part of the X network, Y signed
    four MoUs ... They are: ...") is not a signatory: Y signs one MoU with each."""
    body = ("As part of the Mekong Startup Alliance network, Danube Polytechnic also signed "
            "four MoUs with local start-ups.\n"
            "They are: Orbit Labs, a venture builder; Kite Analytics, a data school; "
            "Nimbus Robotics; and Pebble Ventures.\n")
    names = ["Mekong Startup Alliance", "Danube Polytechnic", "Orbit Labs", "Kite Analytics",
             "Nimbus Robotics", "Pebble Ventures"]
    orgs, ags = agreements(nlp, body, names)
    pairs = sorted(tuple(sorted(orgs[m.entity].name for m in a.parties)) for a in ags)
    assert pairs == sorted(tuple(sorted(("Danube Polytechnic", o)))
                           for o in ("Orbit Labs", "Kite Analytics", "Nimbus Robotics", "Pebble Ventures"))


def test_coordinated_signatories_of_counted_memoranda_are_not_split_by_a_list(nlp):
    body = ("Danube Polytechnic and Mekong Startup Alliance signed four MoUs with local "
            "start-ups.\n"
            "They are: Orbit Labs; Kite Analytics; Nimbus Robotics; and Pebble Ventures.\n")
    names = ["Mekong Startup Alliance", "Danube Polytechnic", "Orbit Labs", "Kite Analytics",
             "Nimbus Robotics", "Pebble Ventures"]
    orgs, ags = agreements(nlp, body, names)
    assert not any({orgs[m.entity].name for m in a.parties} == {"Danube Polytechnic", "Orbit Labs"}
                   for a in ags)


def test_memoranda_whose_counterparts_a_later_sentence_spells_out_are_one_each(nlp):
    body = ("During the business forum, Gulf Science Park signed memorandums of "
            "understanding with three leading European institutions.\n\n"
            "The MoUs were signed between Gulf Science Park and Alpine Robotics Hub, a "
            "research campus; Baltic Data Foundation, a non-profit; and Iberia Venture Lab, "
            "an accelerator.\n")
    names = ["Gulf Science Park", "Alpine Robotics Hub", "Baltic Data Foundation",
             "Iberia Venture Lab"]
    orgs, ags = agreements(nlp, body, names)
    pairs = sorted(tuple(sorted(orgs[m.entity].name for m in a.parties)) for a in ags)
    assert pairs == sorted(tuple(sorted(("Gulf Science Park", o)))
                           for o in ("Alpine Robotics Hub", "Baltic Data Foundation", "Iberia Venture Lab"))


def test_the_reports_dateline_is_not_borrowed_as_the_signing_date(nlp):
    body = ("ROME, (Newswire - 25th Feb, 2025) As part of the state visit to Italy, Orchard "
            "Tech Park signed a memorandum of understanding with Lagoon Innovation Agency. "
            "The memorandum covers start-up exchange.\n")
    orgs, ags = agreements(nlp, body, ["Orchard Tech Park", "Lagoon Innovation Agency"],
                           published=dt.date(2025, 2, 25))
    a, parties = only(orgs, ags)
    assert parties == {"Orchard Tech Park", "Lagoon Innovation Agency"}
    assert a.signed_date is None


def test_a_counted_group_of_signatories_named_in_the_next_sentence_signs_too(nlp):
    body = ("A memorandum of understanding between Coastal Enterprise Authority, Northern "
            "Education Commission and three universities was signed at a ceremony in the "
            "capital.\n\n"
            "The universities include Pine Valley University, Ridge Technical University and "
            "Harbor Institute of Management.\n")
    names = ["Coastal Enterprise Authority", "Northern Education Commission",
             "Pine Valley University", "Ridge Technical University", "Harbor Institute of Management"]
    orgs, ags = agreements(nlp, body, names)
    _, parties = only(orgs, ags)
    assert parties == set(names)


CONSORTIUM = ("Norland Digital Agency has signed an agreement with a Nordic consortium for "
              "the building of the Capital Startup Hub.\n\n"
              "The consortium comprises Alder Consultants Global Co., Ltd., Birch Consulting "
              "Inc., and Cedar Engineering Co., Ltd., all of whom were engaged by the Eastern "
              "Cooperation Agency, which finances the project.\n")
CONSORTIUM_NAMES = ["Norland Digital Agency", "Alder Consultants Global Co., Ltd.",
                    "Birch Consulting Inc.", "Cedar Engineering Co., Ltd.",
                    "Eastern Cooperation Agency"]


def test_the_members_a_later_sentence_gives_a_signing_consortium_sign_too(nlp):
    orgs, ags = agreements(nlp, CONSORTIUM, CONSORTIUM_NAMES)
    _, parties = only(orgs, ags)
    # the list after "comprises" only: the agency that engaged them is no signatory
    assert parties == set(CONSORTIUM_NAMES[:4])


def test_a_consortium_sentence_about_something_else_adds_no_parties(nlp):
    body = CONSORTIUM.replace("The consortium comprises", "The consortium praised")
    orgs, ags = agreements(nlp, body, CONSORTIUM_NAMES)
    _, parties = only(orgs, ags)
    assert parties == {"Norland Digital Agency"}


def test_a_list_of_other_things_after_a_count_adds_no_parties(nlp):
    body = ("Coastal Enterprise Authority and Northern Education Commission signed a "
            "memorandum of understanding covering three programmes.\n\n"
            "The universities include Pine Valley University and Ridge Technical University.\n")
    names = ["Coastal Enterprise Authority", "Northern Education Commission",
             "Pine Valley University", "Ridge Technical University"]
    orgs, ags = agreements(nlp, body, names)
    _, parties = only(orgs, ags)
    assert parties == {"Coastal Enterprise Authority", "Northern Education Commission"}


# ---------------------------------------------------------------- one signing of several
# documents with counterparts left unnamed (events._one_signing_of_many)

def test_documents_signed_with_unnamed_counterparts_are_one_agreement_of_the_signatory(nlp):
    body = ("Northgate Science Park signed cooperation agreements with seven overseas "
            "incubators at its annual partners' day.")
    orgs, ags = agreements(nlp, body, ["Northgate Science Park"])
    a, parties = only(orgs, ags)
    assert parties == {"Northgate Science Park"}
    assert a.agreement_type == "cooperation_agreement" and a.status == "signed"


def test_a_running_tally_of_documents_is_no_agreement(nlp):
    body = ("Northgate Science Park has signed cooperation agreements with seven overseas "
            "incubators since 2015.")
    _, ags = agreements(nlp, body, ["Northgate Science Park"])
    assert ags == []


def test_similar_documents_named_in_passing_are_no_agreement(nlp):
    body = "Northgate Science Park signed similar memoranda with parks in three countries."
    _, ags = agreements(nlp, body, ["Northgate Science Park"])
    assert ags == []


@pytest.mark.parametrize("verb", ["exchanged", "put pen to paper on", "penned"])
def test_exchanging_or_penning_a_memorandum_is_signing_it(nlp, verb):
    body = f"Eastbay Tech Park and Coral Coast Cluster {verb} a memorandum of understanding on Monday."
    orgs, ags = agreements(nlp, body, ["Eastbay Tech Park", "Coral Coast Cluster"],
                           dt.date(2024, 5, 8))   # a Wednesday
    a, parties = only(orgs, ags)
    assert parties == {"Eastbay Tech Park", "Coral Coast Cluster"}
    assert a.status == "signed" and a.signed_date == dt.date(2024, 5, 6)


def test_a_later_sentence_set_at_a_dated_occasion_dates_the_agreement(nlp):
    # the first report of the signing has no date; a later one is set "during the forum",
    # which the sentence before it dates
    body = ("Harbourside Hub, Delta Data Exchange and Orbit Telecom signed a memorandum on "
            "data services.\n\n"
            "Harbourside Hub hosted the Data Futures Forum today. During the forum, Harbourside "
            "Hub, Delta Data Exchange and Orbit Telecom signed a memorandum of understanding.")
    names = ["Harbourside Hub", "Delta Data Exchange", "Orbit Telecom"]
    orgs, ags = agreements(nlp, body, names, dt.date(2025, 7, 17))
    a, parties = only(orgs, ags)
    assert parties == set(names)
    assert a.signed_date == dt.date(2025, 7, 17)


def test_plural_documents_with_a_complement_are_one_per_counterpart(nlp):
    # "agreements of collaboration" / "memoranda of understanding" count as plural nouns
    body = ("Riverbend Innovation Agency last year signed agreements of collaboration with "
            "Northfield Science Park and Lakeshore Digital Hub.")
    names = ["Riverbend Innovation Agency", "Northfield Science Park", "Lakeshore Digital Hub"]
    orgs, ags = agreements(nlp, body, names)
    assert sorted(sorted(orgs[m.entity].name for m in a.parties) for a in ags) == [
        ["Lakeshore Digital Hub", "Riverbend Innovation Agency"],
        ["Northfield Science Park", "Riverbend Innovation Agency"]]


NEXT_NAMES = ["Harbour Start-up Factory", "Valley Innovation Agency"]


def test_signatories_left_unnamed_are_taken_from_the_next_sentence(nlp):
    body = ("The two largest start-up programmes of the region have signed a memorandum of "
            "cooperation.\n\n"
            "Harbour Start-up Factory director Ana Lopes and Valley Innovation Agency chair "
            "Omar Haddad aim to help start-ups become profitable sooner.")
    orgs, ags = agreements(nlp, body, NEXT_NAMES)
    a, parties = only(orgs, ags)
    assert parties == set(NEXT_NAMES) and a.status == "signed"


def test_an_agreement_entering_into_force_takes_no_parties_from_the_next_sentence(nlp):
    body = ("With the regional trade agreement entering into force, business is expected to grow.\n\n"
            "Harbour Start-up Factory and Valley Innovation Agency have run joint events for years.")
    _, ags = agreements(nlp, body, NEXT_NAMES)
    assert ags == []


def test_the_two_ministers_sign_for_the_ministries_the_sentence_before_names(nlp):
    body = ("On 14 October 2020, Norland's Minister of Trade Elsa Berg visited Fjord Tech "
            "Park to meet Sudland's Minister of Industry Marco Ricci at the joint council.\n"
            "The two ministers signed a protocol at the end of the session.")
    names = ["Minister of Trade", "Fjord Tech Park", "Minister of Industry"]
    orgs, ags = agreements(nlp, body, names)
    a, parties = only(orgs, ags)
    assert parties == {"Minister of Trade", "Minister of Industry"}
    assert a.signed_date == dt.date(2020, 10, 14)


def test_the_two_parties_are_the_ones_named_before_not_the_scene_setting_after(nlp):
    body = ("Lagoon Development Board and Coastline Infrastructure Fund have decided to create "
            "a joint venture to build the Lagoon Tech City.\n\n"
            "On 27 August 2019, the two parties signed a joint development agreement to this "
            "effect, following a pledge made by Continental Investment Bank in 2018.")
    names = ["Lagoon Development Board", "Coastline Infrastructure Fund", "Continental Investment Bank"]
    orgs, ags = agreements(nlp, body, names)
    a, parties = only(orgs, ags)
    assert parties == {"Lagoon Development Board", "Coastline Infrastructure Fund"}
    assert a.signed_date == dt.date(2019, 8, 27)


def test_the_parties_signing_with_a_named_organisation_keep_it(nlp):
    body = ("Lagoon Development Board and Coastline Infrastructure Fund met last week.\n\n"
            "On 27 August 2019, the two parties signed an agreement with Continental "
            "Investment Bank.")
    names = ["Lagoon Development Board", "Coastline Infrastructure Fund", "Continental Investment Bank"]
    orgs, ags = agreements(nlp, body, names)
    a, parties = only(orgs, ags)
    assert "Continental Investment Bank" in parties


OCCASION = ("Sofia North Park and Tashkent Valley Park will cooperate on start-ups.\n\n"
            "The memorandum between Sofia North Park and Tashkent Valley Park has been signed "
            "by their directors. The delegation visited Sofia North Park on September 12th "
            "during the intergovernmental commission.")
OCCASION_NAMES = ["Sofia North Park", "Tashkent Valley Park"]


def test_the_next_sentence_about_the_occasion_dates_a_signing_without_a_date(nlp):
    orgs, ags = agreements(nlp, OCCASION, OCCASION_NAMES, dt.date(2019, 9, 13))
    a, parties = only(orgs, ags)
    assert parties == set(OCCASION_NAMES)
    assert a.signed_date == dt.date(2019, 9, 12)


def test_a_date_in_the_next_paragraph_does_not_date_the_signing(nlp):
    body = OCCASION.replace(" The delegation visited", "\n\nThe delegation visited")
    orgs, ags = agreements(nlp, body, OCCASION_NAMES, dt.date(2019, 9, 13))
    a, _ = only(orgs, ags)
    assert a.signed_date is None


# ------------------------------------------------ parties the text rules out


def test_an_opening_presence_phrase_ends_at_its_comma(nlp):
    body = ("In the presence of the Norland Ministry of Industry, Alder Tech Park and Birch "
            "University signed a memorandum of understanding on joint research.")
    orgs, ags = agreements(nlp, body, ["Norland Ministry of Industry", "Alder Tech Park",
                                       "Birch University"])
    _, parties = only(orgs, ags)
    assert parties == {"Alder Tech Park", "Birch University"}


def test_witnesses_and_purpose_objects_are_no_parties():
    from pipeline.extract.events import non_parties
    assert non_parties("ORG0 and ORG1 signed a memorandum to establish the ORG2 .") == {2}
    assert non_parties("ORG0 signed an agreement for the development of the ORG1 project.") == {1}
    assert non_parties("ORG0 signed a MoU with ORG1 to help firms access markets in the ORG2 (ORG3).") == {2, 3}
    assert non_parties("The agreement was signed by ORG0 and ORG1, and was witnessed by "
                       "the President of ORG2, Ann Lee.") == {2}
    # a counterpart after "with" is a party, even inside a purpose clause
    assert non_parties("ORG0 signed an agreement to set up a joint venture with ORG1.") == set()
    assert non_parties("In the presence of ORG0, ORG1 and ORG2 signed a memorandum.") == {0}


def test_the_member_model_adds_no_witness_to_the_rules_parties():
    from pipeline.learn.apply import Models, RuleOutput, Sent, with_members
    from pipeline.learn.linear import LinearModel
    from pipeline.models import LocalAgreement, LocalOrg, Member
    text = ("Alder Tech Park signed the agreement with Birch University, witnessed by "
            "the Norland Ministry of Industry.")
    names = ["Alder Tech Park", "Birch University", "Norland Ministry of Industry"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    ro = RuleOutput(orgs=[LocalOrg(name=n) for n in names], mentions=[], org_feats=[{}] * 3,
                    agreements=[], engagements=[], sents=[Sent(0, len(text), text, [0, 1, 2], spans)])
    ag = LocalAgreement("cooperation_agreement", "signed", [Member(0, "party"), Member(1, "party")], text)
    yes = LinearModel(classes=["0", "1"], intercept=[5.0], weights={})  # every candidate a member
    models = Models(agreement_member=yes, thresholds={"agreement_member": 0.5})
    out = with_members("agreement", ag, ro, models, [0.9] * 3, [True] * 3)
    assert {m.entity for m in out.parties} == {0, 1}


def test_the_speaker_reporting_a_signing_after_its_clause_is_no_party(nlp):
    body = ("Alder Investment Company and the Lumo platform have signed a memorandum of "
            "understanding, Norland's Economy Minister Piotr Kowal wrote on his page.")
    orgs, ags = agreements(nlp, body, ["Alder Investment Company", "Economy Minister"])
    _, parties = only(orgs, ags)
    assert parties == {"Alder Investment Company"}
    # alone, the speaker's organisation stays (it may be the one that signed)
    body = body.replace("Alder Investment Company and the Lumo platform have", "We have")
    orgs, ags = agreements(nlp, body, ["Alder Investment Company", "Economy Minister"])
    _, parties = only(orgs, ags)
    assert parties == {"Economy Minister"}


# ------------------------------------------------ signing words and documents


def test_striking_an_agreement_is_signing_it(nlp):
    body = "The Tarn Digital Agency struck an agreement with Birch University and Alder Cloud Ltd today."
    orgs, ags = agreements(nlp, body, ["Tarn Digital Agency", "Birch University", "Alder Cloud Ltd"],
                           dt.date(2024, 5, 3))
    a, parties = only(orgs, ags)
    assert parties == {"Tarn Digital Agency", "Birch University", "Alder Cloud Ltd"}
    assert a.status == "signed" and a.signed_date == dt.date(2024, 5, 3)


def test_strategic_partnerships_signed_with_several_are_one_agreement_each(nlp):
    body = "Tarn Innovation has also signed strategic partnerships with Alder Labs, Birch Robotics and Cedar Institute."
    names = ["Tarn Innovation", "Alder Labs", "Birch Robotics", "Cedar Institute"]
    orgs, ags = agreements(nlp, body, names)
    assert sorted(sorted(orgs[m.entity].name for m in a.parties) for a in ags) == [
        ["Alder Labs", "Tarn Innovation"], ["Birch Robotics", "Tarn Innovation"],
        ["Cedar Institute", "Tarn Innovation"]]
    assert {a.agreement_type for a in ags} == {"cooperation_agreement"}
    # a partnership nobody signs is no document
    orgs, ags = agreements(nlp, "The latest step is a strategic partnership between Alder Labs and Birch Robotics.",
                           names)
    assert ags == []



def test_the_member_model_adds_nobody_to_a_signing_by_the_two_ministers():
    from pipeline.learn.apply import Models, RuleOutput, Sent, with_members
    from pipeline.learn.linear import LinearModel
    from pipeline.models import LocalAgreement, LocalOrg, Member
    first = ("Norland's Minister of Trade Ana Berg visited Alder Tech Park to meet Sudland's "
             "Minister of Industry Marco Ricci.")
    second = "The two ministers signed a protocol at the end of the session."
    names = ["Minister of Trade", "Alder Tech Park", "Minister of Industry"]
    spans = [(first.index(n), first.index(n) + len(n)) for n in names]
    ro = RuleOutput(orgs=[LocalOrg(name=n) for n in names], mentions=[], org_feats=[{}] * 3,
                    agreements=[], engagements=[],
                    sents=[Sent(0, len(first), first, [0, 1, 2], spans),
                           Sent(len(first) + 1, len(first) + 1 + len(second), second, [], [])])
    ag = LocalAgreement("other", "signed", [Member(0, "party"), Member(2, "party")], first + " " + second)
    yes = LinearModel(classes=["0", "1"], intercept=[5.0], weights={})  # every candidate a member
    models = Models(agreement_member=yes, thresholds={"agreement_member": 0.5})
    out = with_members("agreement", ag, ro, models, [0.9] * 3, [True] * 3)
    assert {m.entity for m in out.parties} == {0, 2}


def test_a_dateline_after_a_header_line_dates_only_the_report(nlp):
    # the dateline starts its own line under a page header in the same paragraph; its
    # weekday and the announcement's "on Tuesday" date the report, not the signing
    body = ("Reading time: 3 minute(s)\n\nVilnius, 2 February 2021 Tuesday (Newswire) – Amber "
            "Tech Park and Baltic Patent Agency entered into a cooperation agreement, the "
            "deputy minister announced at a press conference on Tuesday.\n")
    orgs, ags = agreements(nlp, body, ["Amber Tech Park", "Baltic Patent Agency"],
                           published=dt.date(2021, 2, 2))
    a, parties = only(orgs, ags)
    assert parties == {"Amber Tech Park", "Baltic Patent Agency"}
    assert a.signed_date is None


def test_a_signing_date_after_an_announcement_verb_still_counts(nlp):
    body = ("Amber Tech Park announced that it signed a cooperation agreement with Baltic "
            "Patent Agency on 28 January 2021.\n")
    orgs, ags = agreements(nlp, body, ["Amber Tech Park", "Baltic Patent Agency"],
                           published=dt.date(2021, 2, 2))
    a, _ = only(orgs, ags)
    assert a.signed_date == dt.date(2021, 1, 28)


# --------------------------------------------------------------- loans (events._loan_frame)

LOAN_NAMES = ["Nordic Development Fund", "Harbour Science Park", "Coastal Incubator"]


@pytest.mark.parametrize("sentence,status", [
    ("The Nordic Development Fund has agreed to lend EUR 20 million to the region's new "
     "research campus Harbour Science Park.", "signed"),
    ("The Nordic Development Fund will provide Harbour Science Park with a EUR 20 million "
     "loan.", "planned"),
    # a word with a dot the organisation extractor left out ("Park Lab.One") is no stop
    ("The Nordic Development Fund will provide the Harbour Science Park Lab.One with a "
     "EUR 20 million loan.", "planned"),
    ("The Nordic Development Fund granted a loan of EUR 20 million to Harbour Science "
     "Park last week.", "signed"),
])
def test_a_loan_from_one_organisation_to_another_is_a_grant_agreement(nlp, sentence, status):
    orgs, ags = agreements(nlp, sentence + "\n", LOAN_NAMES)
    a, parties = only(orgs, ags)
    assert parties == {"Nordic Development Fund", "Harbour Science Park"}
    assert a.agreement_type == "grant_agreement"
    assert a.status == status


def test_loans_offered_to_no_named_borrower_or_refused_are_no_agreement(nlp):
    body = ("The Nordic Development Fund provides loans and equity to young companies. "
            "Harbour Science Park said the Nordic Development Fund did not lend money to "
            "Coastal Incubator.\n")
    _, ags = agreements(nlp, body, LOAN_NAMES)
    assert ags == []


# ------------------------------------ countries as counterparts (events._per_country)

def test_memoranda_with_two_countries_are_two_agreements_of_the_one_named_party(nlp):
    body = ("Harbour Science Park exchanged memoranda of understanding with Belgium and "
            "Australia to open start-up desks in both countries.\n")
    orgs, ags = agreements(nlp, body, ["Harbour Science Park"])
    assert len(ags) == 2
    assert all({orgs[m.entity].name for m in a.parties} == {"Harbour Science Park"} for a in ags)


def test_memoranda_with_named_organisations_of_two_countries_stay_as_they_were(nlp):
    body = ("Harbour Science Park exchanged memoranda of understanding with Belgium and "
            "the Nordic Development Fund to open start-up desks.\n")
    orgs, ags = agreements(nlp, body, ["Harbour Science Park", "Nordic Development Fund"])
    assert len(ags) == 1


def test_a_venue_with_its_short_name_after_the_signatories_is_no_party(nlp):
    body = ("The agreement was signed by Fennmark Growth Board and Tallow Valley Council "
            "at a ceremony held today at the Orrin Materials Centre (OMC) at The Vellport Institute.")
    orgs, ags = agreements(nlp, body, ["Fennmark Growth Board", "Tallow Valley Council",
                                       "Orrin Materials Centre", "OMC", "Vellport Institute"],
                           dt.date(2024, 5, 3))
    _, parties = only(orgs, ags)
    assert parties == {"Fennmark Growth Board", "Tallow Valley Council"}


def test_the_document_named_by_its_parties_describes_the_signing_reported_before(nlp):
    body = ("Tallow Valley has taken a step forward with the signing of an agreement with "
            "the national innovation agency, Fennmark Research Agency.\n\n"
            "The Memorandum of Understanding (MoU) between Tallow Valley Council and "
            "Fennmark Research Agency commits the parties to closer collaboration.")
    orgs, ags = agreements(nlp, body, ["Fennmark Research Agency", "Tallow Valley Council"])
    a, parties = only(orgs, ags)
    assert parties == {"Fennmark Research Agency", "Tallow Valley Council"}
    assert a.agreement_type == "memorandum_of_understanding"
    # with no signing reported, the description alone is no agreement
    orgs, ags = agreements(nlp, body.split("\n\n")[1], ["Fennmark Research Agency", "Tallow Valley Council"])
    assert ags == []


def test_an_organisation_qualifying_a_counterparts_description_is_no_counterpart(nlp):
    body = ("Tallow Valley Council has also signed strategic partnerships with Orrin Labs "
            "and Birchfield, the Fennmark research institute specialising in soils.")
    orgs, ags = agreements(nlp, body, ["Tallow Valley Council", "Orrin Labs", "Birchfield", "Fennmark"])
    assert sorted(sorted(orgs[m.entity].name for m in a.parties) for a in ags) == [
        ["Birchfield", "Tallow Valley Council"], ["Orrin Labs", "Tallow Valley Council"]]


def test_a_number_of_documents_signed_by_the_same_parties_is_one_agreement_each(nlp):
    names = ["Norland Transport Board", "Estmark Innovation Agency"]
    body = ("The Norland Transport Board, led by Ola Berg, and the Estmark Innovation Agency, "
            "represented by Kaia Lumi, signed three memoranda of understanding on Monday.")
    orgs, ags = agreements(nlp, body, names)
    assert [sorted(orgs[m.entity].name for m in a.parties) for a in ags] == [sorted(names)] * 3
    # documents referred back to, or counted in a running tally, stay one agreement
    for other in ("Norland Transport Board and Estmark Innovation Agency signed these two "
                  "memoranda on Monday.",
                  "Norland Transport Board and Estmark Innovation Agency have signed three "
                  "memoranda so far.",
                  "Norland Transport Board and Estmark Innovation Agency, which signed two "
                  "agreements in 2019, have now signed a memorandum."):
        orgs, ags = agreements(nlp, other, names)
        assert len(ags) <= 1, ags
