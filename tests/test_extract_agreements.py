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
